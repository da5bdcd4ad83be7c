package dev.sockit.plugin.analyzer.parse;

/** Creates the parsers for the formats tools print as text ({@code ss}, {@code netstat}, {@code lsof}). */
public final class Parsers {

    private Parsers() {
    }

    /**
     * A new parser for {@code format}, or {@code null} when the format is not one of the tool outputs
     * ({@code /proc} files have their own parsers).
     */
    public static InputParser forTextFormat(Format format) {
        return switch (format) {
            case SS -> new SsParser();
            case SS_SUMMARY -> new SsSummaryParser();
            case NETSTAT_LINUX -> new NetstatLinuxParser();
            case NETSTAT_STATISTICS -> new NetstatStatisticsParser();
            case NSTAT -> new NstatParser();
            case SYSCTL -> new SysctlParser();
            case NETSTAT_BSD -> new NetstatBsdParser();
            case NETSTAT_WINDOWS -> new NetstatWindowsParser();
            case LSOF -> new LsofParser();
            default -> null;
        };
    }
}
