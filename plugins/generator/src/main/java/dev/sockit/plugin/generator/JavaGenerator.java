package dev.sockit.plugin.generator;

import dev.sockit.api.BadRequestException;
import dev.sockit.api.OptionKey;
import dev.sockit.contracts.GeneratorContract.GenerateRequest;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The Java emitter (platform {@code any}): turns a validated {@link GenerateRequest} into a Java 17 program with a
 * {@code pom.xml} and a {@code README.md}. The dependency-free models ({@code blocking}, {@code nio}, {@code nio2})
 * are one source file, {@code TcpServer.java}, that runs as it is with {@code java TcpServer.java HOST PORT}; the pom
 * also builds it into a runnable jar. Templates live under {@code java/} beside {@link CGenerator}'s.
 */
public final class JavaGenerator implements Emitter {

    /** The tcp-server models this emitter writes, in the matrix's order. */
    public static final List<String> SERVER_MODELS = List.of("blocking", "nio", "nio2");
    /** Bytes of received input a connection holds in the generated program. */
    public static final int BUF_SIZE = 16384;
    /** Connections the generated program serves at once. */
    public static final int MAX_CONNS = 512;

    private static final String DIR = "java/";

    @Override
    public String lang() {
        return "java";
    }

    @Override
    public String platform() {
        return "any";
    }

    @Override
    public Map<String, List<String>> covered() {
        return Map.of("tcp-server", SERVER_MODELS);
    }

    /** {@code TcpServer.java}: the source file runs as it is. */
    @Override
    public String program(GenerateRequest request) {
        return mainClass(request) + ".java";
    }

    /** Maven builds a runnable jar; the single source file needs no build to run. */
    @Override
    public String build(GenerateRequest request, Path dir) {
        return "mvn -q -f " + dir.resolve("pom.xml") + " package";
    }

    @Override
    public String run(GenerateRequest request, Path dir) {
        return "java " + dir.resolve(program(request)) + " " + request.host() + " " + request.port();
    }

    /**
     * Renders the source, {@code pom.xml} and {@code README.md} of {@code request}.
     *
     * @throws BadRequestException when the request is invalid or not covered by this emitter yet
     */
    @Override
    public Map<String, String> render(GenerateRequest request) {
        request.validate();
        if (!"java".equals(request.lang()) || !covers(request) || !"echo".equals(request.payload())) {
            throw new BadRequestException("the Java emitter writes " + covered() + " with payload echo so far; got "
                    + request.role() + ", " + request.lang() + ", " + request.payload() + " with io '"
                    + request.io() + "'");
        }
        String io = request.io();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("ROLE", request.role());
        values.put("MAIN", mainClass(request));
        values.put("IO", io);
        values.put("IO_TITLE", title(io));
        values.put("PAYLOAD_TITLE", "echo");
        values.put("HOST", javaString(request.host()));
        values.put("PORT", Integer.toString(request.port()));
        values.put("BACKLOG", Integer.toString(request.backlog()));
        values.put("BUF", Integer.toString(BUF_SIZE));
        values.put("MAX", Integer.toString(MAX_CONNS));
        values.put("FRAMING", resource("framing_echo.java.tmpl"));
        values.put("PAYLOAD_NOTE", "**echo**: every byte read is sent back as it is, in order.");
        putChannelOptions(values, request, io);
        values.put("IO_NOTES", resource("notes_" + io + ".md.tmpl"));
        values.put("USAGE", Templates.fill(resource("usage_single.md.tmpl"), values));

        Map<String, String> files = new LinkedHashMap<>();
        files.put(program(request), fill("TcpServer_" + io + ".java.tmpl", values));
        files.put("pom.xml", fill("pom_single.xml.tmpl", values));
        files.put("README.md", fill("README.md.tmpl", values));
        return files;
    }

    /** The options, imports and helper of a program on JDK channels. */
    private static void putChannelOptions(Map<String, String> values, GenerateRequest request, String io) {
        var options = request.options();
        String listenerIndent = "                ";
        String connectionIndent = "blocking".equals(io) ? "            " : "nio".equals(io) ? "                "
                : "        ";
        values.put("LISTENER_OPTIONS",
                JavaOptions.channelLines(options, OptionKey.Role.LISTENER, "server", listenerIndent));
        values.put("CONNECTION_OPTIONS",
                JavaOptions.channelLines(options, OptionKey.Role.CONNECTION, "ch", connectionIndent));
        boolean guard = JavaOptions.needsGuard(options, OptionKey.Role.LISTENER)
                || JavaOptions.needsGuard(options, OptionKey.Role.CONNECTION);
        TreeSet<String> imports = new TreeSet<>();
        if (!options.keys().isEmpty()) {
            imports.add("java.net.StandardSocketOptions");
        }
        if (guard) {
            imports.add("java.net.SocketOption");
        }
        if (JavaOptions.needsExtended(options, OptionKey.Role.LISTENER)
                || JavaOptions.needsExtended(options, OptionKey.Role.CONNECTION)) {
            imports.add("jdk.net.ExtendedSocketOptions");
        }
        StringBuilder lines = new StringBuilder();
        imports.forEach(i -> lines.append("import ").append(i).append(";\n"));
        values.put("IMPORTS", lines.toString());
        values.put("OPTION_HELPER", guard ? resource("option_helper.java.tmpl") : "");
    }

    private static String mainClass(GenerateRequest request) {
        return "tcp-client".equals(request.role()) ? "TcpClient" : "TcpServer";
    }

    private static String title(String io) {
        switch (io) {
            case "blocking":
                return "blocking sockets, a thread per connection";
            case "nio":
                return "NIO (Selector)";
            case "nio2":
                return "NIO.2 (asynchronous channels)";
            default:
                return io;
        }
    }

    /** {@code value} with backslashes and quotes escaped for a Java string literal. */
    static String javaString(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String fill(String name, Map<String, String> values) {
        return Templates.fill(resource(name), values);
    }

    private static String resource(String name) {
        return Templates.resource(JavaGenerator.class, DIR + name);
    }
}
