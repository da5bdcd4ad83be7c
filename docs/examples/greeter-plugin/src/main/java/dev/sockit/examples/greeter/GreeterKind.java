package dev.sockit.examples.greeter;

import dev.sockit.api.Endpoint;
import dev.sockit.api.spi.ProcessContext;
import dev.sockit.api.spi.ProcessKind;
import dev.sockit.api.spi.SockitProcess;
import org.pf4j.Extension;

import java.util.List;

/** The {@code greeter} process kind: found by sockit through PF4J's {@code @Extension} index. */
@Extension
public final class GreeterKind implements ProcessKind<GreeterConfig> {

    @Override
    public String name() {
        return "greeter";
    }

    @Override
    public Class<GreeterConfig> configType() {
        return GreeterConfig.class;
    }

    @Override
    public String description() {
        return "Greets each TCP client with a line, then closes the connection; answers greet requests.";
    }

    @Override
    public List<Endpoint> endpoints(GreeterConfig config) {
        return List.of(Endpoint.tcp(config.host(), config.port()));
    }

    @Override
    public SockitProcess create(ProcessContext<GreeterConfig> context) {
        return new GreeterProcess(context);
    }
}
