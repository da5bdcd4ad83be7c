/**
 * The sockit runtime: loads PF4J plugins from a plugins directory, validates the config, deploys each
 * configured process as Vert.x verticles, supervises them, writes the socket audit log and serves the CLI.
 * Nothing is exported: the runtime is an application, plugins see only {@code dev.sockit.api}.
 *
 * <p>Packages: {@code dev.sockit.runtime} the engine (runtime, supervisor, process contexts, audit log, port
 * checks), {@code .config} the config model and its loader, {@code .plugins} the PF4J host, {@code .cli} the command
 * line. The command line calls the engine, never the reverse.
 */
module dev.sockit.runtime {
    requires dev.sockit.api;
    requires dev.sockit.net;
    requires dev.sockit.contracts;
    requires io.vertx.core;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires org.pf4j;
    requires org.apache.logging.log4j;
    requires org.apache.logging.log4j.core;
    // Bound once at start-up, before PF4J and Netty log through it from two threads
    requires org.slf4j;
    requires info.picocli;
    // sun.misc.Signal: SIGINT and SIGTERM stop gracefully, a second one exits at once (StopSignal)
    requires jdk.unsupported;

    // Reflection: picocli fills the command classes, Jackson binds the runtime's config records (and the parts of
    // a server's config that 'sockit generate --from' reads)
    opens dev.sockit.runtime.cli to info.picocli, com.fasterxml.jackson.databind;
    opens dev.sockit.runtime to com.fasterxml.jackson.databind;
    opens dev.sockit.runtime.config to com.fasterxml.jackson.databind;
}
