package dev.sockit.plugin.generator;

import dev.sockit.api.BadRequestException;
import dev.sockit.api.Finding;
import dev.sockit.api.Quote;
import dev.sockit.api.Result;
import dev.sockit.api.Severity;
import dev.sockit.api.Status;
import dev.sockit.contracts.GeneratorContract;
import dev.sockit.contracts.GeneratorContract.GenerateRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code generate} and {@code list} verbs: validates a request, picks its {@link Emitter} from
 * {@link Emitters}, renders the files and writes them into the request's output folder. Blocking: it runs on the
 * process's worker threads.
 */
final class GenerateService {

    /** The optional request parameters an emitter may or may not honour ({@link Emitter#honours}). */
    static final String MAX_CONNECTIONS = "maxConnections";
    /** See {@link #MAX_CONNECTIONS}. */
    static final String IDLE_TIMEOUT = "idleTimeoutMillis";

    private final String processId;

    /** The service of process {@code processId}; its Results name the verb's address. */
    GenerateService(String processId) {
        this.processId = processId;
    }

    /**
     * Generates {@code request}: one Result listing the written files as artifacts, with {@code data.build},
     * {@code data.run}, {@code data.program}, {@code data.dir} and {@code data.files} (name and size of each).
     *
     * @throws BadRequestException for an invalid request, a combination not built yet, a missing output folder or
     *                             files that exist when {@code overwrite} is not set
     */
    Result generate(GenerateRequest request) throws IOException {
        request.validate();
        if (request.outputDir() == null) {
            throw new BadRequestException("outputDir is missing; expected the folder to write the files into");
        }
        Emitter emitter = Emitters.of(request);
        Map<String, String> files = emitter.render(request);
        Path dir = Path.of(request.outputDir()).toAbsolutePath().normalize();
        List<Path> targets = targets(dir, files);
        prepare(dir, targets, request.overwrite());
        List<Path> written = new ArrayList<>();
        JsonArray listed = new JsonArray();
        for (Map.Entry<String, String> file : files.entrySet()) {
            byte[] bytes = file.getValue().getBytes(StandardCharsets.UTF_8);
            Path target = dir.resolve(file.getKey());
            write(target, bytes);
            written.add(target);
            listed.add(new JsonObject().put("name", file.getKey()).put("bytes", bytes.length));
        }
        Result.Builder b = Result.builder("generate", request.describe())
                .address(GeneratorContract.GENERATE.address(processId));
        written.forEach(p -> b.artifact(p.toString()));
        List<String> unused = unhonoured(request, emitter);
        for (String parameter : unused) {
            String by = emitter.lang() + "/" + emitter.platform();
            b.finding(new Finding("parameter_not_honoured", Severity.WARNING, parameter + " "
                    + valueOf(request, parameter) + " is not written by the " + by
                    + " emitter yet; the program does not honour it",
                    "see the generated README.md for the limits the program has",
                    Map.of("parameter", parameter, "value", valueOf(request, parameter), "emitter", by)));
        }
        return b.status(unused.isEmpty() ? Status.SUCCESS : Status.WARNING)
                .data("dir", dir.toString())
                .data("program", dir.resolve(emitter.program(request)).toString())
                .data("build", emitter.build(request, dir))
                .data("run", emitter.run(request, dir))
                .data("files", listed)
                .data("request", GeneratorContract.GENERATE.body(request))
                .build();
    }

    /** The matrix, one row per language, platform, role and I/O model, each marked built or not. */
    Result list() {
        JsonArray rows = new JsonArray();
        int built = 0;
        for (Map.Entry<String, Map<String, List<String>>> lang : GeneratorContract.MATRIX.entrySet()) {
            for (Map.Entry<String, List<String>> platform : lang.getValue().entrySet()) {
                for (String role : GeneratorContract.ROLES) {
                    for (String io : GeneratorContract.models(role, lang.getKey(), platform.getKey())) {
                        boolean b = Emitters.isBuilt(role, lang.getKey(), platform.getKey(), io);
                        built += b ? 1 : 0;
                        rows.add(new JsonObject().put("lang", lang.getKey()).put("platform", platform.getKey())
                                .put("role", role).put("io", io).put("built", b));
                    }
                }
            }
        }
        return Result.builder("list", "generator matrix").address(GeneratorContract.LIST.address(processId))
                .finding(built + " of " + rows.size() + " combinations are built: " + Emitters.built())
                .data("matrix", rows)
                .data("roles", new JsonArray(GeneratorContract.ROLES))
                .data("payloads", new JsonArray(GeneratorContract.PAYLOADS))
                .build();
    }

    private static List<String> unhonoured(GenerateRequest request, Emitter emitter) {
        List<String> out = new ArrayList<>();
        if (request.maxConnections() != null && !emitter.honours(request).contains(MAX_CONNECTIONS)) {
            out.add(MAX_CONNECTIONS);
        }
        if (request.idleTimeoutMillis() != null && !emitter.honours(request).contains(IDLE_TIMEOUT)) {
            out.add(IDLE_TIMEOUT);
        }
        return out;
    }

    private static Object valueOf(GenerateRequest request, String parameter) {
        return MAX_CONNECTIONS.equals(parameter) ? request.maxConnections() : request.idleTimeoutMillis();
    }

    /** Where each file goes; an emitter's name that leaves {@code dir} is a bug in the emitter. */
    private static List<Path> targets(Path dir, Map<String, String> files) {
        List<Path> out = new ArrayList<>();
        for (String name : files.keySet()) {
            Path target = dir.resolve(name).normalize();
            if (!target.startsWith(dir) || target.equals(dir)) {
                throw new IllegalStateException("emitter file name " + Quote.of(name) + " is not inside " + dir);
            }
            out.add(target);
        }
        return out;
    }

    /**
     * Creates {@code dir} and refuses, naming them, files that exist unless {@code overwrite}; a folder that cannot
     * be created or written is bad input, named with the reason.
     */
    private static void prepare(Path dir, List<Path> targets, boolean overwrite) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new BadRequestException("outputDir " + Quote.of(dir.toString()) + " is a file; expected a folder");
        }
        try {
            Files.createDirectories(dir);
            for (Path target : targets) {
                Files.createDirectories(target.getParent());
            }
        } catch (AccessDeniedException e) {
            throw new BadRequestException("outputDir " + Quote.of(dir.toString()) + " cannot be created: permission "
                    + "denied on " + Quote.of(e.getFile()), e);
        } catch (FileSystemException e) {
            throw new BadRequestException("outputDir " + Quote.of(dir.toString()) + " cannot be created: "
                    + Quote.bare(e.getMessage()), e);
        }
        List<String> existing = new ArrayList<>();
        for (Path target : targets) {
            if (Files.isDirectory(target) || (!overwrite && Files.exists(target))) {
                existing.add(dir.relativize(target).toString());
            }
        }
        if (!existing.isEmpty()) {
            throw new BadRequestException("outputDir " + Quote.of(dir.toString()) + " already has " + existing
                    + "; expected a folder without them, or overwrite (sockit generate --force)");
        }
    }

    /** Writes {@code bytes} to a temporary file beside {@code target} and moves it over: no half-written file. */
    private static void write(Path target, byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
