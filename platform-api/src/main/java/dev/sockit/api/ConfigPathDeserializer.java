package dev.sockit.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Binds a file system path written in a config file: a relative path resolves against the folder of that file,
 * as {@code runtime.plugins} and {@code runtime.audit} do, so a config means the same whatever the working
 * directory. Put it on a config record's path components:
 * {@code @JsonDeserialize(using = ConfigPathDeserializer.class) String cert}. A config that was not read from a
 * file (an embedded one) leaves the path as written.
 */
public final class ConfigPathDeserializer extends StdScalarDeserializer<String> {

    /** The deserialization attribute that holds the folder ({@link Path}) of the config file being bound. */
    public static final String CONFIG_FOLDER = "sockit.configFolder";

    private static final long serialVersionUID = 1L;

    /** Jackson creates it. */
    public ConfigPathDeserializer() {
        super(String.class);
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        String written = _parseString(parser, context, this);
        return resolve(written, context.getAttribute(CONFIG_FOLDER) instanceof Path folder ? folder : null);
    }

    /**
     * {@code written} resolved against {@code folder}: unchanged when it is null, blank or absolute, or when there
     * is no folder.
     *
     * @throws ConfigException when {@code written} is not a path on this system
     */
    public static String resolve(String written, Path folder) {
        if (written == null || written.isBlank() || folder == null) {
            return written;
        }
        try {
            return folder.resolve(written).normalize().toString();
        } catch (InvalidPathException e) {
            throw new ConfigException("", Checks.quote(written) + " is not a file system path (" + e.getReason()
                    + ")");
        }
    }
}
