package dev.sockit.plugin.analyzer.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a parser made of its input: the format it read, how many lines and sockets, and the lines it could not
 * parse (all counted, the first {@link #MAX_SAMPLES} quoted with their line numbers).
 */
public final class ParseReport {

    /** How many unparsed lines are quoted; the rest are only counted. */
    public static final int MAX_SAMPLES = 5;
    /** How much of an unparsed line is quoted. */
    public static final int MAX_SAMPLE_CHARS = 200;

    /** One line that could not be parsed. */
    public record Unparsed(long line, String text, String reason) {
    }

    private String format;
    private long lines;
    private long sockets;
    private long unparsed;
    private final List<Unparsed> samples = new ArrayList<>(MAX_SAMPLES);
    private final List<String> notes = new ArrayList<>();

    /** The format read ({@code ss}, {@code netstat-linux}, {@code proc-tcp}...), as the detector named it. */
    public String format() {
        return format;
    }

    public void format(String format) {
        this.format = format;
    }

    public long lines() {
        return lines;
    }

    /** Counts one more input line (blank and header lines included). */
    public void line() {
        lines++;
    }

    public long sockets() {
        return sockets;
    }

    /** Counts one more socket handed to the sink. */
    public void socket() {
        sockets++;
    }

    public long unparsedCount() {
        return unparsed;
    }

    /** Counts a line that could not be parsed and quotes it if fewer than {@link #MAX_SAMPLES} are quoted. */
    public void unparsed(long line, CharSequence text, String reason) {
        unparsed++;
        if (samples.size() < MAX_SAMPLES) {
            String t = text.length() > MAX_SAMPLE_CHARS ? text.subSequence(0, MAX_SAMPLE_CHARS) + "..." : text.toString();
            samples.add(new Unparsed(line, t, reason));
        }
    }

    public List<Unparsed> samples() {
        return Collections.unmodifiableList(samples);
    }

    /** Adds a remark about the input a person should know (a section skipped, a field layout guessed). */
    public void note(String note) {
        if (notes.size() < 20) {
            notes.add(note);
        }
    }

    public List<String> notes() {
        return Collections.unmodifiableList(notes);
    }

    /**
     * Adds what {@code other} read from the input named {@code name}: its lines, sockets and unparsed lines (quoted
     * with the name), and its notes prefixed with the name. The format stays this report's.
     */
    public void absorb(ParseReport other, String name) {
        lines += other.lines;
        sockets += other.sockets;
        for (Unparsed u : other.samples) {
            if (samples.size() < MAX_SAMPLES) {
                samples.add(new Unparsed(u.line(), u.text(), name + ": " + u.reason()));
            }
        }
        unparsed += other.unparsed;
        for (String n : other.notes) {
            note(name + ": " + n);
        }
    }
}
