package dev.sockit.plugin.generator;

import dev.sockit.api.BadRequestException;
import dev.sockit.api.OptionKey;
import dev.sockit.api.SocketOptionTable;
import dev.sockit.api.SocketOptions;
import dev.sockit.contracts.GeneratorContract;
import dev.sockit.contracts.GeneratorContract.GenerateRequest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registry of emitters: one per language and platform, each inside the matrix, found for what it covers. */
class EmittersTest {

    @Test
    void every_emitter_is_alone_on_its_language_and_platform_and_covers_only_what_the_matrix_has() {
        Set<String> seen = new HashSet<>();
        for (Emitter e : Emitters.all()) {
            String where = e.lang() + "/" + e.platform();
            assertTrue(seen.add(where), "two emitters for " + where);
            List<String> models = GeneratorContract.MATRIX.getOrDefault(e.lang(), Map.of()).get(e.platform());
            assertTrue(models != null, where + " is not in the matrix");
            for (Map.Entry<String, List<String>> role : e.covered().entrySet()) {
                assertTrue(GeneratorContract.ROLES.contains(role.getKey()), where + ": role " + role.getKey());
                assertTrue(models.containsAll(role.getValue()), where + " " + role.getKey() + ": " + role.getValue()
                        + " not all in " + models);
            }
        }
    }

    @Test
    void every_covered_combination_finds_its_emitter_and_renders() {
        for (Emitter e : Emitters.all()) {
            for (Map.Entry<String, List<String>> role : e.covered().entrySet()) {
                for (String io : role.getValue()) {
                    String platform = "any".equals(e.platform()) ? "posix" : e.platform();
                    GenerateRequest r = new GenerateRequest(role.getKey(), e.lang(), io, platform, null, 7007, 128,
                            null, null);
                    assertEquals(e, Emitters.of(r.validate()), r.describe());
                    assertTrue(Emitters.isBuilt(role.getKey(), e.lang(), platform, io), r.describe());
                    assertTrue(!e.render(r).isEmpty(), r.describe());
                }
            }
        }
    }

    @Test
    void every_combination_the_matrix_allows_is_built() {
        int combinations = 0;
        for (var lang : GeneratorContract.MATRIX.entrySet()) {
            for (var platform : lang.getValue().entrySet()) {
                String p = "any".equals(platform.getKey()) ? "posix" : platform.getKey();
                for (String role : GeneratorContract.ROLES) {
                    for (String io : GeneratorContract.models(role, lang.getKey(), p)) {
                        combinations++;
                        assertTrue(Emitters.isBuilt(role, lang.getKey(), p, io),
                                role + " " + lang.getKey() + "/" + p + " " + io + " is not built");
                    }
                }
            }
        }
        assertEquals(66, combinations, "the matrix's rows (java nio2 carries no UDP role)");
    }

    /**
     * Every program, build file and header an emitter writes, for every combination and payload, keeps its lines
     * within 120 characters and free of tabs and trailing blanks: people paste this code into their own, and a
     * description substituted into a comment must not make one overlong line of it. READMEs are prose and wrap
     * where a reader's viewer wraps them.
     */
    @Test
    void generated_code_and_build_files_keep_lines_within_120_characters() {
        Map<String, String> problems = new LinkedHashMap<>(); // a problem line, once, with where it first showed
        int files = 0;
        for (Emitter e : Emitters.all()) {
            String platform = "any".equals(e.platform()) ? "posix" : e.platform();
            for (Map.Entry<String, List<String>> role : e.covered().entrySet()) {
                for (String io : role.getValue()) {
                    for (String payload : GeneratorContract.PAYLOADS) {
                        for (SocketOptions options : List.of(SocketOptions.NONE, everyOption())) {
                            GenerateRequest r = new GenerateRequest(role.getKey(), e.lang(), io, platform, null,
                                    7007, 128, options, payload);
                            files += checkLines(e, r, problems);
                        }
                    }
                }
            }
        }
        assertTrue(files > 600, "only " + files + " files rendered");
        StringBuilder report = new StringBuilder();
        problems.forEach((what, where) -> report.append('\n').append(where).append(":\n  ").append(what));
        assertTrue(problems.isEmpty(), problems.size() + " distinct lines:" + report);
    }

