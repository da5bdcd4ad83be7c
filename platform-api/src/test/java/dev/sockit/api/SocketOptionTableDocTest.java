package dev.sockit.api;

import dev.sockit.api.OptionKey.Role;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The socket-option table of {@code docs/configuration.md} is the table's own rendering: a key added, renamed or
 * changed in {@link SocketOptionTable} fails this test until the docs say the same. The message holds the rendering
 * to paste.
 */
class SocketOptionTableDocTest {

    private static final Path DOC = Path.of("..", "docs", "configuration.md");

    @Test
    void docs_configuration_md_lists_every_option_as_the_table_states_it() throws IOException {
        String doc = Files.readString(DOC);
        String table = render();
        assertTrue(doc.contains(table), "docs/configuration.md should hold this table:\n" + table);
    }

    /** The markdown table: one row per option, in table order. */
    static String render() {
        StringBuilder b = new StringBuilder("| option | native | sockets | value | transports | meaning; kernel |\n")
                .append("|---|---|---|---|---|---|\n");
        for (OptionKey<?> key : SocketOptionTable.all()) {
            String sockets = key.roles().stream().sorted().map(SocketOptionTableDocTest::role)
                    .collect(Collectors.joining(", "));
            String nativeName = key.isSocketOption() ? key.level() + " " + key.nativeName() : key.nativeName() + "(2)";
            String meaning = key.meaning() + (key.kernelNote().isEmpty() ? "" : "; " + key.kernelNote());
            b.append("| `").append(key.name()).append("` | ").append(nativeName).append(" | ").append(sockets)
                    .append(" | ").append(value(key)).append(" | ").append(support(key)).append(" | ")
                    .append(meaning).append(" |\n");
        }
        return b.toString();
    }

    private static String role(Role role) {
        switch (role) {
            case LISTENER:
                return "TCP listener";
            case CONNECTION:
                return "TCP connection";
            default:
                return "UDP";
        }
    }

    private static String value(OptionKey<?> key) {
        switch (key.type()) {
            case BOOLEAN:
                return "boolean";
            case SIZE:
                return "size, `" + key.min() + "`-`" + key.max() + "` bytes";
            case DURATION:
                return "duration, `" + Units.format(Duration.of(key.min(), key.unit())) + "`-`"
                        + Units.format(Duration.of(key.max(), key.unit())) + "`, in " + key.unitName();
            default:
                return "integer, `" + key.min() + "`-`" + key.max() + "`";
        }
    }

    private static String support(OptionKey<?> key) {
        switch (key.support()) {
            case NATIVE:
                return "native (epoll, io_uring, kqueue)";
            case LINUX_NATIVE:
                return "Linux native (epoll, io_uring)";
            default:
                return "any";
        }
    }
}
