package dev.sockit.plugin.generator;

import dev.sockit.api.BadRequestException;
import dev.sockit.api.SocketOptionTable;
import dev.sockit.contracts.GeneratorContract;
import dev.sockit.contracts.GeneratorContract.GenerateRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The emitters the generator has, in one place: a new emitter is one line in {@link #ALL}. The generate process
 * picks the emitter of a request's language and platform here, and {@code sockit generate --list} shows what each
 * covers. Emitters are shared by the process's worker threads: they must keep no state between calls.
 */
public final class Emitters {

    /** Every emitter, one per language and platform. Add a new one here. */
    static final List<Emitter> ALL = List.of(
            new CGenerator(),
            new WinsockGenerator(),
            new JavaGenerator());

    private Emitters() {
    }

    /**
     * The README bullet on TCP_NODELAY of a TCP program (template value NODELAY_NOTE), for a request that went
     * through {@link #withDefaults}.
     */
    static String nodelayNote(GenerateRequest request) {
        if (Boolean.FALSE.equals(request.options().get(SocketOptionTable.TCP_NO_DELAY))) {
            return "- **TCP_NODELAY** is off, as asked (`--option tcpNoDelay=false`): Nagle's algorithm holds a small"
                    + " write back\n  while an earlier one is unacknowledged, fewer packets for up to 40 ms more"
                    + " latency when the peer\n  delays its ACK.\n";
        }
        return "- **TCP_NODELAY** is on unless you pass `--option tcpNoDelay=false`: a small write leaves at once"
                + " instead of\n  waiting, under Nagle's algorithm, for the ACK of the previous one, which the peer's"
                + " delayed ACK can hold\n  up to 40 ms. Netty, Vert.x and sockit's tcp-server turn it on too.\n";
    }

    /**
     * {@code request} with the options every emitter sets unless told otherwise: TCP_NODELAY on for a TCP role, as
     * Netty, Vert.x (and so sockit's tcp-server) and the bench kit's servers run. An echo, line or frame server
     * answers with small writes, and with Nagle's algorithm on, a second small reply waits for the peer's ACK of
     * the first, which a delayed ACK holds up to 40 ms (200 ms on some systems). {@code --option tcpNoDelay=false}
     * keeps Nagle's algorithm.
     */
    static GenerateRequest withDefaults(GenerateRequest request) {
        if (!request.role().startsWith("tcp-") || request.options().isSet(SocketOptionTable.TCP_NO_DELAY)) {
            return request;
        }
        return request.withOptions(request.options().toBuilder().set(SocketOptionTable.TCP_NO_DELAY, true).build());
    }

    /** Every emitter, in the order of {@link #ALL}. */
    public static List<Emitter> all() {
        return ALL;
    }

    /** The platform key of {@code lang} in {@link GeneratorContract#MATRIX}: {@code any} for Java. */
    static String platformOf(String lang, String platform) {
        return "java".equals(lang) ? "any" : platform;
    }

    /**
     * The emitter that writes {@code request}, which must already be {@linkplain GenerateRequest#validate valid}.
     *
     * @throws BadRequestException when the combination is in the matrix but no emitter covers it yet; the message
     *                             lists what is built so far
     */
    public static Emitter of(GenerateRequest request) {
        return of(request, ALL);
    }

    /**
     * The emitter of {@code emitters} that writes {@code request}. Every combination of today's matrix is built,
     * so with {@link #ALL} the refusals below guard a row added to the matrix before its emitter; tests reach them
     * with a shorter list.
     */
    static Emitter of(GenerateRequest request, List<Emitter> emitters) {
        String platform = platformOf(request.lang(), request.platform());
        for (Emitter e : emitters) {
            if (e.lang().equals(request.lang()) && e.platform().equals(platform)) {
                if (e.covers(request)) {
                    return e;
                }
                throw new BadRequestException(request.describe() + " is in the matrix but not built yet; the "
                        + request.lang() + "/" + platform + " emitter writes " + e.covered() + " so far (built: "
                        + built(emitters) + ")");
            }
        }
        throw new BadRequestException(request.describe() + " is in the matrix but not built yet; no "
                + request.lang() + "/" + platform + " emitter yet (built: " + built(emitters) + ")");
    }

    /** What is built, as {@code c/posix tcp-server [epoll, poll]; java/any …}. */
    public static String built() {
        return built(ALL);
    }

    private static String built(List<Emitter> emitters) {
        List<String> parts = new ArrayList<>();
        for (Emitter e : emitters) {
            for (Map.Entry<String, List<String>> role : e.covered().entrySet()) {
                parts.add(e.lang() + "/" + e.platform() + " " + role.getKey() + " " + role.getValue());
            }
        }
        return String.join("; ", parts);
    }

    /** Whether an emitter covers {@code role} in {@code io} for {@code lang} on {@code platform}. */
    public static boolean isBuilt(String role, String lang, String platform, String io) {
        String p = platformOf(lang, platform);
        return ALL.stream().anyMatch(e -> e.lang().equals(lang) && e.platform().equals(p)
                && e.covered().getOrDefault(role, List.of()).contains(io));
    }
}
