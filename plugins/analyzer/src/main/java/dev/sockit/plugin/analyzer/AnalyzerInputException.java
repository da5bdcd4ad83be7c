package dev.sockit.plugin.analyzer;

/**
 * A request the analyzer cannot take because of its input: a missing file, a format it does not know, an unknown
 * option. The message names what is wrong and where; the event bus reply fails with {@code FAILURE_BAD_REQUEST}.
 */
public final class AnalyzerInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An input error described by {@code message}. */
    public AnalyzerInputException(String message) {
        super(message);
    }
}