    /** Checks the lines of the files but the READMEs {@code e} renders for {@code r}; returns how many it checked. */
    private static int checkLines(Emitter e, GenerateRequest r, Map<String, String> problems) {
        Map<String, String> rendered;
        try {
            rendered = e.render(r.validate());
        } catch (BadRequestException notForThisRole) {
            return 0; // line framing on UDP, say: refused with its own message elsewhere
        }
        int files = 0;
        for (Map.Entry<String, String> file : rendered.entrySet()) {
            if (file.getKey().endsWith(".md")) {
                continue;
            }
            files++;
            String[] lines = file.getValue().split("\n", -1);
            for (int n = 0; n < lines.length; n++) {
                String line = lines[n];
                String where = r.describe() + " " + r.payload() + (r.options().isEmpty() ? "" : " +options") + " "
                        + file.getKey() + ":" + (n + 1);
                String what = file.getKey() + ": " + line;
                boolean makeRecipe = "Makefile".equals(file.getKey()) && line.startsWith("\t");
                if (line.length() > 120) {
                    problems.putIfAbsent(what, where + " has " + line.length() + " characters");
                }
                if (line.indexOf('\t') >= (makeRecipe ? 1 : 0)) {
                    problems.putIfAbsent(what, where + " has a tab");
                }
                if (!line.isEmpty() && Character.isWhitespace(line.charAt(line.length() - 1))) {
                    problems.putIfAbsent(what, where + " ends in a blank");
                }
            }
        }
        return files;
    }

    @Test
    void every_tcp_program_sets_tcp_nodelay_unless_told_not_to_and_no_udp_program_does() {
        SocketOptions off = SocketOptions.builder().set(SocketOptionTable.TCP_NO_DELAY, false).build();
        int tcp = 0;
        for (Emitter e : Emitters.all()) {
            String platform = "any".equals(e.platform()) ? "posix" : e.platform();
            for (Map.Entry<String, List<String>> role : e.covered().entrySet()) {
                for (String io : role.getValue()) {
                    GenerateRequest r = new GenerateRequest(role.getKey(), e.lang(), io, platform, null, 7007, 128,
                            null, "echo");
                    String code = String.join("\n", e.render(r).values());
                    String offCode = String.join("\n", e.render(r.withOptions(off)).values());
                    boolean isTcp = role.getKey().startsWith("tcp-");
                    assertEquals(isTcp, code.contains("TCP_NODELAY"), r.describe());
                    if (isTcp) {
                        tcp++;
                        assertTrue(code.contains("**TCP_NODELAY** is on unless you pass"), r.describe() + " README");
                        assertTrue(offCode.contains("**TCP_NODELAY** is off, as asked"), r.describe() + " README");
                    }
                }
            }
        }
        assertEquals(34, tcp, "tcp-server and tcp-client of every language, platform and model");
        GenerateRequest kept = new GenerateRequest("tcp-server", "c", "epoll", null, null, 7007, 128, null, null);
        assertEquals(Boolean.FALSE, Emitters.withDefaults(kept.withOptions(off)).options()
                .get(SocketOptionTable.TCP_NO_DELAY), "the request's choice stays");
        assertEquals(Boolean.TRUE, Emitters.withDefaults(kept).options().get(SocketOptionTable.TCP_NO_DELAY));
    }

    /** Every option of the table but the backlog (a request's own field), each with a value in its range. */
    private static SocketOptions everyOption() {
        SocketOptions.Builder b = SocketOptions.builder();
        for (OptionKey<?> key : SocketOptionTable.all()) {
            if (key != SocketOptionTable.BACKLOG) {
                set(b, key);
            }
        }
        return b.build();
    }

    private static <T> void set(SocketOptions.Builder b, OptionKey<T> key) {
        Object value = switch (key.type()) {
            case BOOLEAN -> Boolean.TRUE;
            case DURATION -> Duration.of(Math.max(key.min(), Math.min(key.max(), 5)), key.unit());
            default -> (int) Math.max(key.min(), Math.min(key.max(), 65536));
        };
        b.set(key, key.check(key.cast(value)));
    }

    @Test
    void a_combination_no_emitter_covers_is_refused_listing_what_is_built() {
        // Today every combination is built: without the Java emitter, a Java request shows the refusal a matrix row
        // added before its emitter would get.
        List<Emitter> withoutJava = Emitters.all().stream().filter(e -> !"java".equals(e.lang())).toList();
        GenerateRequest r = new GenerateRequest("tcp-client", "java", "netty", "posix", null, 7007, 128, null, null);
        BadRequestException e = assertThrows(BadRequestException.class, () -> Emitters.of(r.validate(), withoutJava));
        assertTrue(e.getMessage().startsWith(r.describe() + " is in the matrix but not built yet; no java/any"
                + " emitter yet"), e.getMessage());
        String built = e.getMessage().substring(e.getMessage().indexOf("(built: "));
        assertTrue(built.contains("c/posix tcp-server [") && !built.contains("java/any"), e.getMessage());
    }
}
