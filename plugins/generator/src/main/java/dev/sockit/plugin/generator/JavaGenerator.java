package dev.sockit.plugin.generator;

import dev.sockit.api.BadRequestException;
import dev.sockit.api.OptionKey;
import dev.sockit.contracts.GeneratorContract;
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
 * A {@code tcp-client} ({@code blocking}, {@code nio}, {@code nio2}) is one {@code TcpClient.java} that sends the
 * payload and checks the answer; on {@code vertx} and {@code netty} it is a Maven project like the servers. A
 * {@code udp-server} or {@code udp-client} ({@code blocking}, {@code nio}; payload echo or discard) is one
 * {@code UdpServer.java} or {@code UdpClient.java} on a {@code DatagramChannel}, on {@code netty} a Maven project on
 * a {@code NioDatagramChannel}, on {@code vertx} one on a Vert.x {@code DatagramSocket}; NIO.2 has no datagram
 * channel, so the contract
 * refuses {@code nio2} for UDP. Templates live under {@code java/} beside
 * {@link CGenerator}'s.
 */
public final class JavaGenerator implements Emitter {

    /** The tcp-server models this emitter writes, in the matrix's order. */
    public static final List<String> SERVER_MODELS = List.of("blocking", "nio", "nio2", "vertx", "netty");
    /** The tcp-client models this emitter writes, in the matrix's order. */
    public static final List<String> CLIENT_MODELS = List.of("blocking", "nio", "nio2", "vertx", "netty");
    /** The udp-server and udp-client models this emitter writes ({@code nio2} has no datagram channel). */
    public static final List<String> UDP_MODELS = List.of("blocking", "nio", "vertx", "netty");
    /** The payloads of UDP programs: a datagram is already a frame, so line and length-prefixed do not apply. */
    public static final List<String> UDP_PAYLOADS = List.of("echo", "discard");
    /** Datagrams a generated udp-client sends when not told otherwise. */
    public static final int UDP_COUNT = 200;
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
    /** The README's socket-option note of a single-file client. */
    private static final String CLIENT_OPTIONS_NOTE = "- **Socket options** come from sockit's socket-option table"
            + " and are set before `connect`, where buffer sizes\n  still shape the TCP window the handshake announces."
            + " Each `setOption` line says what the option does and what\n  the kernel does with the value; an option"
            + " the JDK cannot set at all is a comment saying so.\n";
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
        covered.put("udp-server", UDP_MODELS);
        covered.put("udp-client", UDP_MODELS);
        return Collections.unmodifiableMap(covered);
    }

    /** The payloads this emitter writes for {@code role}. */
    public List<String> payloads(String role) {
        if (role.startsWith("udp-")) {
            return UDP_PAYLOADS;
        }
        return covered().containsKey(role) ? GeneratorContract.PAYLOADS : List.of();
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
        request = Emitters.withDefaults(request); // TCP_NODELAY on unless asked otherwise
        if (!"java".equals(request.lang()) || !covers(request)) {
            throw new BadRequestException("the Java emitter writes " + covered() + " so far; got " + request.role()
                    + ", " + request.lang() + " with io '" + request.io() + "'");
        }
        boolean udp = request.role().startsWith("udp-");
        if (udp && !UDP_PAYLOADS.contains(request.payload())) {
            throw new BadRequestException("payload '" + request.payload() + "' does not apply to " + request.role()
                    + ": a datagram is already a frame; expected one of " + UDP_PAYLOADS);
        }
        String io = request.io();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("NODELAY_NOTE", Emitters.nodelayNote(request));
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
        if (udp) {
            return renderUdp(request, values);
        }
        boolean client = "tcp-client".equals(request.role());
        values.put("IO_NOTES", Templates.fill(resource("notes_" + (client ? "client_" : "") + io + ".md.tmpl"),
                values));
        values.put("STOP_NOTE", client ? "" : " Stop it with SIGINT or SIGTERM.");
        values.put("ARGS", client ? "[HOST [PORT [BYTES|-]]]" : "[HOST [PORT]]");
        values.put("FRAMEWORK_STOP", client ? "" : "Stop it with SIGINT or SIGTERM. ");
        values.put("CLIENT_ADDRESS_NOTE", "vertx".equals(io)
                ? "- **HOST is resolved by Vert.x**, which connects to its first address.\n"
                : "- **Every address of HOST** (`InetAddress.getAllByName`, IPv4 and IPv6) is tried until one"
                        + " connects.\n");
        values.put("CLIENT_OPTIONS_NOTE", !framework(request) ? CLIENT_OPTIONS_NOTE
                : "vertx".equals(io) ? "- **Socket options** come from sockit's socket-option table as "
                        + "`NetClientOptions` setters, applied before\n  `connect`; each says what the option does and"
                        + " what the kernel does with the value. The ones that need a\n  native transport take effect"
                        + " only with `netty-transport-native-epoll` on the class path (Vert.x then\n  prefers it);"
                        + " the JDK's NIO ignores them.\n"
                : "- **Socket options** come from sockit's socket-option table as `ChannelOption`s of the "
                        + "`Bootstrap`, set before\n  `connect`, where buffer sizes still shape the TCP window the "
                        + "handshake announces; each says what the\n  option does and what the kernel does with the "
                        + "value (`NioChannelOption.of(...)` for a JDK option Netty has no\n  constant for).\n");
        Map<String, String> files = new LinkedHashMap<>();
        if (framework(request) && client) {
            putFrameworkClientValues(values, request, io);
            values.put("USAGE", Templates.fill(resource("usage_framework.md.tmpl"), values));
            files.put("src/main/java/" + mainClass(request) + ".java",
                    fill("TcpClient_" + io + ".java.tmpl", values));
            files.put("pom.xml", fill("pom_framework.xml.tmpl", values));
            files.put("README.md", fill("README_client.md.tmpl", values));
            return files;
        } else if (framework(request)) {
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

    /** The files of a udp-server or udp-client: one datagram channel, datagrams whole or nothing. */
    private static Map<String, String> renderUdp(GenerateRequest request, Map<String, String> values) {
        boolean client = "udp-client".equals(request.role());
        boolean echo = "echo".equals(request.payload());
        String io = request.io();
        values.put("IO_TITLE", "blocking".equals(io) ? "a blocking DatagramChannel" : title(io));
        values.put("UDP_COUNT", Integer.toString(UDP_COUNT));
        values.put("UDP_ARGS", client ? "[HOST [PORT [COUNT]]]" : "[HOST [PORT]]");
        values.put("STOP_NOTE", client ? "" : " Stop it with SIGINT or SIGTERM.");
        values.put("UDP_PAYLOAD_NOTE", client
                ? echo ? "Each datagram waits for the same bytes back (stop and wait, 1 s, sent again up to 3 times;"
                        + " a late reply to an earlier datagram is skipped)."
                        : "After the last datagram, nothing may come back within 1 s."
                : echo ? "each datagram goes back whole to its sender." : "each datagram is dropped; nothing is sent.");
        String side = client ? "client" : "server";
        boolean vertx = "vertx".equals(io);
        values.put("UDP_CONNECT_NOTE", vertx
                ? "- **Replies from the server only**: datagrams go to HOST PORT, and the handler drops any datagram"
                        + " from\n  another address or port.\n"
                : "- **A connected UDP channel**: `connect` fixes the server's address, so only its datagrams are"
                        + " received and an ICMP\n  port unreachable is reported as `PortUnreachableException`.\n");
        values.put("UDP_NOTES", fill("notes_udp_" + side + ".md.tmpl", values));
        values.put("IO_NOTES", fill("notes_udp_" + side + "_" + io + ".md.tmpl", values));
        boolean netty = "netty".equals(io);
        values.put("UDP_ADDRESS_NOTE", netty
                ? "- **HOST is resolved by Netty**, which " + (client ? "connects to" : "binds")
                        + " its first address.\n"
                : "- **Every address of HOST** (`InetAddress.getAllByName`, IPv4 and IPv6) is tried until one"
                        + " works.\n");
        if (vertx) {
            values.put("UDP_ADDRESS_NOTE", "- **HOST is resolved once** (`InetAddress.getByName`, its first address)"
                    + " and the socket's address family\n  follows it.\n");
            values.put("DATAGRAM_OPTIONS", JavaOptions.vertxDatagramLines(request.options(),
                    client ? "                    " : "                "));
            values.put("UDP_RCVBUF", Integer.toString(JavaOptions.vertxReceiveBuffer(request.options(), 65536)));
            values.put("IMPORTS", "");
            values.put("DEPENDENCIES", fill("dependencies_vertx.xml.tmpl", values));
            values.put("UDP_RUN", fill("udp_run_framework.md.tmpl", values));
        } else if (netty) {
            // the UDP programs run on NioDatagramChannel only
            putNettyNioValues(values, "DATAGRAM_OPTIONS", JavaOptions.nettyLines(request.options(),
                    OptionKey.Role.DATAGRAM, "option", client ? "                " : "                    "));
            values.put("UDP_RUN", fill("udp_run_framework.md.tmpl", values));
        } else {
            String datagram = JavaOptions.channelLines(request.options(), OptionKey.Role.DATAGRAM, "ch",
                    "                ");
            values.put("DATAGRAM_OPTIONS", datagram);
            putImports(values, datagram);
            values.put("UDP_RUN", fill("udp_run_single.md.tmpl", values));
        }
        values.put("UDP_CHANNEL", netty ? "Channel" : vertx ? "DatagramSocket" : "DatagramChannel");
        if (client) {
            values.put("UDP_CLIENT_HEAD", fill("udp_client_head.java.tmpl", values));
            values.put("UDP_CLIENT_MAIN", fill("udp_client_main.java.tmpl", values));
            if (!netty && !vertx) {
                values.put("UDP_CLIENT_COMMON", values.get("UDP_CLIENT_MAIN")
                        + fill("udp_client_jdk.java.tmpl", values));
            }
            values.put("UDP_EXCHANGE", fill("udp_exchange_" + request.payload() + ".java.tmpl", values));
        } else if (netty || vertx) {
            values.put("UDP_SERVICE", resource("udp_service_" + io + "_" + request.payload() + ".java.tmpl"));
            values.put("UDP_SERVER_FIELDS", echo ? "    /** Replies handed to Vert.x and not yet written; beyond"
                    + " it a reply is dropped, never queued. */\n    static final int MAX_PENDING = 256;\n" : "");
        } else {
            values.put("UDP_REPLY", resource("udp_reply_" + request.payload() + ".java.tmpl"));
            values.put("UDP_BIND", fill("udp_bind.java.tmpl", values));
        }
        Map<String, String> files = new LinkedHashMap<>();
        boolean framework = netty || vertx;
        files.put((framework ? "src/main/java/" : "") + mainClass(request) + ".java",
                fill((client ? "UdpClient_" : "UdpServer_") + io + ".java.tmpl", values));
        files.put("pom.xml", fill(framework ? "pom_framework.xml.tmpl" : "pom_single.xml.tmpl", values));
        files.put("README.md", fill("README_udp.md.tmpl", values));
        return files;
    }

    /** The options, imports, payload and dependencies of a Vert.x or Netty tcp-client. */
    private static void putFrameworkClientValues(Map<String, String> values, GenerateRequest request, String io) {
        values.put("CLIENT_BYTES", Integer.toString(CLIENT_BYTES));
        values.put("CLIENT_CHECK", resource("client_check.java.tmpl"));
        values.put("CLIENT_PAYLOAD", resource("client_payload_" + request.payload() + ".java.tmpl"));
        if ("vertx".equals(io)) {
            values.put("OPTIONS", JavaOptions.vertxClientLines(request.options(), "                "));
            values.put("DEPENDENCIES", fill("dependencies_vertx.xml.tmpl", values));
            values.put("IMPORTS", "");
        } else {
            // one connection: NIO, see the README
            putNettyNioValues(values, "CONNECTION_OPTIONS", JavaOptions.nettyLines(request.options(),
                    OptionKey.Role.CONNECTION, "option", "                    "));
        }
    }

    /**
     * The option lines (under {@code key}), their imports and the dependencies of a Netty program that runs on the
     * JDK's NIO transport only: no native transport dependency.
     */
    private static void putNettyNioValues(Map<String, String> values, String key, String optionLines) {
        values.put(key, optionLines);
        TreeSet<String> imports = new TreeSet<>();
        nettyOptionImports(optionLines, imports);
        values.put("IMPORTS", importLines(imports));
        values.put("NETTY_NATIVE_DEPENDENCY", "");
        values.put("DEPENDENCIES", fill("dependencies_netty.xml.tmpl", values));
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
            nettyOptionImports(listener + connection, imports);
            values.put("NATIVE", nettyNative((listener + connection).contains("NioChannelOption.of(")));
            values.put("NETTY_NATIVE_DEPENDENCY",
                    Templates.fill(resource("dependency_netty_native.xml.tmpl"), values));
            values.put("DEPENDENCIES", Templates.fill(resource("dependencies_netty.xml.tmpl"), values));
        }
        values.put("IMPORTS", importLines(imports));
    }

    /** One {@code import} statement per name, in the set's order. */
    private static String importLines(TreeSet<String> imports) {
        StringBuilder lines = new StringBuilder();
        imports.forEach(i -> lines.append("import ").append(i).append(";\n"));
        return lines.toString();
    }

    /** The imports the Netty option lines {@code lines} need. */
    private static void nettyOptionImports(String lines, TreeSet<String> imports) {
        if (lines.contains("NioChannelOption.of(")) {
            imports.add("io.netty.channel.socket.nio.NioChannelOption");
        }
        if (lines.contains("StandardSocketOptions.")) {
            imports.add("java.net.StandardSocketOptions");
        }
        if (lines.contains("ExtendedSocketOptions.")) {
            imports.add("jdk.net.ExtendedSocketOptions");
        }
    }

    /**
     * The constant that picks the Netty transport: native epoll where it loads, unless an option is set through
     * {@code NioChannelOption}, which only the JDK's NIO channels take (the epoll channels would skip it).
     */
    private static String nettyNative(boolean nioOnly) {
        String doc = "    /**\n     * The transport: Linux's native epoll (netty-transport-native-epoll: fewer"
                + " copies and system calls than the\n     * JDK's selector) where its library loads, else the JDK's"
                + " NIO.";
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
        // setOption throws IOException; without option lines the catch would not compile (javac: never thrown)
        values.put("OPTIONS_FAILED", connection.isEmpty() ? "" : """
                            } catch (IOException e) {
                                ch.close();
                                last = e;
                """);
        putImports(values, listener + connection);
    }

    /** The imports the option lines {@code all} need, and the {@code setIfSupported} helper when they use it. */
    private static void putImports(Map<String, String> values, String all) {
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
        values.put("IMPORTS", importLines(imports));
        values.put("OPTION_HELPER", guard ? Templates.fill(resource("option_helper.java.tmpl"), values) : "");
    }

    private static String mainClass(GenerateRequest request) {
        switch (request.role()) {
            case "tcp-client":
                return "TcpClient";
            case "udp-server":
                return "UdpServer";
            case "udp-client":
                return "UdpClient";
            default:
                return "TcpServer";
        }
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
