package dev.sockit.runtime.cli;

import dev.sockit.api.BadRequestException;
import dev.sockit.api.Quote;
import dev.sockit.api.Result;
import dev.sockit.api.Status;
import dev.sockit.api.Units;
import dev.sockit.contracts.GeneratorContract;
import dev.sockit.contracts.GeneratorContract.GenerateRequest;
import dev.sockit.runtime.EmbeddedRequest;
import dev.sockit.runtime.config.SockitHome;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * {@code sockit generate}: a socket program (C or Java) with its build file and README, written by the generator
 * plugin in an embedded runtime; {@code --list} shows the matrix, {@code --from} exports a configured server.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Write a socket program for a role and an I/O model: the source, a build file (Makefile or "
            + "pom.xml) and a README on why it is written as it is. Every program takes HOST PORT. The Result lists "
            + "the files as artifacts and gives the exact build and run commands (data.build, data.run).",
            "Roles (KIND): tcp-server, tcp-client, udp-server, udp-client. Models: C on posix: blocking, threads, "
            + "select, poll, epoll, epoll-lt, kqueue, io_uring; C on windows: blocking, select, wsapoll, iocp; "
            + "Java: blocking, nio, nio2 (TCP only: the JDK has no asynchronous datagram channel), vertx, netty. "
            + "'sockit generate --list' shows which are built so far."},
        footer = {"", "Examples:", "  sockit generate tcp-server --lang c --io epoll -o out/",
            "  make -C out && out/tcp-server 127.0.0.1 7007", "  sockit generate --list",
            "  sockit generate --from conf/sockit.yaml --process echo --lang c --io poll",
            "", "Exit codes: 0 written (a warning names a parameter the program does not honour); 1 generation "
            + "failed; 2 bad usage (an impossible or not yet built combination, with the valid values; a file that "
            + "exists without --force; a config or process --from cannot use)."})
