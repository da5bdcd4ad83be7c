package dev.sockit.runtime.config;

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
import dev.sockit.api.Checks;
import dev.sockit.api.ConfigException;
import dev.sockit.api.ConfigPathDeserializer;
import dev.sockit.api.Policy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
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
public final class ConfigLoader {

    private static final JsonFactory JSON = new JsonFactory();
    /** Only {@code true} and {@code false} are booleans: {@code yes}, {@code no}, {@code on}, {@code off} are text. */
    private static final YAMLFactory YAML = YAMLFactory.builder()
            .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Where snakeyaml's multi-line messages say the problem is: {@code  in 'reader', line 4, column 8:}. */
    private static final Pattern YAML_MARK = Pattern.compile("^ in .*, line (\\d+), column \\d+:$");

    /** The name of a Jackson setting that its limit messages append. */
    private static final Pattern JACKSON_SETTING = Pattern.compile(", from `[^`]*`");

    /** The largest config file read, in bytes; a config with hundreds of processes is a few tens of KiB. */
    static final int MAX_FILE_BYTES = 1 << 20;
    /** The longest line, in characters; room for a whole config of some size written as one line of JSON. */
    static final int MAX_LINE_CHARS = 64 * 1024;
    /** The longest value, in characters: the longest file path Linux accepts (PATH_MAX). */
    static final int MAX_VALUE_CHARS = 4096;
    /** The longest key, in characters; process ids have at most 64. */
    static final int MAX_KEY_CHARS = 128;
    /** How deep mappings and lists may nest; sockit's own keys go 6 levels deep. */
    static final int MAX_DEPTH = 32;

    private ConfigLoader() {
    }

    /** Loads the YAML parser's classes by reading a small document (called from a start-up thread). */
    static void warmUp() {
        read("processes: {warm: {kind: up, config: {port: 0}}}\n", "warm-up.yaml", null);
    }

    /**
     * Reads and validates a config file (YAML, or JSON when the name ends in .json or the text starts with '{').
     * Relative paths the file writes ({@code runtime.plugins}, {@code runtime.audit}) resolve against the
     * file's folder; a key the file leaves out keeps its default, which resolves against the sockit home.
     */
    public static SockitConfig load(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        return parse(readText(absolute), String.valueOf(file.getFileName()), absolute.getParent());
    }

    /** The text of a config file, at most {@link #MAX_FILE_BYTES} bytes of UTF-8; problems in plain words. */
    private static String readText(Path file) {
        if (Files.isDirectory(file)) {
            throw fileProblem("config file is a directory: " + file + " (expected: a YAML or JSON file)", null);
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw fileProblem("config file not found: " + file, e);
        } catch (AccessDeniedException e) {
            throw fileProblem("config file cannot be read: " + file + " (permission denied)", e);
        } catch (FileSystemException e) {
            throw fileProblem("config file cannot be read: " + file + " (" + reason(e) + ")", e);
        } catch (IOException | InvalidPathException e) {
            throw fileProblem("config file cannot be read: " + file + " (" + e.getMessage() + ")", e);
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw fileProblem("config file is larger than " + (MAX_FILE_BYTES >> 20) + " MiB: " + file
                    + " (expected: a config, at most " + MAX_FILE_BYTES + " bytes)", null);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw fileProblem("config file is not UTF-8 text: " + file, e);
        }
    }

    /** What the operating system said, without the file name Java puts in front of it. */
    private static String reason(FileSystemException e) {
        return e.getReason() != null ? e.getReason().toLowerCase(Locale.ROOT) : e.getClass().getSimpleName();
    }

    /**
     * A file problem in the user's words, for messages about files a config names: {@code no such file or
     * directory: /proc/nope}, never a Java class name.
     */
    public static String describe(IOException e) {
        if (e instanceof NoSuchFileException n) {
            return "no such file or directory: " + n.getFile();
        }
        if (e instanceof AccessDeniedException a) {
            return "permission denied: " + a.getFile();
        }
        if (e instanceof FileSystemException f) {
            return reason(f) + (f.getFile() == null ? "" : ": " + f.getFile());
        }
        return String.valueOf(e.getMessage());
    }

    /**
     * Same for text already in memory; fileName is used in messages only, and relative paths stay relative
     * (the runtime resolves them against the sockit home).
     */
    public static SockitConfig parse(String text, String fileName) {
        return parse(text, fileName, null);
    }

    private static SockitConfig parse(String text, String fileName, Path folder) {
        checkLines(text, fileName);
        ConfigTree root = read(text, fileName, folder);
        root.allowOnly("runtime", "processes");
        RuntimeSettings runtime = runtime(root.child("runtime"), folder);
        Map<String, ProcessSpec> processes = processes(root.child("processes"));
        return root.validated(() -> new SockitConfig(fileName, runtime, processes));
    }

