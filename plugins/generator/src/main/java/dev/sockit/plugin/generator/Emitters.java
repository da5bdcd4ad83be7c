package dev.sockit.plugin.generator;

import dev.sockit.api.BadRequestException;
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
