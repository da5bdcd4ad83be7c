package dev.sockit.runtime;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.sockit.api.ConfigException;
import dev.sockit.api.Policy;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a sockit config (YAML, or JSON) in one streaming pass that builds the tree and the line of every key,
 * then validates the {@code runtime} and {@code processes} levels. Process configs stay unbound
 * {@link ConfigTree}s until their plugin is known.
 */
final class ConfigLoader {

    private static final JsonFactory JSON = new JsonFactory();
    /** Only {@code true} and {@code false} are booleans: {@code yes}, {@code no}, {@code on}, {@code off} are text. */
    private static final YAMLFactory YAML = YAMLFactory.builder()
            .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Where snakeyaml's multi-line messages say the problem is: {@code  in 'reader', line 4, column 8:}. */
    private static final Pattern YAML_MARK = Pattern.compile("^ in .*, line (\\d+), column \\d+:$");

    private ConfigLoader() {
    }

    /** Loads the YAML parser's classes by reading a small document (called from a start-up thread). */
    static void warmUp() {
        read("processes: {warm: {kind: up, config: {port: 0}}}\n", "warm-up.yaml");
    }

    /** Reads and validates a config file (YAML, or JSON when the name ends in .json or the text starts with '{'). */
    static SockitConfig load(Path file) {
        Path absolute = file.toAbsolutePath();
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw fileProblem("config file not found: " + absolute, e);
        } catch (AccessDeniedException e) {
            throw fileProblem("config file cannot be read: " + absolute + " (permission denied)", e);
        } catch (CharacterCodingException e) {
            throw fileProblem("config file is not UTF-8 text: " + absolute, e);
        } catch (IOException e) {
            throw fileProblem("config file cannot be read: " + absolute + " (" + e.getMessage() + ")", e);
        }
        return parse(text, file.getFileName().toString());
    }

    /** Same for text already in memory; fileName is used in messages only. */
    static SockitConfig parse(String text, String fileName) {
        ConfigTree root = read(text, fileName);
        root.allowOnly("runtime", "processes");
        RuntimeSettings runtime = runtime(root.child("runtime"));
        Map<String, ProcessSpec> processes = processes(root.child("processes"));
        return root.validated(() -> new SockitConfig(fileName, runtime, processes));
    }

    private static RuntimeSettings runtime(ConfigTree runtime) {
        runtime.allowOnly("plugins", "shutdownTimeout", "policy", "audit", "transport");
        ConfigTree policy = runtime.child("policy");
        policy.allowOnly("allowRawSockets");
        RuntimeSettings defaults = RuntimeSettings.DEFAULTS;
        String plugins = runtime.string("plugins", defaults.plugins());
        Duration shutdownTimeout = runtime.duration("shutdownTimeout", defaults.shutdownTimeout());
        boolean allowRawSockets = policy.bool("allowRawSockets", defaults.policy().allowRawSockets());
        // runtime.audit is the file, or a mapping {file, onFailure}
        boolean auditMapping = runtime.node().path("audit").isObject();
        ConfigTree auditTree = auditMapping ? runtime.child("audit") : null;
        if (auditMapping) {
            auditTree.allowOnly("file", "onFailure");
        }
        String audit = auditMapping ? auditTree.string("file", defaults.audit())
                : runtime.string("audit", defaults.audit());
        String onFailure = auditMapping ? auditTree.string("onFailure", defaults.auditOnFailure().json())
                : defaults.auditOnFailure().json();
        String transport = runtime.string("transport", defaults.transport().json());
        return runtime.validated(() -> new RuntimeSettings(plugins, shutdownTimeout, new Policy(allowRawSockets),
                audit, TransportChoice.parse(transport), RuntimeSettings.AuditOnFailure.parse(onFailure)));
    }

    private static Map<String, ProcessSpec> processes(ConfigTree processes) {
        Map<String, ProcessSpec> specs = new LinkedHashMap<>();
        for (String id : processes.keys()) {
            processes.validated(() -> ProcessSpec.checkId(id));
            specs.put(id, process(id, processes.child(id)));
        }
        return specs;
    }

    private static ProcessSpec process(String id, ConfigTree process) {
        process.allowOnly("kind", "instances", "config");
        String kind = process.string("kind", null);
        int instances = process.integer("instances", ProcessSpec.DEFAULT_INSTANCES);
        ConfigTree config = process.child("config");
        return process.validated(() -> new ProcessSpec(id, kind, instances, config));
    }

    /** Parses the text into a tree and the line of every key, rejecting duplicate keys on the way. */
    private static ConfigTree read(String text, String file) {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        boolean json = file.toLowerCase(Locale.ROOT).endsWith(".json") || body.stripLeading().startsWith("{");
        Map<String, Integer> lines = new HashMap<>();
        JsonNode root;
        try (JsonParser parser = (json ? JSON : YAML).createParser(body)) {
            JsonToken first = parser.nextToken();
            int firstLine = lineOf(parser);
            root = first == null ? null : value(parser, "", lines, file);
            if (root == null || root.isNull()) {
                throw new ConfigException("", "the file is empty (expected: a mapping with 'processes')", file, -1);
            }
            if (!root.isObject()) {
                throw new ConfigException("", ConfigTree.describe(root)
                        + " is not a mapping (expected: a mapping with 'processes')", file, firstLine);
            }
            if (parser.nextToken() != null) {
                throw new ConfigException("", "more than one document (expected: one)", file, lineOf(parser));
            }
        } catch (IOException e) {
            throw syntaxError(e, file);
        }
        return new ConfigTree("", (ObjectNode) root, file, Collections.unmodifiableMap(lines));
    }

    private static JsonNode value(JsonParser parser, String path, Map<String, Integer> lines, String file)
            throws IOException {
        JsonToken token = parser.currentToken();
        return switch (token) {
            case START_OBJECT -> mapping(parser, path, lines, file);
            case START_ARRAY -> list(parser, path, lines, file);
            case VALUE_STRING -> text(parser, path, file);
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> NODES.numberNode(parser.getIntValue());
                case LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE, VALUE_FALSE -> NODES.booleanNode(token == JsonToken.VALUE_TRUE);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new ConfigException(path, "unsupported value " + token.asString()
                    + " (expected: a string, number, boolean, list or mapping)", file, lineOf(parser));
        };
    }

    /** A string; YAML aliases ({@code *name}) are refused, since Jackson would read them as their name. */
    private static JsonNode text(JsonParser parser, String path, String file) throws IOException {
        if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
            throw new ConfigException(path, "aliases (*" + parser.getText() + ") are not supported", file,
                    lineOf(parser));
        }
        return NODES.textNode(parser.getText());
    }

    private static ObjectNode mapping(JsonParser parser, String path, Map<String, Integer> lines, String file)
            throws IOException {
        ObjectNode mapping = NODES.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            String keyPath = path.isEmpty() ? key : path + "." + key;
            int line = lineOf(parser);
            if (mapping.has(key)) {
                throw new ConfigException(keyPath, "duplicate key", file, line);
            }
            lines.put(keyPath, line);
            parser.nextToken();
            mapping.set(key, value(parser, keyPath, lines, file));
        }
        return mapping;
    }

    private static ArrayNode list(JsonParser parser, String path, Map<String, Integer> lines, String file)
            throws IOException {
        ArrayNode list = NODES.arrayNode();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            String itemPath = path + "[" + list.size() + "]";
            lines.put(itemPath, lineOf(parser));
            list.add(value(parser, itemPath, lines, file));
        }
        return list;
    }

    private static int lineOf(JsonParser parser) {
        return parser.currentTokenLocation().getLineNr();
    }

    /** One line from a parser's message: snakeyaml's problem and its line, without the context and snippets. */
    private static ConfigException syntaxError(IOException e, String file) {
        String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        JsonLocation location = e instanceof JsonProcessingException j ? j.getLocation() : null;
        int line = location == null ? -1 : location.getLineNr();
        String[] messageLines = String.valueOf(message).split("\\R");
        String problem = messageLines[0];
        String text = problem;
        for (String l : messageLines) {
            Matcher mark = YAML_MARK.matcher(l);
            if (mark.matches()) {
                problem = text;
                line = Integer.parseInt(mark.group(1));
            } else if (!l.isBlank() && !l.startsWith(" ")) {
                text = l;
            }
        }
        return new ConfigException("", "syntax error: " + problem.strip(), file, line);
    }

    private static ConfigException fileProblem(String problem, IOException cause) {
        ConfigException e = new ConfigException("", problem, null, -1);
        e.initCause(cause);
        return e;
    }
}
