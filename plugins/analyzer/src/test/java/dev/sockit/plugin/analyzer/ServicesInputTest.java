package dev.sockit.plugin.analyzer;

import dev.sockit.api.BadRequestException;
import dev.sockit.api.Result;
import dev.sockit.contracts.AnalyzerContract.AnalyzeRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code analyze} reads: anything readable as a stream (a FIFO, as standard input and {@code <(ss -tanp)} are),
 * bounded by {@code maxInputBytes} whether or not the size is known first; input quoted in messages is escaped.
 */
class ServicesInputTest {

    private static final String SS = "State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process\n"
            + "ESTAB 0 0 127.0.0.1:8080 127.0.0.1:50000\n"
            + "CLOSE-WAIT 1 0 127.0.0.1:8080 127.0.0.1:50001\n";

    @TempDir
    Path dir;

    private static Result analyze(Services services, Path file, String name) {
        return services.analyze(new AnalyzeRequest(file.toString(), name, "auto", false, null, null, 1, 1000));
    }

    /** A named pipe, made by mkfifo(1), and a thread that writes {@code bytes} into it once a reader opens it. */
    private Path fifo(byte[] bytes, CompletableFuture<Void> written) throws IOException, InterruptedException {
        Path fifo = dir.resolve("input.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo failed");
        Thread writer = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write(bytes);
                written.complete(null);
            } catch (IOException e) {
                // the reader stopped reading early (the bound): the pipe broke, as it should
                written.complete(null);
            }
        }, "fifo-writer");
        writer.setDaemon(true);
        writer.start();
        return fifo;
    }

    @Test
    void a_fifo_is_read_as_a_stream() throws Exception {
        CompletableFuture<Void> written = new CompletableFuture<>();
        Path fifo = fifo(SS.getBytes(StandardCharsets.US_ASCII), written);
        Result r = analyze(new Services(AnalyzerConfig.defaults(), e -> { }, "analyzer"), fifo, fifo.toString());
        written.get(10, TimeUnit.SECONDS);
        assertEquals(2L, r.data().getJsonObject("input").getLong("sockets"), r.data().encode());
        assertEquals("ss", r.data().getJsonObject("input").getString("format"));
    }

    @Test
    void a_fifo_longer_than_max_input_bytes_is_refused_naming_the_bound()
            throws IOException, InterruptedException, ExecutionException, TimeoutException {
        CompletableFuture<Void> written = new CompletableFuture<>();
        byte[] big = (SS + "ESTAB 0 0 127.0.0.1:8080 127.0.0.1:50002\n".repeat(2000)).getBytes(StandardCharsets.US_ASCII);
        Path fifo = fifo(big, written);
        Services services = new Services(new AnalyzerConfig(null, 4096L, null), e -> { }, "analyzer");
        BadRequestException e = assertThrows(BadRequestException.class, () -> analyze(services, fifo, "-"));
        assertEquals("standard input: more than maxInputBytes (4096) bytes", e.getMessage());
        written.get(10, TimeUnit.SECONDS);
    }

    @Test
    void an_empty_directory_is_refused_as_one_with_nothing_to_analyse() {
        Services services = new Services(AnalyzerConfig.defaults(), e -> { }, "analyzer");
        BadRequestException e = assertThrows(BadRequestException.class, () -> analyze(services, dir, "d"));
        assertEquals(dir + ": no file to analyse in it", e.getMessage());
    }

    @Test
    void the_first_line_of_an_unknown_format_is_escaped_and_cut() throws IOException {
        Path junk = Files.writeString(dir.resolve("junk.txt"), "\u001b]0;pwned\u0007" + "x".repeat(500) + "\n");
        Services services = new Services(AnalyzerConfig.defaults(), e -> { }, "analyzer");
        BadRequestException e = assertThrows(BadRequestException.class,
                () -> analyze(services, junk, "junk.txt"));
        assertTrue(e.getMessage().endsWith("first line: '\\e]0;pwned\\x07" + "x".repeat(70) + "…(430 more)'"),
                e.getMessage());
        assertFalse(e.getMessage().chars().anyMatch(c -> c < 0x20), e.getMessage());
    }

    @Test
    void an_explained_input_is_escaped_and_cut_in_the_result() {
        Services services = new Services(AnalyzerConfig.defaults(), e -> { }, "analyzer");
        String input = "\u001b[2J" + "y".repeat(1 << 20);
        Result r = services.explain(new dev.sockit.contracts.AnalyzerContract.ExplainRequest(input));
        assertEquals("\\e[2J" + "y".repeat(76) + "…(" + ((1 << 20) - 76) + " more)", r.target());
        assertTrue(r.sentences().stream().allMatch(f -> f.length() < 400 && f.chars().noneMatch(c -> c < 0x20)),
                r.sentences().toString());
    }

    @Test
    void bad_option_values_are_said_in_the_users_words_not_in_javas() {
        Services services = new Services(AnalyzerConfig.defaults(), e -> { }, "analyzer");
        String[][] cases = {
            {"tcpNoDelay", "maybe", "bad option value: tcpNoDelay: 'maybe' (expected: true or false)"},
            {"backlog", "99999999999",
                "bad option value: backlog: '99999999999' (expected: a whole number from 0 to 2147483647)"}};
        for (String[] c : cases) {
            BadRequestException e = assertThrows(BadRequestException.class, () -> services.options(
                    new dev.sockit.contracts.AnalyzerContract.OptionsRequest("tcp", java.util.Map.of(c[0], c[1]))));
            assertEquals(c[2], e.getMessage());
            assertFalse(e.getMessage().contains("java."), e.getMessage());
        }
    }
}
