package dev.sockit.runtime;

import dev.sockit.runtime.cli.Main;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rule between the runtime's packages: the command line ({@code dev.sockit.runtime.cli}) calls the engine, the
 * engine never names the command line. Checked on the compiled classes: a class that uses another names it in its
 * constant pool ({@code dev/sockit/runtime/cli/...}), however the source spelled it (import, full name, lambda).
 */
class PackageRuleTest {

    private static final String CLI = "dev/sockit/runtime/cli/";

    @Test
    void no_engine_class_names_the_command_line() throws IOException, URISyntaxException {
        Path classes = Path.of(SockitRuntime.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path runtime = classes.resolve("dev/sockit/runtime");
        List<Path> engine;
        try (Stream<Path> files = Files.walk(runtime)) {
            engine = files.filter(p -> p.toString().endsWith(".class"))
                    .filter(p -> !runtime.relativize(p).toString().replace('\\', '/').startsWith("cli/"))
                    .toList();
        }
        assertTrue(engine.size() > 20, "engine classes found: " + engine.size() + " under " + runtime);
        List<String> offenders = engine.stream().filter(PackageRuleTest::namesTheCli)
                .map(p -> classes.relativize(p).toString()).sorted().toList();

        assertEquals(List.of(), offenders);
    }

    @Test
    void the_check_sees_a_class_that_does_name_the_command_line() throws URISyntaxException {
        Path main = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("dev/sockit/runtime/cli/RunCommand.class");
        assertTrue(namesTheCli(main), "RunCommand uses Output and StatusFile of the cli package");
    }

    /** Whether the class file names a class of the command line (UTF-8 entries of the constant pool). */
    private static boolean namesTheCli(Path classFile) {
        try {
            String text = new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1);
            return text.contains(CLI);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
