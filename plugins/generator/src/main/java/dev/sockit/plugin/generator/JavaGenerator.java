package dev.sockit.plugin.generator;

import dev.sockit.api.BadRequestException;
import dev.sockit.api.OptionKey;
import dev.sockit.contracts.GeneratorContract.GenerateRequest;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The Java emitter (platform {@code any}): turns a validated {@link GenerateRequest} into a Java 17 program with a
 * {@code pom.xml} and a {@code README.md}. The dependency-free models ({@code blocking}, {@code nio}, {@code nio2})
 * are one source file, {@code TcpServer.java}, that runs as it is with {@code java TcpServer.java HOST PORT}; the pom
 * also builds it into a runnable jar. {@code vertx} and {@code netty} are a Maven project (source under
 * {@code src/main/java}) whose pom builds {@code target/tcp-server.jar} with its libraries in {@code target/lib}.
 * A {@code tcp-client} ({@code blocking}, {@code nio}) is one {@code TcpClient.java} that sends the payload and
 * checks the answer. Templates live under {@code java/} beside {@link CGenerator}'s.
 */
public final class JavaGenerator implements Emitter {

    /** The tcp-server models this emitter writes, in the matrix's order. */
    public static final List<String> SERVER_MODELS = List.of("blocking", "nio", "nio2", "vertx", "netty");
    /** The tcp-client models this emitter writes, in the matrix's order. */
    public static final List<String> CLIENT_MODELS = List.of("blocking", "nio");
    /** Bytes a generated client sends. */
    public static final int CLIENT_BYTES = 1024 * 1024;
    /** The models written as a Maven project with a framework dependency; the others are one source file. */
    public static final List<String> FRAMEWORK_MODELS = List.of("vertx", "netty");
    /** The Vert.x version a generated pom depends on (sockit's own). */
    public static final String VERTX_VERSION = "5.2.3";
    /** The Netty version a generated pom depends on (sockit's own; the Vert.x pom pins it too). */
    public static final String NETTY_VERSION = "4.2.18.Final";
    /** Bytes of received input a connection holds in the generated program. */
    public static final int BUF_SIZE = 16384;
    /** Connections the generated program serves at once. */
    public static final int MAX_CONNS = 512;

