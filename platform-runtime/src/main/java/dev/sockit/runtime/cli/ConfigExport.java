package dev.sockit.runtime.cli;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sockit.api.BadRequestException;
import dev.sockit.api.Quote;
import dev.sockit.api.SocketOptionTable;
import dev.sockit.api.SocketOptions;
import dev.sockit.runtime.config.ConfigLoader;
import dev.sockit.runtime.config.ProcessSpec;
import dev.sockit.runtime.config.SockitConfig;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code sockit generate --from FILE --process ID}: the parts of a configured {@code tcp-server} or
 * {@code udp-server} that generated code can have (host, port, backlog, socket options, handler as payload, idle
 * timeout, connection limit), read from a sockit config as request keys. What it cannot carry over is told, not
 * dropped in silence. A default of the plugin that a program would not share is made explicit: a tcp-server runs with
 * TCP_NODELAY on unless its config sets {@code tcpNoDelay: false}, so the export sets it.
 */
final class ConfigExport {

    /** The kinds a generated program can stand in for. */
    static final Set<String> KINDS = Set.of("tcp-server", "udp-server");
    /** The handlers that have a generated payload; the rest are refused. */
    static final Set<String> PAYLOADS = Set.of("echo", "discard");

    /**
     * The keys of a server's config that generated code uses; the others are bound as raw values only to be named
     * in a note. Unknown keys are ignored: {@code sockit run} validates the config, this only reads what it needs.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Server(String host, Integer port, String handler, SocketOptions options, Duration idleTimeout,
                  Integer maxConnections, String path, JsonNode tls, JsonNode trafficShaping, JsonNode readTimeout,
                  JsonNode multicast) {
    }

    /**
     * What came out of the config.
     *
     * @param role  the process's kind, which is the generated program's role
     * @param body  request keys: host, port, backlog, options, payload, maxConnections, idleTimeoutMillis
     * @param notes one sentence for each configured behaviour the program will not have
     */
    record Export(String role, JsonObject body, List<String> notes) {
    }

    private ConfigExport() {
    }

    /**
     * Reads process {@code id} of the config {@code file}.
     *
     * @throws BadRequestException naming the file and the process when it is missing or of another kind, or its
     *                             handler has no generated payload
     * @throws dev.sockit.api.ConfigException for a config that does not parse, with its file and line
     */
    static Export read(Path file, String id) {
        SockitConfig config = ConfigLoader.load(file);
        ProcessSpec spec = config.processes().get(id);
        if (spec == null) {
            throw new BadRequestException(file + ": no process " + Quote.of(id) + " (processes: "
                    + String.join(", ", config.processes().keySet()) + ")");
        }
        if (!KINDS.contains(spec.kind())) {
            throw new BadRequestException(file + ": process " + Quote.of(id) + " is a " + spec.kind()
                    + "; expected a tcp-server or udp-server");
        }
        Server server = spec.config().bind(Server.class);
        String where = file + ": process " + Quote.of(id);
        if (server.path() != null) {
            throw spec.config().problem("path", "a unix domain socket has no generated program yet "
                    + "(expected: host and port)");
        }
        String handler = server.handler() == null ? "echo" : server.handler().toLowerCase(Locale.ROOT);
        if (!PAYLOADS.contains(handler)) {
            throw spec.config().problem("handler", Quote.of(handler) + " has no generated payload (expected: echo "
                    + "or discard)");
        }
        SocketOptions options = server.options() == null ? SocketOptions.NONE : server.options();
        Integer backlog = options.backlog();
        options = options.toBuilder().set(SocketOptionTable.BACKLOG, null).build();
        if ("tcp-server".equals(spec.kind()) && options.tcpNoDelay() == null) {
            // The tcp-server plugin's transport (a Vert.x TCP server) turns TCP_NODELAY on unless the config says
            // otherwise; a generated program leaves Nagle's algorithm on unless asked, so the export asks.
            options = options.toBuilder().set(SocketOptionTable.TCP_NO_DELAY, true).build();
        }
        JsonObject body = new JsonObject().put("payload", handler).put("options", options.toJson());
        if (server.host() != null) {
            body.put("host", server.host());
        }
        if (server.port() != null) {
            body.put("port", server.port());
        }
        if (backlog != null) {
            body.put("backlog", backlog);
        }
        if (server.maxConnections() != null) {
            body.put("maxConnections", server.maxConnections());
        }
        if (server.idleTimeout() != null) {
            body.put("idleTimeoutMillis", server.idleTimeout().toMillis());
        }
        List<String> notes = new ArrayList<>();
        note(notes, where, "tls", server.tls(), "the program speaks plain TCP");
        note(notes, where, "trafficShaping", server.trafficShaping(), "the program sends and reads at full speed");
        note(notes, where, "readTimeout", server.readTimeout(), "only idleTimeout is carried over");
        note(notes, where, "multicast", server.multicast(), "the program joins no group");
        return new Export(spec.kind(), body, notes);
    }

    private static void note(List<String> notes, String where, String key, JsonNode value, String consequence) {
        if (value != null && !value.isNull()) {
            notes.add(where + ": " + key + " is not carried over; " + consequence);
        }
    }
}
