package dev.sockit.runtime.config;

import dev.sockit.api.Addresses;
import dev.sockit.api.Checks;
import dev.sockit.api.ConfigException;
import dev.sockit.api.Policy;
import dev.sockit.api.Quote;

import java.time.Duration;

/**
 * The {@code runtime} section of a config: where plugins live, how long a graceful stop may take, what
 * processes may do and where the socket audit log goes.
 *
 * @param plugins         the directory scanned for plugin files
 * @param shutdownTimeout how long a graceful stop may take before connections are closed, 0s-1h
 * @param policy          what processes are allowed to do
 * @param audit           the file the socket audit log is written to
 * @param transport       the Netty transport Vert.x runs on
 * @param auditOnFailure  what the runtime does when the audit log cannot be written
 * @param nodeId          the id of this runtime's node: the {@code @<nodeId>} of node-qualified event-bus addresses
 *                        ({@link Addresses}); unique among the runtimes of a cluster
 */
public record RuntimeSettings(String plugins, Duration shutdownTimeout, Policy policy, String audit,
                       TransportChoice transport, AuditOnFailure auditOnFailure, String nodeId) {

    /**
     * What the runtime does when the audit log cannot be written (a full disk, a removed mount): socket operations
     * are then no longer audited.
     */
    public enum AuditOnFailure {
        /** Stop gracefully, with the error, and exit 1: auditing is a rule of the runtime. */
        STOP,
        /** Log one warning and serve on without an audit log. */
        CONTINUE;

        /** The name in a config file. */
        String json() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** Parses {@code stop} or {@code continue}; the exception's path is relative to {@code runtime}. */
        static AuditOnFailure parse(String text) {
            for (AuditOnFailure f : values()) {
                if (f.json().equals(text)) {
                    return f;
                }
            }
            throw new ConfigException("audit.onFailure", "'" + text + "' (expected one of: stop, continue)");
        }
    }

    /** The plugin directory when {@code runtime.plugins} is absent. */
    static final String DEFAULT_PLUGINS = "plugins";
    /** The graceful-stop limit when {@code runtime.shutdownTimeout} is absent. */
    static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);
    /** The longest {@code runtime.shutdownTimeout} accepted. */
    static final Duration MAX_SHUTDOWN_TIMEOUT = Duration.ofHours(1);
    /** The audit log file when {@code runtime.audit} is absent. */
    static final String DEFAULT_AUDIT = "logs/socket-audit.jsonl";

    /** What a failing audit log does when {@code runtime.audit.onFailure} is absent. */
    static final AuditOnFailure DEFAULT_AUDIT_ON_FAILURE = AuditOnFailure.STOP;

    /** The transport when {@code runtime.transport} is absent: native when it loads, else NIO. */
    static final TransportChoice DEFAULT_TRANSPORT = TransportChoice.AUTO;

    /** The node id when {@code runtime.nodeId} is absent. */
    static final String DEFAULT_NODE_ID = Addresses.LOCAL_NODE;

    /** The settings of a config without a {@code runtime} section. */
    public static final RuntimeSettings DEFAULTS =
            new RuntimeSettings(DEFAULT_PLUGINS, DEFAULT_SHUTDOWN_TIMEOUT, Policy.DEFAULT, DEFAULT_AUDIT,
                    DEFAULT_TRANSPORT, DEFAULT_AUDIT_ON_FAILURE, DEFAULT_NODE_ID);

    /** Settings with the default {@link #DEFAULT_NODE_ID}. */
    public RuntimeSettings(String plugins, Duration shutdownTimeout, Policy policy, String audit,
                           TransportChoice transport, AuditOnFailure auditOnFailure) {
        this(plugins, shutdownTimeout, policy, audit, transport, auditOnFailure, DEFAULT_NODE_ID);
    }

    /** Settings with the default {@link #DEFAULT_AUDIT_ON_FAILURE}. */
    RuntimeSettings(String plugins, Duration shutdownTimeout, Policy policy, String audit,
                    TransportChoice transport) {
        this(plugins, shutdownTimeout, policy, audit, transport, DEFAULT_AUDIT_ON_FAILURE);
    }

    /** Validates that every value is present; paths in the exceptions are relative to {@code runtime}. */
    public RuntimeSettings {
        Checks.notBlank(plugins, "plugins");
        Checks.notNull(shutdownTimeout, "shutdownTimeout");
        Checks.inRangeOrNull(shutdownTimeout, Duration.ZERO, MAX_SHUTDOWN_TIMEOUT, "shutdownTimeout");
        Checks.notNull(policy, "policy");
        Checks.notBlank(audit, "audit");
        Checks.notNull(transport, "transport");
        Checks.notNull(auditOnFailure, "audit.onFailure");
        try {
            Addresses.checkNodeId(nodeId);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("nodeId", Quote.of(nodeId) + " (expected: 1-64 of a-z, 0-9, - and _, "
                    + "starting with a letter or digit)");
        }
    }
}