    private static final String DIR = "java/";
    private static final Map<String, String> PAYLOAD_TITLES = Map.of("echo", "echo", "discard", "discard",
            "line", "line echo", "length-prefixed", "length-prefixed echo");

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
        Map<String, List<String>> covered = new LinkedHashMap<>();
        covered.put("tcp-server", SERVER_MODELS);
        covered.put("tcp-client", CLIENT_MODELS);
        return Collections.unmodifiableMap(covered);
    }

    /**
     * {@code TcpServer.java} for the single-file models (it runs as it is), {@code target/tcp-server.jar} for Vert.x
     * and Netty.
     */
    @Override
    public String program(GenerateRequest request) {
        return framework(request) ? "target/" + request.role() + ".jar" : mainClass(request) + ".java";
    }

    /** Maven builds a runnable jar; a single source file needs no build to run. */
    @Override
    public String build(GenerateRequest request, Path dir) {
        return "mvn -q -f " + dir.resolve("pom.xml") + " package";
    }

    @Override
    public String run(GenerateRequest request, Path dir) {
        return "java " + (framework(request) ? "-jar " : "") + dir.resolve(program(request)) + " " + request.host()
                + " " + request.port();
    }

    /**
     * Renders the source, {@code pom.xml} and {@code README.md} of {@code request}.
     *
     * @throws BadRequestException when the request is invalid or not covered by this emitter yet
     */
    @Override
    public Map<String, String> render(GenerateRequest request) {
        request.validate();
        if (!"java".equals(request.lang()) || !covers(request)) {
            throw new BadRequestException("the Java emitter writes " + covered() + " so far; got " + request.role()
                    + ", " + request.lang() + " with io '" + request.io() + "'");
        }
        String io = request.io();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("ROLE", request.role());
        values.put("MAIN", mainClass(request));
        values.put("IO", io);
        values.put("IO_TITLE", title(io));
        values.put("PAYLOAD", request.payload());
        values.put("PAYLOAD_TITLE", PAYLOAD_TITLES.get(request.payload()));
        values.put("HOST", javaString(request.host()));
        values.put("PORT", Integer.toString(request.port()));
        values.put("BACKLOG", Integer.toString(request.backlog()));
        values.put("BUF", Integer.toString(BUF_SIZE));
        values.put("MAX", Integer.toString(MAX_CONNS));
        values.put("PAYLOAD_NOTE",
                Templates.fill(resource("payload_" + request.payload() + ".md.tmpl"), values).stripTrailing());
        values.put("VERTX_VERSION", VERTX_VERSION);
        values.put("NETTY_VERSION", NETTY_VERSION);
        boolean client = "tcp-client".equals(request.role());
        values.put("IO_NOTES", Templates.fill(resource("notes_" + (client ? "client_" : "") + io + ".md.tmpl"),
                values));
        values.put("STOP_NOTE", client ? "" : " Stop it with SIGINT or SIGTERM.");
        Map<String, String> files = new LinkedHashMap<>();
        if (framework(request)) {
            putFrameworkValues(values, request, io);
            values.put("USAGE", Templates.fill(resource("usage_framework.md.tmpl"), values));
            values.put("ADDRESS_NOTE", "- **HOST** is resolved by the framework, which binds its first address.\n");
            files.put("src/main/java/" + mainClass(request) + ".java",
                    fill("TcpServer_" + io + ".java.tmpl", values));
            files.put("pom.xml", fill("pom_framework.xml.tmpl", values));
        } else if (client) {
            values.put("CLIENT_BYTES", Integer.toString(CLIENT_BYTES));
            values.put("CLIENT_CHECK", resource("client_check.java.tmpl"));
            values.put("CLIENT_PAYLOAD", resource("client_payload_" + request.payload() + ".java.tmpl"));
            putChannelOptions(values, request, io);
            values.put("USAGE", Templates.fill(resource("usage_single.md.tmpl"), values));
            files.put(program(request), fill("TcpClient_" + io + ".java.tmpl", values));
            files.put("pom.xml", fill("pom_single.xml.tmpl", values));
            files.put("README.md", fill("README_client.md.tmpl", values));
            return files;
        } else {
            values.put("FRAMING", resource("framing_" + request.payload() + ".java.tmpl"));
            putChannelOptions(values, request, io);
            values.put("USAGE", Templates.fill(resource("usage_single.md.tmpl"), values));
            values.put("ADDRESS_NOTE", "- **Every address of HOST** (`InetAddress.getAllByName`, IPv4 and IPv6) is "
                    + "tried until one binds.\n");
            files.put(program(request), fill("TcpServer_" + io + ".java.tmpl", values));
            files.put("pom.xml", fill("pom_single.xml.tmpl", values));
        }
        files.put("README.md", fill("README.md.tmpl", values));
        return files;
    }

    /** The service, options, imports and dependencies of a Vert.x or Netty program. */
    private static void putFrameworkValues(Map<String, String> values, GenerateRequest request, String io) {
        var options = request.options();
        String payload = request.payload();
        TreeSet<String> imports = new TreeSet<>();
        if ("vertx".equals(io)) {
            values.put("OPTIONS", JavaOptions.vertxLines(options, "                "));
            values.put("SERVICE", resource("service_vertx_" + payload + ".java.tmpl"));
            values.put("SERVICE_FIELDS", "length-prefixed".equals(payload)
                    ? "        /** The length field of the frame whose payload is read now; null while a length is"
                      + " read. */\n        Buffer header;\n"
                    : "");
            if ("line".equals(payload) || "length-prefixed".equals(payload)) {
                imports.add("io.vertx.core.parsetools.RecordParser");
            }
            values.put("DEPENDENCIES", Templates.fill(resource("dependencies_vertx.xml.tmpl"), values));
        } else {
            values.put("SERVICE", resource("service_netty_" + ("discard".equals(payload) ? "discard" : "echo")
                    + ".java.tmpl"));
            values.put("DECODER", nettyDecoder(payload, imports));
            String indent = "                    ";
            String listener = JavaOptions.nettyLines(options, OptionKey.Role.LISTENER, "option", indent);
            String connection = JavaOptions.nettyLines(options, OptionKey.Role.CONNECTION, "childOption", indent);
            values.put("LISTENER_OPTIONS", listener);
            values.put("CONNECTION_OPTIONS", connection);
            boolean nioOnly = (listener + connection).contains("NioChannelOption.of(");
            if (nioOnly) {
                imports.add("io.netty.channel.socket.nio.NioChannelOption");
            }
            values.put("NATIVE", nettyNative(nioOnly));
            if ((listener + connection).contains("StandardSocketOptions.")) {
                imports.add("java.net.StandardSocketOptions");
            }
            if ((listener + connection).contains("ExtendedSocketOptions.")) {
                imports.add("jdk.net.ExtendedSocketOptions");
            }
            values.put("DEPENDENCIES", Templates.fill(resource("dependencies_netty.xml.tmpl"), values));
        }
        StringBuilder lines = new StringBuilder();
        imports.forEach(i -> lines.append("import ").append(i).append(";\n"));
        values.put("IMPORTS", lines.toString());
    }

    /**
     * The constant that picks the Netty transport: native epoll where it loads, unless an option is set through
     * {@code NioChannelOption}, which only the JDK's NIO channels take (the epoll channels would skip it).
     */
    private static String nettyNative(boolean nioOnly) {
        String doc = "    /**\n     * The transport: Linux's native epoll (netty-transport-native-epoll: fewer copies and system calls than the"
                + "\n     * JDK's selector) where its library loads, else the JDK's NIO.";
        return nioOnly
                ? doc + " NIO here: an option below is set through\n     * NioChannelOption, which only NIO channels"
                        + " take.\n     */\n    static final boolean NATIVE = false;\n"
                : doc + "\n     */\n    static final boolean NATIVE = Epoll.isAvailable();\n";
    }

    /** The frame decoder a Netty pipeline starts with for {@code payload}; adds its import. */
    private static String nettyDecoder(String payload, TreeSet<String> imports) {
        String indent = "                            ";
        switch (payload) {
            case "line":
                imports.add("io.netty.handler.codec.LineBasedFrameDecoder");
                return indent + "// Frames end with LF, kept; a longer line fails at once (TooLongFrameException).\n"
                        + indent + "ch.pipeline().addLast(new LineBasedFrameDecoder(BUF_SIZE, false, true));\n";
            case "length-prefixed":
                imports.add("io.netty.handler.codec.LengthFieldBasedFrameDecoder");
                return indent + "// A 4-byte big-endian length, then the payload; the whole frame is passed on. A\n"
                        + indent + "// frame over BUF_SIZE or a negative length fails as soon as the length is read.\n"
                        + indent + "ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(BUF_SIZE, 0, 4));\n";
            case "discard":
                imports.add("io.netty.util.ReferenceCountUtil");
                return "";
            default:
                return "";
        }
    }

    private static boolean framework(GenerateRequest request) {
        return FRAMEWORK_MODELS.contains(request.io());
    }

    /** The options, imports and helper of a program on JDK channels (a client has no listener). */
    private static void putChannelOptions(Map<String, String> values, GenerateRequest request, String io) {
        var options = request.options();
        boolean client = "tcp-client".equals(request.role());
        String connectionIndent = client || "nio".equals(io) ? "                "
                : "blocking".equals(io) ? "            " : "        ";
        String listener = client ? ""
                : JavaOptions.channelLines(options, OptionKey.Role.LISTENER, "server", "                ");
        String connection = JavaOptions.channelLines(options, OptionKey.Role.CONNECTION, "ch", connectionIndent);
        values.put("LISTENER_OPTIONS", listener);
        values.put("CONNECTION_OPTIONS", connection);
        String all = listener + connection;
        TreeSet<String> imports = new TreeSet<>();
        if (all.contains("StandardSocketOptions.")) {
            imports.add("java.net.StandardSocketOptions");
        }
        if (all.contains("ExtendedSocketOptions.")) {
            imports.add("jdk.net.ExtendedSocketOptions");
        }
        boolean guard = all.contains("setIfSupported(");
        if (guard) {
            imports.add("java.net.SocketOption");
        }
        StringBuilder lines = new StringBuilder();
        imports.forEach(i -> lines.append("import ").append(i).append(";\n"));
        values.put("IMPORTS", lines.toString());
        values.put("OPTION_HELPER", guard ? Templates.fill(resource("option_helper.java.tmpl"), values) : "");
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
            case "vertx":
                return "Vert.x " + VERTX_VERSION;
            case "netty":
                return "Netty " + NETTY_VERSION;
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
