package dev.sockit.plugin.generator;

import dev.sockit.contracts.GeneratorContract.GenerateRequest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The payloads other than echo, on every I/O model (echo is {@link CGeneratorEchoTest}): each program is built with
 * gcc and AddressSanitizer + UndefinedBehaviorSanitizer and driven over the loopback. discard sends nothing back and
 * closes after the peer; line echoes whole lines, drops a trailing partial line, and answers an overlong line with a
 * message and a close; length-prefixed echoes frames up to the maximum, split across writes, and closes on a larger
 * length.
 */
class CGeneratorPayloadTest {

    static Stream<GenerateRequest> combinations() {
        return CBuild.combinations().filter(r -> "tcp-server".equals(r.role()) && !"echo".equals(r.payload()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("combinations")
    void generated_server_follows_its_payload_under_sanitizers(GenerateRequest request, @TempDir Path tmp)
            throws Exception {
        Path program = CBuild.build(request, tmp.resolve("asan"), "gcc", CBuild.STRICT + " -O1 -g "
                + CBuild.SANITIZE, CBuild.SANITIZE);
        try (CServer server = CServer.start(program, tmp.resolve("server.err"))) {
            server.assumeRunning();
            switch (request.payload()) {
                case "discard" -> discard(server);
                case "line" -> line(server);
                case "length-prefixed" -> lengthPrefixed(server);
                default -> throw new IllegalArgumentException(request.payload());
            }
            server.assertHealthy();
        }
    }

    private static void discard(CServer server) throws Exception {
        try (Socket s = server.connect()) {
            byte[] data = new byte[1024 * 1024];
            new Random(1).nextBytes(data);
            s.getOutputStream().write(data);
            s.shutdownOutput();
            assertEquals(-1, s.getInputStream().read(), "discard sent something back");
        }
    }

    private static void line(CServer server) throws Exception {
        try (Socket s = server.connect()) {
            OutputStream out = s.getOutputStream();
            // lines split across writes, an empty line, and a trailing partial line that is dropped at the end
            for (String piece : new String[] {"hel", "lo\nwor", "ld\n", "\n", "x".repeat(4096) + "\nrest"}) {
                out.write(piece.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(5);
            }
            s.shutdownOutput();
            assertEquals("hello\nworld\n\n" + "x".repeat(4096) + "\n", readAll(s.getInputStream()));
        }
        try (Socket s = server.connect()) {
            s.getOutputStream().write("ok\n".concat("y".repeat(CGenerator.MAX_LINE + 1)).getBytes(
                    StandardCharsets.US_ASCII));
            assertEquals("ok\nerror: line too long\n", readAll(s.getInputStream()),
                    "an overlong line gets a message and the end of the stream");
        }
    }

    private static void lengthPrefixed(CServer server) throws Exception {
        Random random = new Random(2);
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        for (int size : new int[] {0, 1, 1000, CGenerator.MAX_FRAME, 7}) {
            byte[] body = new byte[size];
            random.nextBytes(body);
            frames.write(ByteBuffer.allocate(4).putInt(size).array());
            frames.write(body);
        }
        byte[] all = frames.toByteArray();
        try (Socket s = server.connect()) {
            OutputStream out = s.getOutputStream();
            for (int off = 0; off < all.length; off += 777) { // frames split at arbitrary points
                out.write(all, off, Math.min(777, all.length - off));
                out.flush();
            }
            out.write(new byte[] {0, 0}); // half a header: dropped at the end
            s.shutdownOutput();
            assertArrayEquals(all, readAll(s.getInputStream()).getBytes(StandardCharsets.ISO_8859_1));
        }
        try (Socket s = server.connect()) {
            s.getOutputStream().write(ByteBuffer.allocate(8).putInt(CGenerator.MAX_FRAME + 1).putInt(0).array());
            assertEquals("", readAll(s.getInputStream()), "a frame over the maximum closes the connection");
        }
    }

    /** Reads until the end of the stream; a reset after the server's close counts as the end. */
    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        long deadline = System.currentTimeMillis() + 20_000;
        try {
            for (int n; (n = in.read(buf)) > 0; ) {
                got.write(buf, 0, n);
                assertTrue(System.currentTimeMillis() < deadline, "reading took over 20 s");
            }
        } catch (SocketException e) {
            if (!String.valueOf(e.getMessage()).contains("reset")) {
                throw e;
            }
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }
}
