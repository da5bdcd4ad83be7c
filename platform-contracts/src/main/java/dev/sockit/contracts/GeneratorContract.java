package dev.sockit.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.sockit.api.Addresses;
import dev.sockit.api.BadRequestException;
import dev.sockit.api.Result;
import dev.sockit.api.SocketOptions;
import dev.sockit.api.Verb;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The event-bus contract of the {@code generator} plugin: its kind, its verb, its request record and the matrix of
 * what it can generate. {@code generate} is a request to {@code sockit.<processId>.generate} answered with a
 * {@link Result} listing the written files; the body is a {@link GenerateRequest} as JSON. A request naming an
 * unknown role, language, I/O model or platform, or a combination the matrix does not hold (such as {@code iocp}
 * on {@code posix}), fails with {@link Addresses#FAILURE_BAD_REQUEST} and a message listing the valid values; so
 * does a combination of the matrix that no emitter writes yet, listing what is built. {@code list} answers the matrix.
 */
public final class GeneratorContract {

    /** The process kind. */
    public static final String KIND = "generator";
    /** The process id the command line uses for its embedded generator. */
    public static final String DEFAULT_ID = "generator";
    /** Generates the source, build file and README of one socket program. */
    public static final Verb<GenerateRequest> GENERATE = Verb.of("generate", GenerateRequest.class);
    /**
     * The matrix and what of it is built ({@code sockit generate --list}): a Result whose {@code data.matrix} has one
     * row per language, platform, role and I/O model, {@code {lang, platform, role, io, built}}.
     */
    public static final Verb<ListRequest> LIST = Verb.of("list", ListRequest.class);

    /** The roles a program can have. */
    public static final List<String> ROLES = List.of("tcp-server", "tcp-client", "udp-server", "udp-client");
    /** The payload behaviours. */
    public static final List<String> PAYLOADS = List.of("echo", "discard", "line", "length-prefixed");
    /** The target platforms of C code ({@code java} runs on both). */
    public static final List<String> PLATFORMS = List.of("posix", "windows");

    /**
     * The matrix, in one place: for each language and platform, the I/O models it has. Java code is
     * platform-neutral, so its platform is {@code any}.
     */
    public static final Map<String, Map<String, List<String>>> MATRIX = matrix();

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:_%-]{1,253}");

    private GeneratorContract() {
    }

    private static Map<String, Map<String, List<String>>> matrix() {
        Map<String, List<String>> c = new LinkedHashMap<>();
        c.put("posix", List.of("blocking", "threads", "select", "poll", "epoll", "epoll-lt", "kqueue", "io_uring"));
        c.put("windows", List.of("blocking", "select", "wsapoll", "iocp"));
        Map<String, Map<String, List<String>>> m = new LinkedHashMap<>();
        m.put("c", Collections.unmodifiableMap(c));
        m.put("java", Map.of("any", List.of("blocking", "nio", "nio2", "vertx", "netty")));
        return Collections.unmodifiableMap(m);
    }

    /** The I/O models of {@code lang} on {@code platform}, or an empty list. */
    public static List<String> models(String lang, String platform) {
        Map<String, List<String>> byPlatform = MATRIX.get(lang);
        if (byPlatform == null) {
            return List.of();
        }
        List<String> models = byPlatform.get("java".equals(lang) ? "any" : platform);
        return models == null ? List.of() : models;
    }

    /**
     * The I/O models of {@code lang} on {@code platform} that can carry {@code role}: {@link #models(String, String)}
     * without Java's {@code nio2} for a UDP role, since the JDK has no asynchronous datagram channel (NIO.2 has
     * {@code AsynchronousSocketChannel} for TCP only).
     */
    public static List<String> models(String role, String lang, String platform) {
        List<String> models = models(lang, platform);
        if ("java".equals(lang) && role != null && role.startsWith("udp-")) {
            return models.stream().filter(io -> !"nio2".equals(io)).toList();
        }
        return models;
    }

    /** The highest {@code maxConnections} a request may ask for (as the tcp-server's config allows). */
    public static final int MAX_CONNECTIONS_LIMIT = 10_000_000;
    /** The longest {@code idleTimeoutMillis} a request may ask for: 24 h. */
    public static final long MAX_IDLE_TIMEOUT_MILLIS = 86_400_000L;

    /**
     * What to generate, and where.
     *
     * @param role              one of {@link #ROLES}
     * @param lang              {@code c} or {@code java}
     * @param io                an I/O model of {@code lang} on {@code platform} (see {@link #MATRIX})
     * @param platform          {@code posix} or {@code windows} for C; ignored for Java
     * @param host              the default bind (server) or connect (client) address; the program also takes HOST
     *                          PORT
     * @param port              the default port, 0..65535
     * @param backlog           the listen backlog of a server, 1..65535
     * @param options           socket options from the platform's option table; none: the system's defaults, but
     *                          for what emitters set unless told otherwise (TCP_NODELAY on a TCP role, SO_REUSEADDR
     *                          on a POSIX TCP server; see docs/generator.md)
     * @param payload           one of {@link #PAYLOADS}
     * @param outputDir         the folder the {@code generate} verb writes the files into (created if missing); a
     *                          relative path resolves against the working directory of the runtime that serves the
     *                          verb (the command line sends an absolute one). Required by the verb; emitters, which
     *                          only render, ignore it
     * @param maxConnections    connections a server holds at once, 1..{@link #MAX_CONNECTIONS_LIMIT}; {@code null}:
     *                          the emitter's default. Emitters that do not use it yet say so in their README
     * @param idleTimeoutMillis how long a connection may be idle before a server closes it, 1 ms..24 h;
     *                          {@code null}: never. Emitters that do not use it yet say so in their README
     * @param overwrite         whether the verb may replace files that already exist in {@code outputDir};
     *                          without it, an existing file is a bad request naming it
     */
    public record GenerateRequest(String role, String lang, String io, String platform, String host, int port,
                                  int backlog, SocketOptions options, String payload, String outputDir,
                                  Integer maxConnections, Long idleTimeoutMillis, boolean overwrite) {

        /** Absent values take their defaults: posix, 127.0.0.1, port 7007, backlog 128, no options, echo. */
        public GenerateRequest {
            platform = platform == null ? "posix" : platform;
            host = host == null ? "127.0.0.1" : host;
            options = options == null ? SocketOptions.NONE : options;
            payload = payload == null ? "echo" : payload;
        }

        /**
         * A request in the canonical order of the first slice: no output folder, the emitter's connection limit, no
         * idle timeout, no overwriting.
         */
        public GenerateRequest(String role, String lang, String io, String platform, String host, int port,
                               int backlog, SocketOptions options, String payload) {
            this(role, lang, io, platform, host, port, backlog, options, payload, null, null, null, false);
        }

        /** The request a body binds to: absent numbers take their defaults. */
        @JsonCreator
        static GenerateRequest bind(@JsonProperty("role") String role, @JsonProperty("lang") String lang,
                                    @JsonProperty("io") String io, @JsonProperty("platform") String platform,
                                    @JsonProperty("host") String host, @JsonProperty("port") Integer port,
                                    @JsonProperty("backlog") Integer backlog,
                                    @JsonProperty("options") SocketOptions options,
                                    @JsonProperty("payload") String payload,
                                    @JsonProperty("outputDir") String outputDir,
                                    @JsonProperty("maxConnections") Integer maxConnections,
                                    @JsonProperty("idleTimeoutMillis") Long idleTimeoutMillis,
                                    @JsonProperty("overwrite") Boolean overwrite) {
            return new GenerateRequest(role, lang, io, platform, host, port == null ? 7007 : port,
                    backlog == null ? 128 : backlog, options, payload, outputDir, maxConnections, idleTimeoutMillis,
                    overwrite != null && overwrite);
        }

        /** This request writing into {@code dir}. */
        public GenerateRequest withOutputDir(String dir) {
            return new GenerateRequest(role, lang, io, platform, host, port, backlog, options, payload, dir,
                    maxConnections, idleTimeoutMillis, overwrite);
        }

        /** This request with {@code options} in place of its own. */
        public GenerateRequest withOptions(SocketOptions options) {
            return new GenerateRequest(role, lang, io, platform, host, port, backlog, options, payload, outputDir,
                    maxConnections, idleTimeoutMillis, overwrite);
        }

        /** A short name of what is generated, for a Result's target: {@code tcp-server c/posix epoll}. */
        public String describe() {
            return role + " " + lang + "/" + ("java".equals(lang) ? "any" : platform) + " " + io;
        }

        /**
         * Checks every field and the combination against {@link #MATRIX}.
         *
         * @return this request
         * @throws BadRequestException naming the field, the value and the valid values
         */
        public GenerateRequest validate() {
            oneOf("role", role, ROLES);
            oneOf("lang", lang, List.copyOf(MATRIX.keySet()));
            if ("c".equals(lang)) {
                oneOf("platform", platform, PLATFORMS);
            }
            List<String> models = models(lang, platform);
            if (io == null || !models.contains(io)) {
                throw new BadRequestException("io '" + io + "' is not an I/O model of " + lang
                        + ("c".equals(lang) ? " on " + platform : "") + "; expected one of " + models);
            }
            List<String> forRole = models(role, lang, platform);
            if (!forRole.contains(io)) {
                throw new BadRequestException("io '" + io + "' cannot carry " + role + " in " + lang
                        + ": the JDK has no asynchronous datagram channel (NIO.2 is TCP only); expected one of "
                        + forRole);
            }
            oneOf("payload", payload, PAYLOADS);
            if (!HOST.matcher(host).matches()) {
                throw new BadRequestException("host '" + host
                        + "' is not a host name or address; expected letters, digits and . : - _ %");
            }
            if (port < 0 || port > 65535) {
                throw new BadRequestException("port " + port + " is out of range; expected 0..65535");
            }
            if (backlog < 1 || backlog > 65535) {
                throw new BadRequestException("backlog " + backlog + " is out of range; expected 1..65535");
            }
            if (maxConnections != null && (maxConnections < 1 || maxConnections > MAX_CONNECTIONS_LIMIT)) {
                throw new BadRequestException("maxConnections " + maxConnections + " is out of range; expected 1.."
                        + MAX_CONNECTIONS_LIMIT);
            }
            if (idleTimeoutMillis != null && (idleTimeoutMillis < 1 || idleTimeoutMillis > MAX_IDLE_TIMEOUT_MILLIS)) {
                throw new BadRequestException("idleTimeoutMillis " + idleTimeoutMillis + " is out of range; expected 1.."
                        + MAX_IDLE_TIMEOUT_MILLIS + " (1 ms to 24 h)");
            }
            if (outputDir != null && (outputDir.isBlank() || outputDir.indexOf('\0') >= 0)) {
                throw new BadRequestException("outputDir '" + outputDir.replace("\0", "\\0")
                        + "' is not a folder name; expected a path");
            }
            return this;
        }

        private static void oneOf(String field, String value, List<String> valid) {
            if (value == null || !Set.copyOf(valid).contains(value)) {
                throw new BadRequestException(field + " '" + value + "' is not known; expected one of " + valid);
            }
        }
    }

    /** A {@link #LIST} request: it has no parameters. */
    public record ListRequest() {
    }
}
