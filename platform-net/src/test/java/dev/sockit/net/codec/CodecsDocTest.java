package dev.sockit.net.codec;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sockit.api.ConfigException;
import dev.sockit.api.frame.CodecKind;
import dev.sockit.api.frame.CodecSpec;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code docs/codecs.md} names every built-in codec and setting, and shows the errors the code gives. */
class CodecsDocTest {

    private static final Path DOC = Path.of("..", "docs", "codecs.md");

    @Test
    void the_table_has_a_row_per_built_in_codec_naming_each_of_its_settings() throws IOException {
        List<String> lines = Files.readAllLines(DOC);
        for (CodecKind<?> kind : BuiltInCodecs.kinds()) {
            String row = lines.stream().filter(l -> l.startsWith("| `" + kind.name() + "` |")).findFirst()
                    .orElseThrow(() -> new AssertionError("docs/codecs.md has no row for " + kind.name()));
            for (RecordComponent setting : kind.configType().getRecordComponents()) {
                assertTrue(row.contains("`" + setting.getName() + "`"),
                        "the row of " + kind.name() + " should name " + setting.getName() + ": " + row);
            }
        }
    }

    @Test
    void the_errors_shown_are_those_the_codecs_give() throws IOException {
        String doc = Files.readString(DOC);
        for (String spec : List.of("{\"type\":\"length-field\",\"length\":5}", "\"lines\"",
                "{\"type\":\"line\",\"maxLen\":10}", "{\"type\":\"length-field\",\"order\":\"middle\"}",
                "{\"type\":\"delimiter\",\"delimiter\":\"a\\\\q\"}")) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> BuiltInCodecs.codecs().create(CodecSpec.fromJson(new ObjectMapper().readTree(spec))));
            String line = "sockit: processes.frames.config.codec." + e.getMessage() + "  [sockit.yaml line 9]";
            assertTrue(doc.contains(line), "docs/codecs.md should show:\n" + line);
        }
    }
}
