package dev.sockit.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.sockit.api.Addresses;
import dev.sockit.api.Result;
import dev.sockit.api.Verb;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The event-bus contract of the {@code analyzer} plugin: its kind, its verbs and their request records. Each verb
 * is a request to {@code sockit.<processId>.<verb>} answered with a {@link Result}; the body is the request record
 * as JSON (bound with Jackson: an absent key takes its default, an unknown one is refused). A request the analyzer
 * cannot take (a missing file, an input of no known format, a bad option) fails with
 * {@link Addresses#FAILURE_BAD_REQUEST} and a message that names what is wrong.
 */
public final class AnalyzerContract {

    /** The process kind. */
    public static final String KIND = "analyzer";
    /** The process id the command line uses for its embedded analyzer. */
    public static final String DEFAULT_ID = "analyzer";
    /** Analyses sockets: a file, or the live host. */
    public static final Verb<AnalyzeRequest> ANALYZE = Verb.of("analyze", AnalyzeRequest.class);
    /** Explains a socket error. */
    public static final Verb<ExplainRequest> EXPLAIN = Verb.of("explain", ExplainRequest.class);
    /** Applies socket options to a real socket and reads back what the kernel made of them. */
    public static final Verb<OptionsRequest> OPTIONS = Verb.of("options", OptionsRequest.class);

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
     * @param files    several inputs analysed as one host (files, or folders such as a {@code sockit capture}
     *                 bundle): when given, {@code file} is ignored; empty: {@code file} alone
     */
    public record AnalyzeRequest(String file, String name, String format, boolean live, Integer port, Long pid,
                                 int watch, long interval, String progress, List<String> files) {

        /** {@code format} defaults to {@code auto}; {@code files} to none. */
        public AnalyzeRequest {
            format = format == null ? "auto" : format;
            files = files == null ? List.of() : List.copyOf(files);
        }

        /** A request of one input (or the live host). */
        public AnalyzeRequest(String file, String name, String format, boolean live, Integer port, Long pid,
                              int watch, long interval, String progress) {
            this(file, name, format, live, port, pid, watch, interval, progress, List.of());
        }

        /** A request without a progress address. */
        public AnalyzeRequest(String file, String name, String format, boolean live, Integer port, Long pid,
                              int watch, long interval) {
            this(file, name, format, live, port, pid, watch, interval, null);
        }

        /** The request a body binds to: an absent {@code watch} is 1 sample, an absent {@code interval} 1000 ms. */
        @JsonCreator
        static AnalyzeRequest bind(@JsonProperty("file") String file, @JsonProperty("name") String name,
                                   @JsonProperty("format") String format, @JsonProperty("live") boolean live,
                                   @JsonProperty("port") Integer port, @JsonProperty("pid") Long pid,
                                   @JsonProperty("watch") Integer watch, @JsonProperty("interval") Long interval,
                                   @JsonProperty("progress") String progress,
                                   @JsonProperty("files") List<String> files) {
            return new AnalyzeRequest(file, name, format, live, port, pid, watch == null ? 1 : watch,
                    interval == null ? 1000L : interval, progress, files);
        }
    }

    /**
     * What to explain: an errno name or number ({@code ECONNRESET}, {@code 104}, {@code linux:104}), a Winsock
     * code ({@code WSAECONNRESET}, {@code 10054}), a getaddrinfo code ({@code EAI_NONAME}), a message or a Java
     * exception line or stack trace.
     */
    public record ExplainRequest(String error) {

        /** An absent {@code error} is empty (which the analyzer refuses: nothing to explain). */
        public ExplainRequest {
            error = error == null ? "" : error;
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

        /** Copies {@code set}, keeping its order; an absent {@code protocol} is {@code tcp}, an absent set empty. */
        public OptionsRequest {
            protocol = protocol == null ? "tcp" : protocol;
            set = set == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(set));
        }
    }
}
