package dev.sockit.api;

/** The life of a configured process: {@code CONFIGURED → STARTING → RUNNING → STOPPING → STOPPED}, or FAILED. */
public enum ProcessState {
    /** Read from the config, not yet started. */
    CONFIGURED,
    /** Being deployed. */
    STARTING,
    /** Deployed and serving. */
    RUNNING,
    /** Being undeployed. */
    STOPPING,
    /** Undeployed. */
    STOPPED,
    /** Could not start, or stopped with an error; the cause is reported with it. */
    FAILED
}
