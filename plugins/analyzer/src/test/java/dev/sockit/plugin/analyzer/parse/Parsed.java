package dev.sockit.plugin.analyzer.parse;

import dev.sockit.plugin.analyzer.model.HostFacts;
import dev.sockit.plugin.analyzer.model.ParseReport;
import dev.sockit.plugin.analyzer.model.Proto;
import dev.sockit.plugin.analyzer.model.SocketRow;
import dev.sockit.plugin.analyzer.model.TcpState;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/** What one parse gave: copies of the rows, the facts and the report; test helper. */
final class Parsed {

    final List<SocketRow> rows = new ArrayList<>();
    final HostFacts facts = new HostFacts();
    final ParseReport report = new ParseReport();

    static Parsed fixture(InputParser parser, String path) {
        try (InputStream in = Parsed.class.getResourceAsStream("/fixtures/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return of(parser, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(String path) {
        try (InputStream in = Parsed.class.getResourceAsStream("/fixtures/" + path)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Parsed text(InputParser parser, String text) {
        return of(parser, text.getBytes(StandardCharsets.UTF_8));
    }

    static Parsed of(InputParser parser, byte[] input) {
        Parsed p = new Parsed();
        try {
            parser.parse(new ByteArrayInputStream(input), row -> p.rows.add(copy(row)), p.facts, p.report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** Counts of rows per {@code PROTO/STATE}. */
    Map<String, Integer> byState() {
        Map<String, Integer> m = new TreeMap<>();
        for (SocketRow r : rows) {
            m.merge(r.proto + "/" + r.state, 1, Integer::sum);
        }
        return m;
    }

    long count(Proto proto, TcpState state) {
        return rows.stream().filter(r -> r.proto == proto && r.state == state).count();
    }

    /** The only row that matches. */
    SocketRow one(Predicate<SocketRow> test) {
        List<SocketRow> found = rows.stream().filter(test).toList();
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " rows match, expected 1");
        }
        return found.get(0);
    }

    SocketRow one(String local, String remote) {
        return one(r -> local.equals(r.local()) && remote.equals(r.remote()));
    }

    static SocketRow copy(SocketRow row) {
        SocketRow c = new SocketRow();
        try {
            for (Field f : SocketRow.class.getFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    f.set(c, f.get(row));
                }
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        return c;
    }
}
