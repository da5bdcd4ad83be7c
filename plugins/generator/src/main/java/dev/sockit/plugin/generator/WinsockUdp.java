package dev.sockit.plugin.generator;

import dev.sockit.contracts.GeneratorContract.GenerateRequest;

import java.util.Map;

/**
 * The UDP part of {@link WinsockGenerator}: the template values of a {@code udp-server} (one socket; the model decides
 * how it waits for datagrams: recvfrom, select, WSAPoll, or overlapped WSARecvFrom on a completion port) and of a
 * {@code udp-client} (stop and wait on one connected socket; the model decides how the reply's timeout is kept).
 */
final class WinsockUdp {

    private WinsockUdp() {
    }

    /** Puts the values of a UDP request into {@code values}; returns the README template. */
    static String values(GenerateRequest request, Map<String, String> values) {
        String io = request.io();
        boolean client = "udp-client".equals(request.role());
        boolean echo = "echo".equals(request.payload());
        values.put("IO_TITLE", title(io));
        values.put("PAYLOAD_TITLE", echo ? "echo" : "discard");
        values.put("UDP_COUNT", Integer.toString(CGenerator.UDP_COUNT));
        values.put("UDP_PAYLOAD_NOTE", client
                ? echo ? "Each datagram waits for the same bytes back (stop and wait, 1 s, sent again up to 3 times;"
                        + " a late reply to an earlier datagram is skipped)."
                        : "After the last datagram, nothing may come back within 1 s."
                : echo ? "Each datagram goes back whole to its sender." : "Each datagram is dropped; nothing is sent.");
        values.put("UDP_PAYLOAD_COMMENT", Templates.wrap(values.get("UDP_PAYLOAD_NOTE"), " * ", 120));
        if (client) {
            values.put("UDP_NONBLOCKING", WinsockGenerator.resource("udp_wait_nonblocking.c.tmpl"));
            values.put("UDP_WAIT", Templates.fill(WinsockGenerator.resource("udp_wait_" + io + ".c.tmpl"), values));
            values.put("UDP_EXCHANGE", WinsockGenerator.resource("udp_exchange_" + request.payload() + ".c.tmpl"));
            values.put("USAGE", "udp-client.exe [HOST [PORT [COUNT]]]");
            values.put("STOP_NOTE", "It ends after the last datagram; Ctrl+C ends it at once.");
            values.put("IO_NOTES", WinsockNotes.udpClient(io));
            values.put("COUNT_NOTE", " " + CGenerator.UDP_COUNT + ": COUNT datagrams");
            values.put("ROLE_NOTES", WinsockNotes.UDP_CLIENT);
        } else {
            values.put("IO_DEFINES", WinsockGenerator.udpDefines(io));
            values.put("UDP_REPLY", WinsockGenerator.resource("udp_reply_" + request.payload() + ".c.tmpl"));
            values.put("UDP_SERVE", Templates.fill(WinsockGenerator.resource("udp_serve.c.tmpl"), values));
            values.put("UDP_STOP", WinsockGenerator.resource("udp_stop.c.tmpl"));
            values.put("UDP_IOCP_REPLY", WinsockGenerator.resource("udp_iocp_reply_" + request.payload() + ".c.tmpl"));
            values.put("IO_LOOP", Templates.fill(WinsockGenerator.resource("udp_loop_" + io + ".c.tmpl"), values));
            values.put("STOP_SETUP", WinsockGenerator.stopSetup(io));
            values.put("USAGE", "udp-server.exe [HOST [PORT]]");
            values.put("STOP_NOTE", WinsockGenerator.stopNote(io));
            values.put("IO_NOTES", WinsockNotes.udpServer(io));
            values.put("COUNT_NOTE", "");
            values.put("ROLE_NOTES", WinsockNotes.UDP_SERVER);
        }
        return "README_udp.md.tmpl";
    }

    private static String title(String io) {
        return switch (io) {
            case "blocking" -> "a blocking socket";
            case "select" -> "select";
            case "wsapoll" -> "WSAPoll";
            default -> "an I/O completion port (IOCP)";
        };
    }
}
