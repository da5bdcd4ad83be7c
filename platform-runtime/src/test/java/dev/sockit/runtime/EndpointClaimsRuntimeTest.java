package dev.sockit.runtime;

import dev.sockit.api.ProcessState;
import dev.sockit.runtime.config.ConfigLoader;
import dev.sockit.runtime.config.SockitHome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The runtime in this JVM with a real plugin whose kind declares no endpoints but checks its port: two processes
 * configured on one port never both run, whichever checks first.
 */
class EndpointClaimsRuntimeTest {

    @TempDir
    Path home;

    private SockitRuntime runtime;

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.stop();
        }
    }

    @Test
    void of_two_undeclared_processes_on_one_port_one_runs_and_the_other_fails_naming_it() throws IOException {
        Files.createDirectories(home.resolve("plugins"));
        Testkit.plugin("checked", "dev.sockit.checked", "PortConfig", "CheckedEchoKind")
                .build(home.resolve("plugins"));
        // Both start at once; without the runtime knowing who checked the port first, both could pass the check
        // and share one listener. Each round is one start of the runtime.
        for (int round = 0; round < 3; round++) {
            int port = freePort();
            runtime = SockitRuntime.start(ConfigLoader.parse("runtime:\n  shutdownTimeout: 1s\nprocesses:\n"
                    + "  a:\n    kind: checked-echo\n    config: { port: " + port + " }\n"
                    + "  b:\n    kind: checked-echo\n    config: { port: " + port + " }\n",
                    "undeclared.yaml"), new SockitHome(home));

            List<ProcessRecord> records = List.copyOf(runtime.supervisor().processes());
            ProcessRecord running = records.stream().filter(r -> r.state() == ProcessState.RUNNING).findFirst()
                    .orElseThrow(() -> new AssertionError("one process must run: " + records));
            ProcessRecord failed = records.stream().filter(r -> r.state() == ProcessState.FAILED).findFirst()
                    .orElseThrow(() -> new AssertionError("one process must fail: " + describe(records)));
            assertEquals("tcp port " + port + " on 127.0.0.1 is already in use (process '" + running.id()
                    + "' of this runtime)", failed.cause());
            assertEquals("Choose another port: process '" + running.id() + "' of this runtime uses it",
                    failed.recommendation());
            echoes(port);
            runtime.stop();
            runtime = null;
        }
    }

    private static String describe(List<ProcessRecord> records) {
        return records.stream().map(ProcessRecord::describe).toList().toString();
    }

    private static void echoes(int port) throws IOException {
        byte[] sent = "one owner".getBytes(StandardCharsets.US_ASCII);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(5000);
            s.getOutputStream().write(sent);
            assertArrayEquals(sent, s.getInputStream().readNBytes(sent.length));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
