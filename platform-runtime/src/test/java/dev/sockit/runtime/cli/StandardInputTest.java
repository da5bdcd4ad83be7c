package dev.sockit.runtime.cli;

import dev.sockit.api.BadRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Standard input told apart from {@code /proc/self/fd/0}-like links made in a temp directory, pointing where the
 * kernel's do; and what {@code analyze -} and {@code explain -} make of each kind.
 */
class StandardInputTest {

    @TempDir
    Path dir;

    private StandardInput linkTo(String target, Path... own) throws IOException {
        Path fd0 = Files.createSymbolicLink(dir.resolve("0"), Path.of(target));
        return StandardInput.inspect(fd0, true, false, List.of(own));
    }

    @Test
    void a_missing_fd_0_is_closed() {
        StandardInput in = StandardInput.inspect(dir.resolve("0"), true, false, List.of());
        assertEquals(StandardInput.Kind.CLOSED, in.kind());
    }

    @Test
    void an_anonymous_pipe_is_a_pipe_read_through_the_link() throws IOException {
        StandardInput in = linkTo("pipe:[4242]");
        assertEquals(StandardInput.Kind.PIPE, in.kind());
        assertEquals(dir.resolve("0"), in.path());
    }

    @Test
    void a_socket_is_refused() throws IOException {
        assertEquals(StandardInput.Kind.OTHER, linkTo("socket:[77]").kind());
    }

    @Test
    void a_pseudo_terminal_is_a_terminal() throws IOException {
        StandardInput in = linkTo("/dev/pts/3");
        assertEquals(StandardInput.Kind.TERMINAL, in.kind());
        assertEquals("the terminal /dev/pts/3", in.description());
    }

    @Test
    void a_regular_file_is_a_file() throws IOException {
        Path file = Files.writeString(dir.resolve("ss.txt"), "State Recv-Q\n");
        StandardInput in = linkTo(file.toString());
        assertEquals(StandardInput.Kind.FILE, in.kind());
        assertTrue(in.readable());
    }

    @Test
    void a_file_of_the_jdk_on_fd_0_means_fd_0_was_closed_and_reused() throws IOException {
        Path jdk = Files.createDirectories(dir.resolve("jdk/lib"));
        Path modules = Files.writeString(jdk.resolve("modules"), "not input");
        StandardInput in = linkTo(modules.toString(), dir.resolve("jdk"));
        assertEquals(StandardInput.Kind.CLOSED, in.kind());
    }

    @Test
    void a_fifo_is_a_pipe() throws IOException, InterruptedException {
        Path fifo = dir.resolve("f");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo failed");
        StandardInput in = linkTo(fifo.toString());
        assertEquals(StandardInput.Kind.PIPE, in.kind());
        assertEquals("the FIFO " + fifo, in.description());
    }

    @Test
    void dev_null_and_a_directory_are_refused_by_name() throws IOException {
        StandardInput devNull = linkTo("/dev/null");
        assertEquals(StandardInput.Kind.OTHER, devNull.kind());
        assertEquals("/dev/null", devNull.description());
        Files.delete(dir.resolve("0"));
        Path sub = Files.createDirectories(dir.resolve("sub"));
        assertEquals(StandardInput.Kind.OTHER, linkTo(sub.toString()).kind());
    }

    @Test
    void without_proc_the_file_type_of_dev_fd_0_tells_and_the_console_names_a_terminal() throws Exception {
        // macOS and BSD: /dev/fd/0 is the open file itself, not a link; stat tells its type.
        Path fifo = dir.resolve("f");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo failed");
        assertEquals(StandardInput.Kind.PIPE, StandardInput.inspect(fifo, false, false, List.of()).kind());
        Path file = Files.writeString(dir.resolve("ss.txt"), "x\n");
        assertEquals(StandardInput.Kind.FILE, StandardInput.inspect(file, false, false, List.of()).kind());
        Path device = Path.of("/dev/null");
        assertEquals(StandardInput.Kind.TERMINAL, StandardInput.inspect(device, false, true, List.of()).kind());
        assertEquals(StandardInput.Kind.OTHER, StandardInput.inspect(device, false, false, List.of()).kind());
        assertEquals(StandardInput.Kind.CLOSED,
                StandardInput.inspect(dir.resolve("0"), false, false, List.of()).kind());
    }

    @Test
    void the_property_the_launcher_sets_wins() {
        String before = System.getProperty(StandardInput.PROPERTY);
        System.setProperty(StandardInput.PROPERTY, "closed");
        try {
            assertEquals(StandardInput.Kind.CLOSED, StandardInput.current().kind());
        } finally {
            if (before == null) {
                System.clearProperty(StandardInput.PROPERTY);
            } else {
                System.setProperty(StandardInput.PROPERTY, before);
            }
        }
    }

    @Test
    void analyze_refuses_a_closed_a_terminal_and_another_stdin_with_one_line_each() throws IOException {
        BadRequestException closed = assertThrows(BadRequestException.class, () -> AnalyzeCommand.standardInput(
                new StandardInput(StandardInput.Kind.CLOSED, "closed", null), false));
        assertTrue(closed.getMessage().startsWith("standard input is closed: pipe the output of ss"),
                closed.getMessage());
        BadRequestException tty = assertThrows(BadRequestException.class, () -> AnalyzeCommand.standardInput(
                new StandardInput(StandardInput.Kind.TERMINAL, "the terminal /dev/pts/1", null), false));
        assertTrue(tty.getMessage().startsWith("standard input is a terminal, not a pipe or a file"), tty.getMessage());
        BadRequestException none = assertThrows(BadRequestException.class, () -> AnalyzeCommand.standardInput(
                new StandardInput(StandardInput.Kind.TERMINAL, "the terminal /dev/pts/1", null), true));
        assertTrue(none.getMessage().startsWith("nothing to analyse: "), none.getMessage());
        BadRequestException socket = assertThrows(BadRequestException.class, () -> AnalyzeCommand.standardInput(
                new StandardInput(StandardInput.Kind.OTHER, "a socket", null), false));
        assertTrue(socket.getMessage().startsWith("standard input is a socket, not a pipe or a file"),
                socket.getMessage());
        StandardInput pipe = new StandardInput(StandardInput.Kind.PIPE, "a pipe", dir);
        assertEquals(pipe, AnalyzeCommand.standardInput(pipe, false));
    }

    @Test
    void explain_refuses_a_closed_stdin() {
        BadRequestException e = assertThrows(BadRequestException.class, () -> ExplainCommand.readStandardInput(
                new StandardInput(StandardInput.Kind.CLOSED, "closed", null)));
        assertEquals("standard input is closed: pipe the error into 'sockit explain -', or give it as arguments",
                e.getMessage());
    }

    @Test
    void analyze_accepts_a_fifo_a_dev_fd_path_and_a_folder_of_inputs() throws Exception {
        Path fifo = dir.resolve("f");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo failed");
        assertEquals(fifo.toAbsolutePath(), AnalyzeCommand.readable(fifo.toString()));
        // This JVM's own fd 1 or 2 through /dev/fd, as <(ss -tanp) gives bash's pipe: readable, not "no such file".
        assertEquals(Path.of("/dev/fd/2"), AnalyzeCommand.readable("/dev/fd/2"));
        assertEquals(dir.toAbsolutePath(), AnalyzeCommand.readable(dir.toString()), "a capture bundle is a folder");
        BadRequestException e = assertThrows(BadRequestException.class,
                () -> AnalyzeCommand.readable(dir.resolve("missing").toString()));
        assertEquals(dir.resolve("missing") + ": no such file", e.getMessage());
    }
}
