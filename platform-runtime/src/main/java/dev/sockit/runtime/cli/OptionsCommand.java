package dev.sockit.runtime.cli;

import dev.sockit.api.Result;
import dev.sockit.api.Status;
import dev.sockit.contracts.AnalyzerContract;
import dev.sockit.runtime.EmbeddedRequest;
import dev.sockit.runtime.config.SockitHome;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code sockit options}: opens a real socket, applies the options given, and shows what the kernel made of them
 * beside the limits that shaped them.
 */
@Command(name = "options", mixinStandardHelpOptions = true,
        description = {"Open a real TCP or UDP socket on the loopback, apply socket options as a config's options "
            + "would (same names and values), read back the effective values, and show the kernel limits that "
            + "shaped them (rmem_max, wmem_max, somaxconn, tcp_rmem, tcp_wmem, ip_local_port_range, "
            + "tcp_fin_timeout, tcp_tw_reuse, keepalive sysctls) with recommendations."},
        footer = {"", "Examples:", "  sockit options", "  sockit options --tcp --set receiveBufferSize=8MiB "
            + "--set backlog=4096", "  sockit options --udp --set receiveBufferSize=4MiB",
            "", "Exit codes: 0 done; 1 an option could not be applied; 2 bad usage (an unknown option or value)."})
final class OptionsCommand implements Callable<Integer> {

    /** {@code --tcp} or {@code --udp}. */
    static final class Protocol {
        @Option(names = "--tcp", description = "A TCP socket (the default).")
        boolean tcp;

        @Option(names = "--udp", description = "A UDP socket.")
        boolean udp;
    }

    @ArgGroup(exclusive = true)
    Protocol protocol;

    @Option(names = "--set", paramLabel = "NAME=VALUE",
            description = "An option to apply, as in a config: tcpNoDelay=true, receiveBufferSize=1MiB, "
                + "keepAliveIdle=30s, backlog=1024... Repeat for several.")
    Map<String, String> set = new LinkedHashMap<>();

    @Mixin
    Output output = new Output();

    @Override
    public Integer call() {
        String proto = protocol != null && protocol.udp ? "udp" : "tcp";
        Result result = EmbeddedRequest.send(SockitHome.current(), AnalyzerContract.KIND, AnalyzerContract.DEFAULT_ID,
                AnalyzerContract.OPTIONS, new AnalyzerContract.OptionsRequest(proto, set),
                Duration.ofSeconds(30));
        output.print(result, System.out);
        return result.status() == Status.ERROR ? ExitCodes.FAILED : ExitCodes.OK;
    }
}