    /** The runtime section; a path it writes is resolved against {@code folder} unless that is null. */
    private static RuntimeSettings runtime(ConfigTree runtime, Path folder) {
        runtime.allowOnly("plugins", "shutdownTimeout", "policy", "audit", "transport", "nodeId");
        ConfigTree policy = runtime.child("policy");
        policy.allowOnly("allowRawSockets");
        RuntimeSettings defaults = RuntimeSettings.DEFAULTS;
        String plugins = resolve(folder, runtime, "plugins", defaults.plugins());
        Duration shutdownTimeout = runtime.duration("shutdownTimeout", defaults.shutdownTimeout());
        boolean allowRawSockets = policy.bool("allowRawSockets", defaults.policy().allowRawSockets());
        // runtime.audit is the file, or a mapping {file, onFailure}
        boolean auditMapping = runtime.node().path("audit").isObject();
        ConfigTree auditTree = auditMapping ? runtime.child("audit") : null;
        if (auditMapping) {
            auditTree.allowOnly("file", "onFailure");
        }
        String audit = auditMapping ? resolve(folder, auditTree, "file", defaults.audit())
                : resolve(folder, runtime, "audit", defaults.audit());
        String onFailure = auditMapping ? auditTree.string("onFailure", defaults.auditOnFailure().json())
                : defaults.auditOnFailure().json();
        String transport = runtime.string("transport", defaults.transport().json());
        String nodeId = runtime.string("nodeId", defaults.nodeId());
        return runtime.validated(() -> new RuntimeSettings(plugins, shutdownTimeout, new Policy(allowRawSockets),
                audit, TransportChoice.parse(transport), RuntimeSettings.AuditOnFailure.parse(onFailure), nodeId));
    }

    /** The path at {@code key} resolved against {@code folder}; {@code absent}, unresolved, when not written. */
    private static String resolve(Path folder, ConfigTree tree, String key, String absent) {
        String path = tree.string(key, null);
        if (path == null) {
            return absent;
        }
        try {
            return ConfigPathDeserializer.resolve(path, folder);
        } catch (ConfigException e) {
            throw tree.problem(key, e.problem());
        }
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

    /** Refuses a line longer than {@link #MAX_LINE_CHARS} before the parser sees it. */
    private static void checkLines(String text, String file) {
        int line = 1;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\n') {
                if (i - start > MAX_LINE_CHARS) {
                    throw new ConfigException("", "line " + line + " is " + (i - start) + " characters long"
                            + " (expected: at most " + MAX_LINE_CHARS + ")", file, line);
                }
                line++;
                start = i + 1;
            }
        }
    }

    /** Parses the text into a tree and the line of every key, rejecting duplicate keys on the way. */
    private static ConfigTree read(String text, String file, Path folder) {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        boolean json = file.toLowerCase(Locale.ROOT).endsWith(".json") || body.stripLeading().startsWith("{");
        Map<String, Integer> lines = new HashMap<>();
        JsonNode root;
        try (JsonParser parser = (json ? JSON : YAML).createParser(body)) {
            JsonToken first = parser.nextToken();
            int firstLine = lineOf(parser);
            root = first == null ? null : value(parser, "", lines, file, 0);
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
        return new ConfigTree("", (ObjectNode) root, file, Collections.unmodifiableMap(lines), folder);
    }

    private static JsonNode value(JsonParser parser, String path, Map<String, Integer> lines, String file,
                                  int depth) throws IOException {
        JsonToken token = parser.currentToken();
        if ((token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) && depth >= MAX_DEPTH) {
            throw new ConfigException(path, "is nested more than " + MAX_DEPTH + " levels deep (expected: at most "
                    + MAX_DEPTH + ")", file, lineOf(parser));
        }
        if (token.isScalarValue() && parser.getTextLength() > MAX_VALUE_CHARS) {
            throw new ConfigException(path, "the value is " + parser.getTextLength() + " characters long"
                    + " (expected: at most " + MAX_VALUE_CHARS + ")", file, lineOf(parser));
        }
        return switch (token) {
            case START_OBJECT -> mapping(parser, path, lines, file, depth + 1);
            case START_ARRAY -> list(parser, path, lines, file, depth + 1);
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

    private static ObjectNode mapping(JsonParser parser, String path, Map<String, Integer> lines, String file,
                                      int depth) throws IOException {
        ObjectNode mapping = NODES.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            int line = lineOf(parser);
            if (key.length() > MAX_KEY_CHARS) {
                throw new ConfigException(path, "the key " + Checks.quote(key) + " is too long (expected: at most "
                        + MAX_KEY_CHARS + " characters)", file, line);
            }
            String keyPath = path.isEmpty() ? key : path + "." + key;
            if (mapping.has(key)) {
                throw new ConfigException(keyPath, "duplicate key", file, line);
            }
            lines.put(keyPath, line);
            parser.nextToken();
            mapping.set(key, value(parser, keyPath, lines, file, depth));
        }
        return mapping;
    }

    private static ArrayNode list(JsonParser parser, String path, Map<String, Integer> lines, String file,
                                  int depth) throws IOException {
        ArrayNode list = NODES.arrayNode();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            String itemPath = path + "[" + list.size() + "]";
            lines.put(itemPath, lineOf(parser));
            list.add(value(parser, itemPath, lines, file, depth));
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
        // Jackson names its settings ("from `StreamReadConstraints.getMaxNumberLength()`"): not the user's words.
        return new ConfigException("", "syntax error: " + JACKSON_SETTING.matcher(problem.strip()).replaceAll(""),
                file, line);
    }

    private static ConfigException fileProblem(String problem, Exception cause) {
        ConfigException e = new ConfigException("", problem, null, -1);
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }
}
