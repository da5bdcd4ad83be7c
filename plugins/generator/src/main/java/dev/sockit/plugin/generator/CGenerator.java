package dev.sockit.plugin.generator;

import dev.sockit.api.BadRequestException;
import dev.sockit.api.OptionKey;
import dev.sockit.api.SocketOptions;
import dev.sockit.contracts.GeneratorContract.GenerateRequest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The C emitter for POSIX: turns a validated {@link GenerateRequest} into {@code tcp_server.c}, a {@code Makefile}
 * and a {@code README.md}. Templates are resources with {@code {{NAME}}} placeholders; every placeholder must be
 * filled, or generation fails. This slice covers {@code tcp-server} with the {@code epoll} (edge-triggered) and
 * {@code poll} models and the {@code echo} payload.
 */
public final class CGenerator implements Emitter {

    /** The I/O models this emitter writes. */
    public static final List<String> MODELS = List.of("epoll", "poll");
    /** Pending-output bytes per connection in the generated program. */
    public static final int BUF_SIZE = 16384;
    /** Connections the generated program holds at once. */
    public static final int MAX_CONNS = 512;

    @Override
    public String lang() {
        return "c";
    }

    @Override
    public String platform() {
        return "posix";
    }

    @Override
    public Map<String, List<String>> covered() {
        return Map.of("tcp-server", MODELS);
    }

    @Override
    public String program(GenerateRequest request) {
        return request.role();
    }

    @Override
    public String build(GenerateRequest request, Path dir) {
        return "make -C " + dir;
    }

    @Override
    public String run(GenerateRequest request, Path dir) {
        return dir.resolve(program(request)) + " " + request.host() + " " + request.port();
    }

    /**
     * Renders the files of {@code request}, by file name, in a stable order.
     *
     * @throws BadRequestException when the request is invalid or not covered by this emitter yet
     */
    @Override
    public Map<String, String> render(GenerateRequest request) {
        request.validate();
        if (!"tcp-server".equals(request.role()) || !"c".equals(request.lang())
                || !"posix".equals(request.platform()) || !MODELS.contains(request.io())
                || !"echo".equals(request.payload())) {
            throw new BadRequestException("the C emitter writes tcp-server, c, posix, echo with io one of " + MODELS
                    + " so far; got " + request.role() + ", " + request.lang() + ", " + request.platform() + ", "
                    + request.payload() + " with io '" + request.io() + "'");
        }
        boolean epoll = "epoll".equals(request.io());
        Map<String, String> values = new LinkedHashMap<>();
        values.put("IO", request.io());
        values.put("IO_TITLE", epoll ? "epoll (edge-triggered)" : "poll");
        values.put("HOST", request.host());
        values.put("PORT", Integer.toString(request.port()));
        values.put("BACKLOG", Integer.toString(request.backlog()));
        values.put("BUF", Integer.toString(BUF_SIZE));
        values.put("MAX", Integer.toString(MAX_CONNS));
        values.put("IO_INCLUDES", epoll ? "#include <stdint.h>\n#include <sys/epoll.h>\n" : "#include <poll.h>\n");
        values.put("IO_LOOP", fill(resource(epoll ? "loop_epoll.c.tmpl" : "loop_poll.c.tmpl"), values));
        values.put("IO_NOTES", epoll
                ? "- **Edge-triggered epoll** reports a change once: every handler drains `accept4`/`recv`/`send` until\n"
                  + "  `EAGAIN` (the EAGAIN drain loop), or until the buffer is full, when the next output edge resumes reading.\n"
                : "- **poll** is level-triggered: the set is rebuilt each round, asking for input only while the buffer has\n"
                  + "  room and for output only while output is pending.\n");
        values.put("LISTENER_OPTIONS", optionLines(request.options(), OptionKey.Role.LISTENER));
        values.put("CONNECTION_OPTIONS", optionLines(request.options(), OptionKey.Role.CONNECTION));
        Map<String, String> files = new LinkedHashMap<>();
        files.put("tcp_server.c", fill(resource("tcp_server.c.tmpl"), values));
        files.put("Makefile", fill(resource("Makefile.tmpl"), values));
        files.put("README.md", fill(resource("README.md.tmpl"), values));
        return files;
    }

    /**
     * Writes the files of {@code request} into {@code dir}, creating it.
     *
     * @return the written files, in order
     */
    public List<Path> generate(GenerateRequest request, Path dir) throws IOException {
        Map<String, String> files = render(request);
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, String> file : files.entrySet()) {
            written.add(Files.writeString(dir.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8));
        }
        return written;
    }

    /** The setsockopt lines for the options of {@code options} that apply to sockets of {@code role}. */
    static String optionLines(SocketOptions options, OptionKey.Role role) {
        StringBuilder out = new StringBuilder();
        for (OptionKey<?> key : options.keys()) {
            if (!key.appliesTo(role)) {
                continue;
            }
            Object value = options.get(key);
            if (!key.isSocketOption() || key.level() == null) {
                out.append("    /* ").append(key.name()).append(": not a setsockopt option (")
                        .append(key.nativeName()).append("); skipped */\n");
                continue;
            }
            String level = key.level().name();
            String name = key.nativeName();
            out.append("    /* ").append(name).append(": ").append(key.meaning().replace("*/", "* /")).append(" */\n");
            if (value instanceof Duration d && "SO_LINGER".equals(name)) {
                out.append("    {\n")
                        .append("        struct linger lg = { 1, ").append(d.toSeconds()).append(" };\n")
                        .append("        if (setsockopt(fd, ").append(level).append(", ").append(name)
                        .append(", &lg, sizeof lg) < 0) {\n")
                        .append("            fprintf(stderr, \"setsockopt ").append(name)
                        .append(": %s\\n\", strerror(errno));\n")
                        .append("            return -1;\n        }\n    }\n");
                continue;
            }
            long number;
            if (value instanceof Boolean b) {
                number = b ? 1 : 0;
            } else if (value instanceof Duration d) {
                number = key.unit() == ChronoUnit.MILLIS ? d.toMillis() : d.toSeconds();
            } else if (value instanceof Number n) {
                number = n.longValue();
            } else {
                out.append("    /* ").append(name).append(": value type ").append(value.getClass().getSimpleName())
                        .append(" has no C form yet; skipped */\n");
                continue;
            }
            out.append("    if (set_int_option(fd, ").append(level).append(", ").append(name).append(", \"")
                    .append(name).append("\", ").append(number).append(") < 0) {\n        return -1;\n    }\n");
        }
        return out.toString();
    }

    private static String fill(String template, Map<String, String> values) {
        return Templates.fill(template, values);
    }

    private static String resource(String name) {
        return Templates.resource(CGenerator.class, name);
    }
}
