package dev.sockit.runtime.cli;

/** The exit codes of every command (DESIGN §7). */
final class ExitCodes {

    /** Success. */
    static final int OK = 0;
    /** The operation failed, or found problems at critical level. */
    static final int FAILED = 1;
    /** Bad usage or bad input (config, arguments, files). */
    static final int USAGE = 2;

    private ExitCodes() {
    }
}