final class GenerateCommand implements Callable<Integer> {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,18}");

    @Parameters(arity = "0..1", paramLabel = "KIND",
            description = "The role: tcp-server, tcp-client, udp-server or udp-client (with --from: the process's "
                + "kind, unless given).")
    String role;

    @Option(names = "--list", description = "Show the matrix of languages, platforms, roles and I/O models, marking "
        + "what is built now (* in text).")
    boolean list;

    @Option(names = "--lang", paramLabel = "LANG", description = "c or java.")
    String lang;

    @Option(names = "--io", paramLabel = "MODEL", description = "The I/O model (see above).")
    String io;

    @Option(names = "--platform", paramLabel = "PLATFORM", description = "posix (default) or windows; C only.")
    String platform;

    @Option(names = "-o", paramLabel = "DIR", description = "The folder to write into, created if missing "
        + "(default: KIND-LANG-MODEL here). Existing files in it are refused unless --force.")
    String out;

    @Option(names = "--force", description = "Replace files of the same names in the folder.")
    boolean force;

    @Option(names = "--host", paramLabel = "HOST", description = "The program's default address (127.0.0.1).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "The program's default port (7007).")
    Integer port;

    @Option(names = "--backlog", paramLabel = "N", description = "A server's listen backlog (128).")
    Integer backlog;

    @Option(names = "--payload", paramLabel = "PAYLOAD",
            description = "echo (default), discard, line or length-prefixed.")
    String payload;

    @Option(names = "--option", paramLabel = "NAME=VALUE", description = "A socket option, as in a config: "
        + "tcpNoDelay=true, receiveBufferSize=1MiB, keepAliveIdle=30s... Repeat for several. TCP programs set "
        + "tcpNoDelay=true and POSIX tcp-servers reuseAddress=true unless given false.")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--max-connections", paramLabel = "N", description = "Connections a server holds at once.")
    Integer maxConnections;

    @Option(names = "--idle-timeout", paramLabel = "DURATION",
            description = "Close a connection idle this long (1ms-24h).")
    String idleTimeout;

    @Option(names = "--from", paramLabel = "FILE", description = "A sockit config: take host, port, backlog, "
        + "options, handler (echo, discard), idleTimeout and maxConnections of --process from it; the options "
        + "above override them.")
    Path from;

    @Option(names = "--process", paramLabel = "ID", description = "With --from: the tcp-server or udp-server.")
    String process;

    @Mixin
    Output output = new Output();

    @Override
    public Integer call() {
        if (list) {
            Result result = EmbeddedRequest.send(SockitHome.current(), GeneratorContract.KIND,
                    GeneratorContract.DEFAULT_ID, GeneratorContract.LIST, new GeneratorContract.ListRequest(),
                    TIMEOUT);
            output.print(result, System.out);
            if (output.effective() == Output.Format.TEXT) {
                matrixTable(result.data().getJsonArray("matrix")).forEach(System.out::println);
            }
            return ExitCodes.OK;
        }
        GenerateRequest request = request();
        Result result = EmbeddedRequest.send(SockitHome.current(), GeneratorContract.KIND,
                GeneratorContract.DEFAULT_ID, GeneratorContract.GENERATE, request, TIMEOUT);
        output.print(result, System.out);
        if (output.effective() == Output.Format.TEXT) {
            System.out.println();
            result.artifacts().forEach(a -> System.out.println("  wrote " + Quote.escape(a)));
            System.out.println("  build: " + Quote.escape(result.data().getString("build", "")));
            System.out.println("  run:   " + Quote.escape(result.data().getString("run", "")));
        }
        return result.status() == Status.ERROR ? ExitCodes.FAILED : ExitCodes.OK;
    }

    /** The request from the command line (and {@code --from}), validated here so that a bad one needs no runtime. */
    GenerateRequest request() {
        JsonObject body = new JsonObject();
        if (from != null || process != null) {
            if (from == null || process == null) {
                throw new BadRequestException("--from and --process go together (--from FILE --process ID)");
            }
            ConfigExport.Export export = ConfigExport.read(from, process);
            export.notes().forEach(n -> System.err.println("sockit: note: " + Quote.escape(n)));
            if (role != null && !role.equals(export.role())) {
                throw new BadRequestException("KIND " + Quote.of(role) + " does not match process "
                        + Quote.of(process) + " of " + from + ", a " + export.role());
            }
            role = export.role();
            body.mergeIn(export.body());
        }
        if (role == null) {
            throw new BadRequestException("KIND is missing; expected one of " + GeneratorContract.ROLES
                    + " (or --list, or --from FILE --process ID)");
        }
        if (lang == null || io == null) {
            throw new BadRequestException("--lang and --io are required (see 'sockit generate --list')");
        }
        body.put("role", role).put("lang", lang).put("io", io);
        putIfSet(body, "platform", platform);
        putIfSet(body, "host", host);
        putIfSet(body, "port", port);
        putIfSet(body, "backlog", backlog);
        putIfSet(body, "payload", payload);
        putIfSet(body, "maxConnections", maxConnections);
        if (idleTimeout != null) {
            try {
                body.put("idleTimeoutMillis", Units.parseDuration(idleTimeout).toMillis());
            } catch (RuntimeException e) {
                throw new BadRequestException("--idle-timeout: " + Quote.of(idleTimeout) + " is not a duration "
                        + "(expected: a number and a unit, 1ms-24h: 500ms, 30s, 5m)");
            }
        }
        if (!options.isEmpty()) {
            JsonObject merged = body.getJsonObject("options", new JsonObject()).copy();
            options.forEach((name, value) -> merged.put(name, literal(value)));
            body.put("options", merged);
        }
        String dir = out != null ? out : role + "-" + lang + "-" + io;
        body.put("outputDir", Path.of(dir).toAbsolutePath().normalize().toString()).put("overwrite", force);
        GenerateRequest request;
        try {
            request = GeneratorContract.GENERATE.bind(body);
        } catch (BadRequestException e) {
            // "generate request: options.x: ..." names the key; on the command line it came from --option
            throw new BadRequestException(e.getMessage().replace("generate request: options: ", "--option: ")
                    .replace("generate request: options.", "--option "), e);
        }
        return request.validate();
    }

    private static void putIfSet(JsonObject body, String key, Object value) {
        if (value != null) {
            body.put(key, value);
        }
    }

    /** A command-line value as the config would have it: true/false and integers typed, the rest text (64KiB, 5s). */
    static Object literal(String value) {
        if ("true".equals(value) || "false".equals(value)) {
            return Boolean.parseBoolean(value);
        }
        return INTEGER.matcher(value).matches() ? (Object) Long.parseLong(value) : value;
    }

    /** The matrix as text: one line per language, platform and role, built models marked with {@code *}. */
    static List<String> matrixTable(JsonArray rows) {
        Map<String, StringBuilder> lines = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            JsonObject r = rows.getJsonObject(i);
            String key = String.format("  %-10s %-11s", r.getString("lang") + "/" + r.getString("platform"),
                    r.getString("role"));
            lines.computeIfAbsent(key, k -> new StringBuilder(k)).append(' ').append(r.getString("io"))
                    .append(Boolean.TRUE.equals(r.getBoolean("built")) ? "*" : "");
        }
        List<String> out = new java.util.ArrayList<>();
        out.add("");
        lines.values().forEach(b -> out.add(b.toString()));
        out.add("");
        out.add("  * built now; the others are planned (issue 12)");
        return out;
    }
}
