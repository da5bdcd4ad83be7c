package dev.sockit.api;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Objects;

/**
 * A socket event published to {@link Addresses#events(String)}:
 * {@code {type, process, connectionId, local, remote, bytesIn, bytesOut, at}}.
 *
 * @param type         what happened
 * @param process      the id of the process it happened in
 * @param connectionId the connection, unique within the process; 0 for a listener
 * @param local        the local address ({@code 127.0.0.1:7007}), or empty
 * @param remote       the remote address, or empty
 * @param bytesIn      bytes received on the connection so far
 * @param bytesOut     bytes sent on the connection so far
 * @param at           when
 * @param detail       a short explanation for {@code error} and {@code rejected}, or empty
 */
public record SocketEvent(EventType type, String process, long connectionId, String local, String remote,
                          long bytesIn, long bytesOut, Instant at, String detail) {

    /** Checks required parts. */
    public SocketEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(process, "process");
        local = local == null ? "" : local;
        remote = remote == null ? "" : remote;
        at = at == null ? Instant.now() : at;
        detail = detail == null ? "" : detail;
    }

    /** The JSON body published on the event bus. */
    public JsonObject toJson() {
        JsonObject json = new JsonObject()
                .put("type", type.json())
                .put("process", process)
                .put("connectionId", connectionId)
                .put("local", local)
                .put("remote", remote)
                .put("bytesIn", bytesIn)
                .put("bytesOut", bytesOut)
                .put("at", at.toString());
        if (!detail.isEmpty()) {
            json.put("detail", detail);
        }
        return json;
    }

    /** Reads the JSON body. */
    public static SocketEvent fromJson(JsonObject json) {
        return new SocketEvent(EventType.valueOf(json.getString("type").toUpperCase(java.util.Locale.ROOT)),
                json.getString("process"), json.getLong("connectionId", 0L), json.getString("local"),
                json.getString("remote"), json.getLong("bytesIn", 0L), json.getLong("bytesOut", 0L),
                Instant.parse(json.getString("at")), json.getString("detail"));
    }
}
