package dev.sockit.plugin.analyzer.parse;

/**
 * Reads {@code sysctl -a} (or {@code sysctl NAME...}) into host facts: {@code net.core.somaxconn = 4096} is the
 * sysctl {@code net.core.somaxconn} with the value {@code 4096} as printed (tabs and all, as the rules read it from
 * {@code /proc/sys}). sysctl's own complaints ({@code sysctl: permission denied on key ...}) become notes.
 */
public final class SysctlParser extends TextParser {

    /** Creates a parser. */
    public SysctlParser() {
    }

    @Override
    public Format format() {
        return Format.SYSCTL;
    }

    @Override
    protected void line(LineReader r) {
        if (r.blank()) {
            return;
        }
        if (r.lineStarts("sysctl:")) {
            report.note(r.toString().trim());
            return;
        }
        int eq = r.indexOf(" = ", 0, r.len);
        if (eq <= 0) {
            // "net.ipv4.tcp_rmem =" with an empty value has no space after '='
            eq = r.len >= 2 && r.buf[r.len - 1] == '=' && r.buf[r.len - 2] == ' ' ? r.len - 2 : -1;
        }
        if (eq <= 0 || r.indexOf(' ', 0, eq) >= 0 || r.indexOf('.', 0, eq) < 0) {
            report.unparsed(r.number, r, "not a line of sysctl (name = value)");
            return;
        }
        String value = eq + 3 <= r.len ? r.str(eq + 3, r.len) : "";
        facts.sysctl(r.str(0, eq), value);
    }
}
