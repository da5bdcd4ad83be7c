package dev.sockit.plugin.tcp;

import dev.sockit.api.testing.RecordingProcessContext;
import io.vertx.core.Vertx;

import java.time.Duration;

/** The platform-api test kit's {@link RecordingProcessContext} for a {@code tcp-server} process. */
final class TestProcessContext<C> extends RecordingProcessContext<C> {

    TestProcessContext(Vertx vertx, String id, C config, int instances, Duration shutdownTimeout) {
        super(vertx, id, new TcpServerKind().name(), config, instances, shutdownTimeout);
    }

    @Override
    public TestProcessContext<C> reportFreeWithoutChecking(int n) {
        super.reportFreeWithoutChecking(n);
        return this;
    }
}
