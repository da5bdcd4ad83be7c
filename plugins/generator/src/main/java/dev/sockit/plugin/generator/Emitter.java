package dev.sockit.plugin.generator;

import dev.sockit.contracts.GeneratorContract.GenerateRequest;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The code writer of one language on one platform (C on POSIX, C on Windows, Java). An emitter renders the files of a
 * {@link GenerateRequest} as text and says how a user builds and runs them; the generator process writes the files,
 * lists them as the Result's artifacts and puts {@link #build} and {@link #run} in its data.
 */
public interface Emitter {

    /** The language: {@code c} or {@code java}. */
    String lang();

    /** The platform: {@code posix} or {@code windows} for C, {@code any} for Java. */
    String platform();

    /**
     * What this emitter writes so far: for each role, its I/O models (a subset of
     * {@link dev.sockit.contracts.GeneratorContract#MATRIX}, in the matrix's order).
     */
    Map<String, List<String>> covered();

    /** Whether {@link #render} writes {@code request}'s role and I/O model. */
    default boolean covers(GenerateRequest request) {
        return covered().getOrDefault(request.role(), List.of()).contains(request.io());
    }

    /**
     * Renders the files of {@code request} by relative file name, in a stable order.
     *
     * @throws dev.sockit.api.BadRequestException when the request is invalid or not {@linkplain #covers covered}
     */
    Map<String, String> render(GenerateRequest request);

    /** The program a build of {@code dir} produces, relative to it: {@code tcp-server}, {@code TcpServer.java}. */
    String program(GenerateRequest request);

    /** The shell command that builds the files written into {@code dir} ({@code make -C out}). */
    String build(GenerateRequest request, Path dir);

    /** The shell command that runs the built program with {@code HOST PORT}. */
    String run(GenerateRequest request, Path dir);

    /**
     * The optional request parameters this emitter writes into the program of {@code request}:
     * {@code maxConnections}, {@code idleTimeoutMillis}. The generate process warns when a request sets one that is
     * not listed here, since the program would not honour it. This default honours none.
     */
    default Set<String> honours(GenerateRequest request) {
        return Set.of();
    }
}
