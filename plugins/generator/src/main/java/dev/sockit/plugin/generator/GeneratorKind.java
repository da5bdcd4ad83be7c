package dev.sockit.plugin.generator;

import dev.sockit.api.spi.BasicProcessKind;
import dev.sockit.contracts.GeneratorContract;
import org.pf4j.Extension;

/** The {@code generator} process kind: writes socket programs (C, Java) with their build files as a service. */
@Extension
public final class GeneratorKind extends BasicProcessKind<GeneratorConfig> {

    /** Creates the extension; PF4J calls this. */
    public GeneratorKind() {
        super(GeneratorContract.KIND, GeneratorConfig.class,
                "Generates socket programs (C for POSIX and Windows, Java) with a build file and a README",
                GeneratorProcess::new);
    }
}
