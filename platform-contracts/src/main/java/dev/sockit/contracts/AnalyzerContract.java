package dev.sockit.contracts;

import dev.sockit.api.Addresses;
import dev.sockit.api.Result;

import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The event-bus contract of the {@code analyzer} plugin: its kind, its verbs and their request bodies. Each verb
 * is a request to {@code sockit.<processId>.<verb>} answered with a {@link Result}; a request the analyzer cannot
 * take (a missing file, an input of no known format, a bad option) fails with
 * {@link Addresses#FAILURE_BAD_REQUEST} and a message that names what is wrong.
 */
public final class AnalyzerContract {

    /** The process kind. */
    public static final String KIND = "analyzer";
    /** The process id the command line uses for its embedded analyzer. */
    public static final String DEFAULT_ID = "analyzer";
    /** Analyses sockets: a file, or the live host. Body: {@link AnalyzeRequest}. */
    public static final String VERB_ANALYZE = "analyze";
    /** Explains a socket error. Body: {@link ExplainRequest}. */
    public static final String VERB_EXPLAIN = "explain";
    /** Applies socket options to a real socket and reads back what the kernel made of them. Body: {@link OptionsRequest}. */
    public static final String VERB_OPTIONS = "options";

    private AnalyzerContract() {
    }

    /**
     * What to analyse.
     *
     * @param file     a file to read (its format detected, or {@code format}); {@code null} with {@code live}
     * @param name     how to call the input in the Result ({@code -} for standard input); {@code null}: the file
     * @param format   {@code auto} or a format name ({@code ss}, {@code netstat-linux}, {@code proc-tcp}...)
     * @param live     read the live host ({@code /proc/net/*}, sysctls) instead of a file
     * @param port     only sockets with this local or remote port; {@code null}: all
     * @param pid      only sockets of this process (where the input names processes); {@code null}: all
     * @param watch    with {@code live}: how many samples to take (1 = one look); rates come from 2 or more
     * @param interval with {@code watch}: milliseconds between samples
     * @param progress with {@code watch}: an address to send each interval's Result to as soon as it ends (one
     *                 Result per interval, before the reply); {@code null}: only the reply
     */
    public record AnalyzeRequest(String file, String name, String format, boolean live, Integer port, Long pid,
                                 int watch, long interval, String progress) {

        /** A request without a progress address. */
        public AnalyzeRequest(String file, String name, String format, boolean live, Integer port, Long pid,
                              int watch, long interval) {
            this(file, name, format, live, port, pid, watch, interval, null);
        }

        /** The body of the request. */
        public JsonObject toJson() {
            return new JsonObject().put("file", file).put("name", name).put("format", format).put("live", live)
                    .put("port", port).put("pid", pid).put("watch", watch).put("interval", interval)
                    .put("progress", progress);
        }

        /** The request of {@code body}; absent fields take their defaults. */
        public static AnalyzeRequest fromJson(JsonObject body) {
            return new AnalyzeRequest(body.getString("file"), body.getString("name"), body.getString("format", "auto"),
                    body.getBoolean("live", false), body.getInteger("port"), body.getLong("pid"),
                    body.getInteger("watch", 1), body.getLong("interval", 1000L), body.getString("progress"));
        }
    }

    /**
     * What to explain: an errno name or number ({@code ECONNRESET}, {@code 104}, {@code linux:104}), a Winsock
     * code ({@code WSAECONNRESET}, {@code 10054}), a getaddrinfo code ({@code EAI_NONAME}), a message or a Java
     * exception line or stack trace.
     */
    public record ExplainRequest(String error) {

        /** The body of the request. */
        public JsonObject toJson() {
            return new JsonObject().put("error", error);
        }

        /** The request of {@code body}. */
        public static ExplainRequest fromJson(JsonObject body) {
            return new ExplainRequest(body.getString("error", ""));
        }
    }

    /**
     * Options to try on a real socket.
     *
     * @param protocol {@code tcp} or {@code udp}
     * @param set      option name to value as in a config's {@code options} ({@code receiveBufferSize: 1MiB}),
     *                 in the order given
     */
    public record OptionsRequest(String protocol, Map<String, String> set) {

        /** Copies {@code set}, keeping its order. */
        public OptionsRequest {
            set = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(set));
        }

        /** The body of the request. */
        public JsonObject toJson() {
            JsonObject options = new JsonObject();
            set.forEach(options::put);
            return new JsonObject().put("protocol", protocol).put("set", options);
        }

        /** The request of {@code body}. */
        public static OptionsRequest fromJson(JsonObject body) {
            Map<String, String> set = new LinkedHashMap<>();
            JsonObject options = body.getJsonObject("set", new JsonObject());
            for (String name : options.fieldNames()) {
                set.put(name, String.valueOf(options.getValue(name)));
            }
            return new OptionsRequest(body.getString("protocol", "tcp"), set);
        }
    }
}
