package dev.sockit.api;

/**
 * A configuration value that is missing, of the wrong type or out of range. Carries the config path
 * ({@code processes.echo.config.port}) and, where the parser knows it, the file and line, so that the message
 * reads {@code processes.echo.config.port: 70000 (expected: 0-65535)  [sockit.yaml line 7]}.
 */
public class ConfigException extends SockitException {

    private final String path;
    private final String problem;
    private final String file;
    private final int line;

    /** A problem at a path relative to the object being validated; the runtime adds the rest. */
    public ConfigException(String path, String problem) {
        this(path, problem, null, -1);
    }

    /** A problem at a full path, in a file at a line ({@code line < 1} when unknown). */
    public ConfigException(String path, String problem, String file, int line) {
        super(format(path, problem, file, line));
        this.path = path == null ? "" : path;
        this.problem = problem;
        this.file = file;
        this.line = line;
    }

    /** The dotted config path of the bad value, empty for the document itself. */
    public String path() {
        return path;
    }

    /** What is wrong, without the path and location. */
    public String problem() {
        return problem;
    }

    /** The file the value came from, or {@code null}. */
    public String file() {
        return file;
    }

    /** The 1-based line of the value, or {@code -1} when unknown. */
    public int line() {
        return line;
    }

    /** This problem with {@code parent} put in front of its path. */
    public ConfigException under(String parent) {
        if (parent == null || parent.isEmpty()) {
            return this;
        }
        return new ConfigException(path.isEmpty() ? parent : parent + "." + path, problem, file, line);
    }

    /** This problem located in a file at a line. */
    public ConfigException at(String file, int line) {
        return new ConfigException(path, problem, file, line);
    }

    private static String format(String path, String problem, String file, int line) {
        StringBuilder b = new StringBuilder();
        if (path != null && !path.isEmpty()) {
            b.append(path).append(": ");
        }
        b.append(problem);
        if (file != null) {
            b.append("  [").append(file);
            if (line > 0) {
                b.append(" line ").append(line);
            }
            b.append(']');
        }
        return b.toString();
    }
}
