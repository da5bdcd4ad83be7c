package dev.sockit.plugin.analyzer.model;

/** Receives the sockets a parser reads, one {@link SocketRow} at a time; the row is reused after the call. */
@FunctionalInterface
public interface SocketSink {

    /** Takes one socket; copy what must outlive the call. */
    void accept(SocketRow row);
}
