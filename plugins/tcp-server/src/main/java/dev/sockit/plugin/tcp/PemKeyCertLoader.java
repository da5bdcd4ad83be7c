package dev.sockit.plugin.tcp;

import dev.sockit.api.SockitException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.SelfSignedCertificate;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Loads the key and certificate of a {@link TlsConfig} into memory, off the event loop: PEM files through
 * {@code vertx.fileSystem()}, or a self-signed certificate that Vert.x makes in temporary files, which are read
 * and deleted at once so that no private key is left behind. The server is configured with the values, not the
 * paths, so that Vert.x never reads a file on an event loop.
 */
final class PemKeyCertLoader {

    private PemKeyCertLoader() {
    }

    /** The key and certificate {@code tls} names, read or made. */
    static Future<PemKeyCertOptions> load(Vertx vertx, TlsConfig tls) {
        if (tls.isSelfSigned()) {
            return vertx.executeBlocking(PemKeyCertLoader::selfSigned);
        }
        // One after the other, so that a failure always names the first file that is wrong.
        return read(vertx, tls.cert(), "tls.cert").compose(cert -> read(vertx, tls.key(), "tls.key")
                .map(key -> new PemKeyCertOptions().setCertValue(cert).setKeyValue(key)));
    }

    private static Future<Buffer> read(Vertx vertx, String path, String key) {
        return vertx.fileSystem().readFile(path).recover(e -> Future.failedFuture(new SockitException(
                "cannot read " + key + " " + path + ": " + reason(e), e)));
    }

    private static String reason(Throwable e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        if (cause instanceof NoSuchFileException) {
            return "no such file";
        }
        if (cause instanceof AccessDeniedException) {
            return "permission denied";
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }

    /**
     * Makes a self-signed certificate for {@code localhost}, reads it and deletes its files. Blocks for about a
     * second: Netty makes it with BouncyCastle when present, else with the JDK's {@code keytool}. Vert.x 5
     * deprecates this helper for that dependency on the platform, which is acceptable for a development aid.
     */
    @SuppressWarnings("removal")
    private static PemKeyCertOptions selfSigned() throws IOException {
        SelfSignedCertificate certificate = SelfSignedCertificate.create();
        try {
            return new PemKeyCertOptions()
                    .setCertValue(Buffer.buffer(Files.readAllBytes(Path.of(certificate.certificatePath()))))
                    .setKeyValue(Buffer.buffer(Files.readAllBytes(Path.of(certificate.privateKeyPath()))));
        } finally {
            certificate.delete();
        }
    }
}
