package dev.sockit.plugin.analyzer;

import dev.sockit.api.BadRequestException;
import dev.sockit.api.Quote;
import dev.sockit.api.Result;
import dev.sockit.contracts.AnalyzerContract.CaptureRequest;
import dev.sockit.plugin.analyzer.proc.Command;
import dev.sockit.net.Sysctl;
import dev.sockit.plugin.analyzer.proc.LiveHost;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code capture}: a host's socket state saved into one bundle for {@code sockit analyze BUNDLE} later, on any
 * machine — what sosreport is to a host, for sockets. It runs {@code ss -tanpmieo}, {@code ss -uanpm},
 * {@code ss -s}, {@code ss -ltn}, {@code nstat -asz} twice {@code interval} apart, copies {@code /proc/net/*} and
 * the sysctls the rules compare with, and records {@code uname -a} and the tools' versions; a
 * {@code sockit-capture.json} manifest says what each file is and what could not be read. It needs no root: what a
 * user may not see (other users' processes in {@code ss -p}, a missing tool) is listed, not fatal. The bundle is a
 * folder, or a {@code .tar.gz} of one (made with the system's {@code tar}).
 */
final class Capture {

    /** The listings of the sockets in a bundle, in the manifest's {@code sockets}. */
    static final List<String> SOCKET_FILES = List.of("ss-tanpmieo.txt", "ss-uanpm.txt");
    /** How long one command may run. */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final List<String> PROC_NET = List.of("tcp", "tcp6", "udp", "udp6", "unix", "sockstat",
            "sockstat6", "snmp", "snmp6", "netstat");

    private final AnalyzerConfig config;

    Capture(AnalyzerConfig config) {
        this.config = config;
    }

    Result capture(CaptureRequest request) {
        Path out = Path.of(request.output()).toAbsolutePath();
        boolean tarball = isTarball(out);
        Path dir = tarball ? out.resolveSibling(out.getFileName().toString().replaceAll("\\.(tar\\.gz|tgz)$", ""))
                : out;
        refuseExisting(out);
        if (tarball) {
            refuseExisting(dir);
        }
        JsonArray files = new JsonArray();
        JsonArray missing = new JsonArray();
        try {
            Files.createDirectories(dir);
            run(dir, "ss-tanpmieo.txt", files, missing, "ss", "-tanpmieo");
            run(dir, "ss-uanpm.txt", files, missing, "ss", "-uanpm");
            run(dir, "ss-s.txt", files, missing, "ss", "-s");
            run(dir, "ss-ltn.txt", files, missing, "ss", "-ltn");
            run(dir, "nstat-1.txt", files, missing, "nstat", "-asz");
            sleep(Duration.ofMillis(request.intervalMillis()));
            run(dir, "nstat-2.txt", files, missing, "nstat", "-asz");
            copyProc(dir, files, missing);
            sysctls(dir, files, missing);
            run(dir, "uname.txt", files, missing, "uname", "-a");
            versions(dir, files, missing);
            List<String> captured = files.stream().map(f -> ((JsonObject) f).getString("name")).toList();
            List<String> sockets = SOCKET_FILES.stream().filter(captured::contains).toList();
            if (sockets.isEmpty()) {
                // no ss here: /proc/net's tables are the listing
                sockets = captured.stream().filter(n -> n.matches("proc/net/(tcp6?|udp6?|unix)")).toList();
            }
            JsonObject manifest = new JsonObject()
                    .put("version", 1)
                    .put("created", Instant.now().toString())
                    .put("intervalMillis", request.intervalMillis())
                    .put("sockets", new JsonArray(new ArrayList<>(sockets)))
                    .put("files", files)
                    .put("missing", missing);
            Files.writeString(dir.resolve(InputSet.MANIFEST), manifest.encodePrettily() + "\n");
            if (tarball) {
                tar(dir, out);
            }
            Result.Builder b = Result.builder("capture", "socket").address(out.toString());
            b.finding("captured " + files.size() + " files into " + out
                    + (missing.isEmpty() ? "" : "; " + missing.size() + " could not be read"));
            for (int i = 0; i < missing.size(); i++) {
                JsonObject m = missing.getJsonObject(i);
                b.finding("not captured: " + m.getString("what") + " (" + m.getString("why") + ")");
            }
            b.recommendation("Analyse it here or on any machine: sockit analyze " + out);
            b.artifact(out.toString());
            return b.data(manifest.copy().put("output", out.toString())).build();
        } catch (IOException e) {
            throw new UncheckedIOException("writing the capture into " + dir, e);
        }
    }

    static boolean isTarball(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(".tar.gz") || n.endsWith(".tgz");
    }

    private static void refuseExisting(Path p) {
        if (Files.exists(p)) {
            throw new BadRequestException(Quote.escape(p.toString()) + ": already exists (a capture never writes over"
                    + " a file or folder: name a new one with -o)");
        }
    }

    /** Runs {@code command}, its standard output into {@code name}; a failure is listed in {@code missing}. */
    private void run(Path dir, String name, JsonArray files, JsonArray missing, String... command) {
        String line = String.join(" ", command);
        Path target = dir.resolve(name);
        try {
            Command.Outcome o = Command.run(List.of(command), COMMAND_TIMEOUT, target);
            if (!o.ok()) {
                String why = !o.finished() ? "did not finish within " + COMMAND_TIMEOUT.toSeconds() + " s"
                        : "exit " + o.exit() + (o.stderr().isEmpty() ? "" : ": " + Quote.escape(o.stderr()));
                missing.add(new JsonObject().put("what", line).put("why", why));
                Files.deleteIfExists(target);
                return;
            }
            JsonObject f = new JsonObject().put("name", name).put("command", line).put("bytes", Files.size(target));
            if (!o.stderr().isEmpty()) {
                f.put("stderr", Quote.escape(o.stderr()));
            }
            files.add(f);
        } catch (IOException e) {
            missing.add(new JsonObject().put("what", line).put("why", Quote.escape(String.valueOf(e.getMessage()))));
            deleteQuietly(target);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the capture was interrupted running " + line, e);
        }
    }

    private void copyProc(Path dir, JsonArray files, JsonArray missing) throws IOException {
        Path from = Path.of(config.procRoot()).resolve("net");
        Path to = dir.resolve("proc").resolve("net");
        Files.createDirectories(to);
        for (String name : PROC_NET) {
            Path source = from.resolve(name);
            try (InputStream in = Files.newInputStream(source);
                 OutputStream out = Files.newOutputStream(to.resolve(name))) {
                long n = new BoundedInputStream(in, config.maxInputBytes()).transferTo(out);
                files.add(new JsonObject().put("name", "proc/net/" + name).put("command", "cat " + source)
                        .put("bytes", n));
            } catch (IOException e) {
                deleteQuietly(to.resolve(name));
                missing.add(new JsonObject().put("what", source.toString()).put("why", e instanceof
                        java.nio.file.NoSuchFileException ? "no such file" : Quote.escape(String.valueOf(
                                e.getMessage()))));
            }
        }
    }

    /** The sysctls the rules compare with, as {@code sysctl} prints them: {@code name = value}. */
    private void sysctls(Path dir, JsonArray files, JsonArray missing) throws IOException {
        Path sys = Path.of(config.procRoot()).resolve("sys");
        // read as the live analysis reads them: procfs reports a size of 0, so a size-guided read gets too little
        Sysctl sysctl = Sysctl.at(sys);
        StringBuilder text = new StringBuilder();
        for (String key : LiveHost.SYSCTLS) {
            String value = sysctl.text(key);
            if (value == null) {
                missing.add(new JsonObject().put("what", sys.resolve(key.replace('.', '/')).toString())
                        .put("why", "not readable"));
            } else {
                text.append(key).append(" = ").append(value.strip()).append('\n');
            }
        }
        Files.writeString(dir.resolve("sysctl.txt"), text);
        files.add(new JsonObject().put("name", "sysctl.txt").put("command", "read from " + sys)
                .put("bytes", (long) text.length()));
    }

    private void versions(Path dir, JsonArray files, JsonArray missing) throws IOException {
        StringBuilder text = new StringBuilder();
        for (List<String> command : List.of(List.of("ss", "-V"), List.of("nstat", "-V"))) {
            try {
                Command.Outcome o = Command.run(command, COMMAND_TIMEOUT, 4096);
                String out = (o.stdout().strip() + " " + o.stderr()).strip();
                text.append(String.join(" ", command)).append(": ").append(out).append('\n');
            } catch (IOException e) {
                missing.add(new JsonObject().put("what", String.join(" ", command)).put("why",
                        Quote.escape(String.valueOf(e.getMessage()))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("the capture was interrupted", e);
            }
        }
        text.append("java: ").append(System.getProperty("java.version")).append('\n');
        Files.writeString(dir.resolve("versions.txt"), text);
        files.add(new JsonObject().put("name", "versions.txt").put("command", "ss -V; nstat -V")
                .put("bytes", (long) text.length()));
    }

    /** {@code dir} packed into {@code out} by the system's tar, then removed. */
    private static void tar(Path dir, Path out) throws IOException {
        try {
            Command.Outcome o = Command.run(List.of("tar", "-czf", out.toString(), "-C", dir.getParent().toString(),
                    dir.getFileName().toString()), COMMAND_TIMEOUT, 4096);
            if (!o.ok()) {
                throw new IOException("tar could not pack " + dir + ": " + (o.stdout() + " " + o.stderr()).strip()
                        + " (the folder is kept)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted packing " + dir, e);
        }
        Bundles.deleteTree(dir);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the capture was interrupted between its nstat samples", e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // nothing more to do: the manifest lists what is in the bundle
        }
    }
}
