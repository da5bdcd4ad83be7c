package dev.sockit.runtime;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.message.Message;
import org.apache.logging.log4j.message.SimpleMessage;

import java.text.MessageFormat;
import java.util.ResourceBundle;
import java.util.function.Supplier;

/** A {@link System.Logger} for a process, writing to the Log4j logger {@code sockit.process.<id>}. */
final class ProcessLogger implements System.Logger {

    private final Logger log;

    ProcessLogger(String processId) {
        this.log = LogManager.getLogger("sockit.process." + processId);
    }

    @Override
    public String getName() {
        return log.getName();
    }

    @Override
    public boolean isLoggable(System.Logger.Level level) {
        return level != System.Logger.Level.OFF && log.isEnabled(map(level));
    }

    @Override
    public void log(System.Logger.Level level, ResourceBundle bundle, String msg, Throwable thrown) {
        if (isLoggable(level)) {
            log.log(map(level), message(localise(bundle, msg)), thrown);
        }
    }

    @Override
    public void log(System.Logger.Level level, ResourceBundle bundle, String format, Object... params) {
        if (isLoggable(level)) {
            String pattern = localise(bundle, format);
            // The text is formatted here, never handed to Log4j as a pattern.
            log.log(map(level), message(params == null || params.length == 0 ? pattern
                    : MessageFormat.format(pattern, params)));
        }
    }

    @Override
    public void log(System.Logger.Level level, Supplier<String> msgSupplier) {
        if (isLoggable(level)) {
            log.log(map(level), message(msgSupplier.get()));
        }
    }

    private static Message message(String text) {
        return new SimpleMessage(text);
    }

    private static String localise(ResourceBundle bundle, String msg) {
        return bundle != null && msg != null && bundle.containsKey(msg) ? bundle.getString(msg) : msg;
    }

    private static org.apache.logging.log4j.Level map(System.Logger.Level level) {
        switch (level) {
            case ALL: case TRACE: return org.apache.logging.log4j.Level.TRACE;
            case DEBUG: return org.apache.logging.log4j.Level.DEBUG;
            case INFO: return org.apache.logging.log4j.Level.INFO;
            case WARNING: return org.apache.logging.log4j.Level.WARN;
            case ERROR: return org.apache.logging.log4j.Level.ERROR;
            default: return org.apache.logging.log4j.Level.OFF;
        }
    }
}
