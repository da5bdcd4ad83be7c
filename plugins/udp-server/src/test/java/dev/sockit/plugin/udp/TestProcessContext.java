package dev.sockit.plugin.udp;

import dev.sockit.api.testing.RecordingProcessContext;
import io.vertx.core.Vertx;

import java.time.Duration;

/** The platform-api test kit's {@link RecordingProcessContext} for a {@code udp-server} process. */
final class TestProcessContext<C> extends RecordingProcessContext<C> {

    TestProcessContext(Vertx vertx, String id, C config, int instances) {
        super(vertx, id, new UdpServerKind().name(), config, instances, Duration.ofSeconds(5));
    }

    @Override
    public TestProcessContext<C> reportFreeWithoutChecking(int n) {
        super.reportFreeWithoutChecking(n);
        return this;
    }
}
