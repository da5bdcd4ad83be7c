package dev.sockit.it;

import dev.sockit.api.HostPort;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The distribution's tcp-server with TLS, as docs/tcp-server.md describes it: a self-signed certificate, and a
 * PEM certificate with its key as PKCS#8 and as PKCS#1, each made here with {@code openssl}, and the echo checked
 * through {@code socat}'s OPENSSL address (verifying the certificate where there is one to verify).
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class TlsDistIT {

    private static final byte[] PAYLOAD = "hello over TLS, sockit\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path work;

    static Dist dist;
    static Path cert;
    static Path pkcs8Key;
    static Path pkcs1Key;

    private final List<Dist.Launched> started = new ArrayList<>();

    @BeforeAll
    static void unpackAndMakeACertificate() throws IOException {
        ExternalCommand.requireTool("openssl", "openssl");
        ExternalCommand.requireTool("socat", "socat");
        dist = Dist.unpack(work);
        cert = work.resolve("server.pem");
        pkcs8Key = work.resolve("server-pkcs8.key");
        pkcs1Key = work.resolve("server-pkcs1.key");
        ExternalCommand.ok(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-keyout", pkcs8Key.toString(), "-out", cert.toString()));
        ExternalCommand.ok(List.of("openssl", "pkey", "-in", pkcs8Key.toString(), "-traditional",
                "-out", pkcs1Key.toString()));
        // The two encodings the docs name, as their PEM headers say.
        assertTrue(Files.readString(pkcs8Key).startsWith("-----BEGIN PRIVATE KEY-----"), "not PKCS#8");
        assertTrue(Files.readString(pkcs1Key).startsWith("-----BEGIN RSA PRIVATE KEY-----"), "not PKCS#1");
    }

    @AfterEach
    void stopWhatIsStillRunning() throws InterruptedException {
        for (Dist.Launched l : started) {
            if (l.process().isAlive()) {
                l.terminate(30);
            }
        }
    }

    @Test
    void a_self_signed_certificate_serves_TLS_that_socat_talks_without_verifying() throws Exception {
        Dist.Launched run = start("self.yaml", "{ selfSigned: true }");
        int port = port(run.firstResult(60));
        ExternalCommand socat = socat(port, "verify=0");
        assertEquals(0, socat.exit(), socat.stderr());
        assertArrayEquals(PAYLOAD, socat.stdout(), socat.stdoutText());
        assertEquals(0, run.terminate(30), run.stderr());
    }

    @Test
    void a_PEM_certificate_with_a_PKCS8_key_is_verified_by_socat_and_echoes() throws Exception {
        servesAVerifiedEcho("pkcs8.yaml", pkcs8Key);
    }

    @Test
    void a_PEM_certificate_with_a_PKCS1_key_is_verified_by_socat_and_echoes() throws Exception {
        servesAVerifiedEcho("pkcs1.yaml", pkcs1Key);
    }

    @Test
    void a_missing_certificate_file_fails_the_start_naming_the_file() throws Exception {
        Path missing = work.resolve("no-such.pem");
        Dist.Launched run = start("missing.yaml", "{ cert: " + missing + ", key: " + pkcs8Key + " }");
        JsonObject result = run.firstResult(60);
        assertTrue(run.process().waitFor(60, TimeUnit.SECONDS), "sockit did not exit with no process running");
        assertEquals(1, run.process().exitValue(), run.stderr());
        assertEquals("error", result.getString("status"), result.encode());
        String cause = result.getJsonObject("data").getJsonArray("processes").getJsonObject(0).getString("cause");
        assertTrue(cause.contains("cannot read tls.cert " + missing + ": no such file"), cause);
        assertTrue(!run.stderr().contains("\tat "), "a stack trace on the console: " + run.stderr());
    }

    private void servesAVerifiedEcho(String name, Path key) throws Exception {
        Dist.Launched run = start(name, "{ cert: " + cert + ", key: " + key + " }");
        int port = port(run.firstResult(60));

        ExternalCommand verified = socat(port, "cafile=" + cert + ",verify=1,commonname=localhost");
        assertEquals(0, verified.exit(), verified.stderr());
        assertArrayEquals(PAYLOAD, verified.stdout(), verified.stdoutText());

        // The same client without the certificate to trust refuses the server: verification really happens.
        ExternalCommand untrusted = socat(port, "verify=1,commonname=localhost");
        assertNotEquals(0, untrusted.exit(), "socat accepted a certificate it has no reason to trust");
        assertEquals(0, untrusted.stdout().length, untrusted.stdoutText());

        // A client that speaks plain TCP gets no echo of its bytes.
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(3000);
            s.getOutputStream().write(PAYLOAD);
            byte[] back;
            try {
                back = s.getInputStream().readNBytes(PAYLOAD.length);
            } catch (SocketTimeoutException | java.net.SocketException closed) {
                back = new byte[0];
            }
            assertNotEquals(new String(PAYLOAD, StandardCharsets.ISO_8859_1),
                    new String(back, StandardCharsets.ISO_8859_1), "plain text was echoed by a TLS server");
        }
        assertEquals(0, run.terminate(30), run.stderr());
    }

    /**
     * Starts a TLS echo, with no idle timeout: socat ends its input with close_notify and no TCP FIN, and waits
     * (past {@code -t}, even past SIGTERM) until the server closes, which the echo does once it has written back
     * everything it owes.
     */
    private Dist.Launched start(String name, String tls) throws IOException {
        String yaml = "runtime:\n  shutdownTimeout: 3s\nprocesses:\n  tls:\n    kind: tcp-server\n    config:\n"
                + "      host: 127.0.0.1\n      port: 0\n      maxConnections: 10\n"
                + "      tls: " + tls + "\n";
        Dist.Launched run = dist.launch("run", "-c", Files.writeString(work.resolve(name), yaml).toString(),
                "--output", "json");
        started.add(run);
        return run;
    }

    /** socat as a TLS client: sends {@link #PAYLOAD}, prints what comes back, waits at most 5 s after its EOF. */
    private static ExternalCommand socat(int port, String tlsOptions) {
        return ExternalCommand.run(List.of("socat", "-t", "5", "-", "OPENSSL:127.0.0.1:" + port + "," + tlsOptions),
                PAYLOAD, 30);
    }

    private static int port(JsonObject result) {
        assertEquals("success", result.getString("status"), result.encode());
        String a = result.getString("address");
        return HostPort.parse(a).port();
    }
}
