package dev.sockit.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Facts about this API: its version, which a plugin's {@code Plugin-Requires} is matched against. */
public final class SockitApi {

    /** The API version, such as {@code 0.1.0}. */
    public static final String VERSION = readVersion();

    private SockitApi() {
    }

    private static String readVersion() {
        try (InputStream in = SockitApi.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException("dev/sockit/api/version.properties is missing from platform-api");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
