package dev.sockit.plugin.analyzer.parse;

import dev.sockit.plugin.analyzer.model.SocketRow;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code address:port} and {@code address.port} endpoints out of a {@link LineReader}'s line into a
 * {@link SocketRow}, the way each tool prints them: brackets or not, {@code *} for the wildcard, a zone
 * ({@code fe80::1%lo}) kept with the address, a service name ({@code ssh}, {@code search-agent}) read as its
 * registered port (the table in {@code services.txt}); a name it does not know reads as port 0 and is flagged.
 */
final class Endpoints {

    /** The resource of service names and their ports: {@code name port} per line, {@code #} comments. */
    static final String SERVICES_RESOURCE = "services.txt";
    private static final String[] SERVICE_NAMES;
    private static final int[] SERVICE_PORTS;

    static {
        List<String> names = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        try (InputStream in = Endpoints.class.getResourceAsStream(SERVICES_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the analyzer's " + SERVICES_RESOURCE + " is missing from its jar");
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.trim().split(" ");
                names.add(f[0]);
                ports.add(Integer.parseInt(f[1]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the analyzer's " + SERVICES_RESOURCE, e);
        }
        SERVICE_NAMES = names.toArray(new String[0]);
        SERVICE_PORTS = ports.stream().mapToInt(Integer::intValue).toArray();
    }

    private static final Keys SERVICES = new Keys(SERVICE_NAMES);

    /** What the last call could not read as a port number (a service name it does not know), or false. */
    boolean unknownService;

    /**
     * Reads {@code host:port} in {@code [s, e)}: {@code 127.0.0.1:80}, {@code [::1]:80}, {@code :::80},
     * {@code *:*}, {@code fe80::1%lo:22}. False when there is no port separator.
     */
    boolean colon(LineReader r, int s, int e, SocketRow row, boolean local) {
        int hs;
        int he;
        int ps;
        if (s >= e) {
            return false;
        }
        if (r.buf[s] == '[') {
            int close = r.indexOf(']', s + 1, e);
            if (close < 0 || close + 1 >= e || r.buf[close + 1] != ':') {
                return false;
            }
            hs = s + 1;
            he = close;
            ps = close + 2;
        } else {
            int colon = r.lastIndexOf(':', s, e);
            if (colon < 0) {
                return false;
            }
            hs = s;
            he = colon;
            ps = colon + 1;
        }
        return set(r, hs, he, ps, e, row, local);
    }

    /** Reads BSD {@code host.port} in {@code [s, e)}: {@code 127.0.0.1.8080}, {@code *.*}, {@code fe80::1%lo0.123}. */
    boolean dot(LineReader r, int s, int e, SocketRow row, boolean local) {
        int dot = r.lastIndexOf('.', s, e);
        if (dot <= s) {
            return false;
        }
        return set(r, s, dot, dot + 1, e, row, local);
    }

    private boolean set(LineReader r, int hs, int he, int ps, int pe, SocketRow row, boolean local) {
        if (hs >= he || ps >= pe) {
            return false;
        }
        int port = port(r, ps, pe);
        if (port < 0) {
            return false;
        }
        String host = r.str(hs, he);
        if (r.indexOf(':', hs, he) >= 0) {
            row.ipv6 = true;
        }
        row.end(local, host, port);
        return true;
    }

    /** The port in {@code [s, e)}: a number up to 65535, {@code 0} for {@code *} or an unknown name, -1 if invalid. */
    private int port(LineReader r, int s, int e) {
        unknownService = false;
        if (e - s == 1 && r.buf[s] == '*') {
            return 0;
        }
        long n = r.num(s, e);
        if (n >= 0) {
            return n <= 65535 ? (int) n : -1;
        }
        byte first = r.buf[s];
        if (first >= '0' && first <= '9') {
            return -1;
        }
        int k = SERVICES.find(r.buf, s, e);
        if (k >= 0) {
            return SERVICE_PORTS[k];
        }
        unknownService = true;
        return 0;
    }
}
