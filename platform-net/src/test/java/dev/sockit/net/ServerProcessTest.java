package dev.sockit.net;

import dev.sockit.api.testing.RecordingProcessContext;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerProcessTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    /** A server of port numbers: what its first instance binds is the port. */
    private static final class PortServer extends ServerProcess<String, Integer> {
        final LongAdder bytesIn = counters.add("bytesIn", new LongAdder());

        PortServer(RecordingProcessContext<String> context) {
            super(context);
        }

        @Override
        public Deployable newInstance() {
            throw new UnsupportedOperationException("not deployed in this test");
        }

        @Override
        public String configuredAddress() {
            return "127.0.0.1:0";
        }

        @Override
        protected OptionReport optionReport() {
            return new OptionReport.Builder().applied("tcpNoDelay", "true").ignored("tcpCork", "needs epoll").build();
        }

        @Override
        protected String addressOf(Integer port) {
            return "127.0.0.1:" + port;
        }

        @Override
        public JsonObject status() {
            JsonObject status = putAddresses(new JsonObject().put("handler", "echo")).put("up", instancesUp());
            counters.putInto(status).put("options", new JsonObject());
            return putOptions(status, new JsonObject().put("tcpNoDelay", true), new JsonArray().add("advice"));
        }

        void up(BindOrJoin.Deployment<Integer> deployment) {
            instanceUp(deployment);
        }

        boolean down(BindOrJoin.Deployment<Integer> deployment) {
            return instanceDown(deployment);
        }
    }

    private PortServer server(int instances) {
        return new PortServer(new RecordingProcessContext<>(vertx, "echo", "test-server", "config", instances,
                Duration.ofSeconds(1)));
    }

    @Test
    void the_address_is_empty_until_the_first_instance_has_bound_and_then_says_what_it_bound() {
        PortServer server = server(1);
        assertEquals("", server.address());
        server.firstBound(Future.failedFuture("port in use"));
        assertEquals("", server.address());
        server.firstBound(Future.succeededFuture(7007));
        assertEquals("127.0.0.1:7007", server.address());
    }

    @Test
    void counts_the_instances_up_and_tells_the_last_one_down() {
        PortServer server = server(2);
        BindOrJoin.Deployment<Integer> deployment = server.deployment("d1");
        server.up(deployment);
        server.up(deployment);
        assertEquals(2, server.status().getInteger("up"));
        assertFalse(server.down(deployment));
        assertTrue(server.down(deployment));
        assertEquals(0, server.status().getInteger("up"));
    }

    @Test
    void writes_the_keys_every_server_shares_where_the_subclass_puts_them() {
        PortServer server = server(2);
        server.firstBound(Future.succeededFuture(7007));
        server.bytesIn.add(42);

        JsonObject status = server.status();

        assertEquals(List.of("handler", "configuredAddress", "address", "transport", "instances", "up", "bytesIn",
                "options", "appliedOptions", "ignoredOptions", "effectiveOptions", "recommendations"),
                List.copyOf(status.fieldNames()));
        assertEquals("127.0.0.1:0", status.getString("configuredAddress"));
        assertEquals("127.0.0.1:7007", status.getString("address"));
        assertEquals(server.context().transport().json(), status.getString("transport"));
        assertEquals(2, status.getInteger("instances"));
        assertEquals(42L, status.getLong("bytesIn"));
        assertEquals(Map.of("tcpNoDelay", "true"), status.getJsonObject("appliedOptions").getMap());
        assertEquals(Map.of("tcpCork", "needs epoll"), status.getJsonObject("ignoredOptions").getMap());
        assertEquals(true, status.getJsonObject("effectiveOptions").getBoolean("tcpNoDelay"));
        assertEquals("advice", status.getJsonArray("recommendations").getString(0));
    }
}
