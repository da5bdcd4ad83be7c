package dev.sockit.plugin.analyzer.parse;

/**
 * Reads {@code ss -s} into host facts: {@code Total: N} as {@code ss.total}, the {@code TCP:} line as
 * {@code ss.TCP.total}, {@code ss.TCP.estab}, {@code ss.TCP.closed}, {@code ss.TCP.orphaned},
 * {@code ss.TCP.timewait} (and {@code synrecv}, {@code ports} where older versions print them), and each row of
 * the transport table as {@code ss.<Transport>.total}, {@code .ip} and {@code .ipv6}.
 */
public final class SsSummaryParser extends TextParser {

    private static final String[] COLUMNS = {"total", "ip", "ipv6"};

    /** Creates a parser. */
    public SsSummaryParser() {
    }

    @Override
    public Format format() {
        return Format.SS_SUMMARY;
    }

    @Override
    protected void line(LineReader r) {
        if (r.blank()) {
            return;
        }
        int n = r.split(0);
        if (r.is(0, "Total:")) {
            long total = r.num(1);
            if (total < 0) {
                report.unparsed(r.number, r, "no number after Total:");
                return;
            }
            facts.counter("ss.total", total);
            if (r.is(2, "(kernel")) {
                long kernel = r.num(r.s(3), trim(r, r.s(3), r.e(3)));
                if (kernel >= 0) {
                    facts.counter("ss.kernel", kernel);
                }
            }
            return;
        }
        if (r.is(0, "TCP:")) {
            tcp(r, n);
            return;
        }
        if (r.is(0, "Transport")) {
            return;
        }
        if (n == 4 && r.num(1) >= 0) {
            String transport = r.str(0);
            for (int k = 0; k < 3; k++) {
                long v = r.num(k + 1);
                if (v >= 0) {
                    facts.counter("ss." + transport + "." + COLUMNS[k], v);
                }
            }
            return;
        }
        report.unparsed(r.number, r, "not a line of ss -s");
    }

    /** {@code TCP:   49 (estab 39, closed 6, orphaned 0, timewait 6)}, older: {@code timewait 0/0), ports 0}. */
    private void tcp(LineReader r, int n) {
        long total = r.num(1);
        if (total < 0) {
            report.unparsed(r.number, r, "no number after TCP:");
            return;
        }
        facts.counter("ss.TCP.total", total);
        for (int i = 2; i + 1 < n; i += 2) {
            int ks = r.s(i);
            int ke = r.e(i);
            if (r.buf[ks] == '(') {
                ks++;
            }
            int ve = trim(r, r.s(i + 1), r.e(i + 1));
            int slash = r.indexOf('/', r.s(i + 1), ve);
            long v = r.num(r.s(i + 1), slash >= 0 ? slash : ve);
            if (v >= 0 && ks < ke) {
                facts.counter("ss.TCP." + r.str(ks, ke), v);
            }
        }
    }

    /** The end of a value without the {@code ,} or {@code )} after it. */
    private static int trim(LineReader r, int s, int e) {
        while (e > s && (r.buf[e - 1] == ',' || r.buf[e - 1] == ')')) {
            e--;
        }
        return e;
    }
}
