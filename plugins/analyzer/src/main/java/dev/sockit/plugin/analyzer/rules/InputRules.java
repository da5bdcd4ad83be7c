package dev.sockit.plugin.analyzer.rules;

import dev.sockit.api.Severity;
import dev.sockit.plugin.analyzer.model.ParseReport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;



/**
 * The input itself: {@code unparsed_input}.
 */
final class InputRules {

    /** {@link FindingCode#UNPARSED_INPUT}. */
    static final Rule UNPARSED = InputRules::unparsed;

    /** This family's rules, in the order {@link Rules#ALL} runs them. */
    static final List<Rule> ALL = List.of(UNPARSED);

    private InputRules() {
    }

    private static void unparsed(RuleContext c, FindingSink out) {
        long n = c.report.unparsedCount();
        if (n == 0) {
            return;
        }
        long lines = Math.max(c.report.lines(), n);
        long pct = n * 100 / lines;
        Severity severity = pct >= Thresholds.UNPARSED_WARNING_PCT || c.report.sockets() == 0 ? Severity.WARNING
                : Severity.INFO;
        List<Map<String, Object>> samples = new ArrayList<>();
        for (ParseReport.Unparsed u : c.report.samples()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("line", u.line());
            m.put("text", u.text());
            m.put("reason", u.reason());
            samples.add(m);
        }
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("count", n);
        e.put("lines", c.report.lines());
        e.put("format", c.report.format());
        e.put("samples", samples);
        String first = c.report.samples().isEmpty() ? ""
                : ", the first at line " + c.report.samples().get(0).line() + " ("
                        + c.report.samples().get(0).reason() + ")";
        out.add(FindingCode.UNPARSED_INPUT, severity,
                n + " of " + c.report.lines() + " input lines could not be read"
                        + (c.report.format() != null ? " as " + c.report.format() : "") + first
                        + ": the findings leave them out",
                "Check that the input is complete output of one supported tool; name its format with --format if"
                        + " the detection guessed wrong.",
                e);
    }
}
