package dev.sockit.plugin.analyzer;

import dev.sockit.contracts.AnalyzerContract;
import dev.sockit.api.spi.ProcessContext;
import dev.sockit.api.spi.ProcessKind;
import dev.sockit.api.spi.SockitProcess;
import org.pf4j.Extension;

/** The {@code analyzer} process kind: socket analysis, error explanations and option read-back as services. */
@Extension
public final class AnalyzerKind implements ProcessKind<AnalyzerConfig> {

    /** Creates the extension; PF4J calls this. */
    public AnalyzerKind() {
    }

    @Override
    public String name() {
        return AnalyzerContract.KIND;
    }

    @Override
    public Class<AnalyzerConfig> configType() {
        return AnalyzerConfig.class;
    }

    @Override
    public String description() {
        return "Analyses ss, netstat, lsof, /proc/net output or the live host; explains socket errors;"
                + " shows socket options as the kernel applied them";
    }

    @Override
    public SockitProcess create(ProcessContext<AnalyzerConfig> context) {
        return new AnalyzerProcess(context);
    }
}
