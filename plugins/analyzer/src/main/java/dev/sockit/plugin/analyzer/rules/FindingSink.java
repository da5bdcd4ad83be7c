package dev.sockit.plugin.analyzer.rules;

import dev.sockit.api.Finding;
import dev.sockit.api.Quote;
import dev.sockit.api.Severity;

import java.util.Map;

/** Where a {@link Rule} puts its findings. */
@FunctionalInterface
interface FindingSink {

    /** Takes one finding. */
    void add(Finding finding);

    /**
     * Takes a finding of {@code code}, its sentences escaped first: they quote input (program names, addresses),
     * and a finding must not drive the terminal it is printed on.
     */
    default void add(String code, Severity severity, String message, String recommendation,
                     Map<String, Object> evidence) {
        add(new Finding(code, severity, Quote.escape(message), Quote.escape(recommendation), evidence));
    }
}
