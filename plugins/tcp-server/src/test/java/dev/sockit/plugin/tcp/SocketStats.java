package dev.sockit.plugin.tcp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * iproute2's {@code ss}: the kernel's own view of a socket over sock_diag, independent of getsockopt, for tests to
 * check what sockit reads back. Blocks: call it off the event loop.
 */
final class SocketStats {

    private static final long TIMEOUT_SECONDS = 10;
    private static final Pattern KEEPALIVE_TIMER = Pattern.compile("timer:\\(keepalive,(?:(\\d+)min)?(\\d+)sec");
    private static final Pattern TOS = Pattern.compile("\\btos:(0x[0-9a-f]+|\\d+)");
    private static final Pattern TCLASS = Pattern.compile("\\btclass:(0x[0-9a-f]+|\\d+)");

    private SocketStats() {
    }

    /** Whether an {@code ss} that answers {@code -V} is on the path. */
    static boolean available() {
        try {
            run("-V");
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The backlog of the TCP listener on local {@code port}: for a LISTEN socket, ss shows the backlog it was given
     * (sk_max_ack_backlog) as Send-Q.
     */
    static int listenBacklog(int port) throws IOException {
        List<String> lines = lines(run("-Hltn", "sport = :" + port));
        if (lines.size() != 1) {
            throw new IOException("expected one listener on port " + port + ", ss shows " + lines);
        }
        // LISTEN  Recv-Q  Send-Q  Local  Peer
        return Integer.parseInt(lines.get(0).trim().split("\\s+")[2]);
    }

    /** How many TCP sockets listen on local {@code port}: one per listener, so several with SO_REUSEPORT. */
    static int listeners(int port) throws IOException {
        return lines(run("-Hltn", "sport = :" + port)).size();
    }

    /**
     * The one established connection whose local port is {@code port} (the server's end of it), on one line with its
     * memory ({@code skmem:(r0,rb131072,t0,tb16384,…)}), timers and TOS.
     */
    static String accepted(int port) throws IOException {
        List<String> lines = lines(run("-HOtnmo", "--tos", "state", "established", "sport = :" + port));
        if (lines.size() != 1) {
            throw new IOException("expected one connection from port " + port + ", ss shows " + lines);
        }
        return lines.get(0);
    }

    /** A field of {@code skmem:(…)}: {@code rb} is the receive buffer (SO_RCVBUF), {@code tb} the send buffer. */
    static int skmem(String line, String field) {
        Matcher m = Pattern.compile("skmem:\\([^)]*\\b" + field + "(\\d+)").matcher(line);
        if (!m.find()) {
            throw new AssertionError("no skmem " + field + " in: " + line);
        }
        return Integer.parseInt(m.group(1));
    }

    /** The seconds left on the keep-alive timer, which only a socket with SO_KEEPALIVE has; -1 when there is none. */
    static int keepAliveSecondsLeft(String line) {
        Matcher m = KEEPALIVE_TIMER.matcher(line);
        if (!m.find()) {
            return -1;
        }
        int minutes = m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
        return minutes * 60 + Integer.parseInt(m.group(2));
    }

    /**
     * The traffic class: IPV6_TCLASS of an IPv6 socket (the JDK opens IPv6 sockets, dual-stack, unless told not
     * to), IP_TOS otherwise; -1 when ss shows neither.
     */
    static int trafficClass(String line) {
        Matcher tclass = TCLASS.matcher(line);
        if (tclass.find()) {
            return Integer.decode(tclass.group(1));
        }
        Matcher tos = TOS.matcher(line);
        return tos.find() ? Integer.decode(tos.group(1)) : -1;
    }

    private static List<String> lines(String output) {
        List<String> lines = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (!line.isBlank()) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static String run(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("ss");
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (InputStream out = process.getInputStream()) {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(command + " did not finish within " + TIMEOUT_SECONDS + "s");
            }
            String text = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IOException(command + " exited with " + process.exitValue() + ": " + text);
            }
            return text;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException(command + " was interrupted", e);
        }
    }
}
