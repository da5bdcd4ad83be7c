package dev.sockit.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The testkit plugin of these tests, from the sources in {@code src/test/resources/testkit}: kinds
 * {@code test-echo} (a TCP echo), {@code boom} (throws in start) and {@code raw-probe} (declares raw sockets).
 */
public final class Testkit {

    private static final String PACKAGE = "dev.sockit.testkit";

    private Testkit() {
    }

    /** The whole testkit as plugin {@code testkit}. */
    public static TestPlugins plugin() {
        return plugin("testkit", PACKAGE, "PortConfig", "EchoKind", "BoomKind", "RawKind");
    }

    /** Some testkit classes as plugin {@code id}, moved into package {@code pkg}. */
    public static TestPlugins plugin(String id, String pkg, String... classes) {
        TestPlugins p = TestPlugins.plugin(id);
        for (String name : classes) {
            p.source(pkg + "." + name, source(name).replace("package " + PACKAGE + ";", "package " + pkg + ";"));
        }
        return p;
    }

    private static String source(String name) {
        try (InputStream in = Testkit.class.getResourceAsStream("/testkit/" + name + ".java")) {
            if (in == null) {
                throw new IllegalArgumentException("no testkit source " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
