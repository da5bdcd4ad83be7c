package dev.sockit.plugin.tcp;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.sockit.api.Checks;
import dev.sockit.api.ConfigException;
import dev.sockit.api.Units;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.TrafficShapingOptions;

/**
 * Bandwidth limits of a {@code tcp-server} ({@code processes.<id>.config.trafficShaping}), in bytes per second.
 * The limits hold for the process as a whole: every connection of every instance shares them (Vert.x gives
 * the instances that share a listener one Netty {@code GlobalTrafficShapingHandler}). Reading is slowed by
 * pausing the sockets, writing by holding written bytes back; the rate is measured and enforced per second.
 * Sizes accept {@code 65536} or {@code 64KiB}, up to {@code 2GiB - 1} per second.
 *
 * @param inboundBytesPerSecond  how fast the server reads from all its connections together; {@code null}
 *                               for no limit
 * @param outboundBytesPerSecond how fast the server writes to all its connections together; {@code null} for
 *                               no limit
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrafficShapingConfig(
        @JsonDeserialize(using = Units.IntSizeDeserializer.class) Integer inboundBytesPerSecond,
        @JsonDeserialize(using = Units.IntSizeDeserializer.class) Integer outboundBytesPerSecond) {

    /** Checks that at least one limit is set and that each is positive. */
    public TrafficShapingConfig {
        if (inboundBytesPerSecond == null && outboundBytesPerSecond == null) {
            throw new ConfigException("", "sets no limit (expected: inboundBytesPerSecond,"
                    + " outboundBytesPerSecond or both)");
        }
        Checks.inRangeOrNull(inboundBytesPerSecond, 1, Integer.MAX_VALUE, "inboundBytesPerSecond");
        Checks.inRangeOrNull(outboundBytesPerSecond, 1, Integer.MAX_VALUE, "outboundBytesPerSecond");
    }

    /** The Vert.x options: a limit not set is 0, which Vert.x reads as unlimited. */
    TrafficShapingOptions toOptions() {
        return new TrafficShapingOptions()
                .setInboundGlobalBandwidth(inboundBytesPerSecond == null ? 0 : inboundBytesPerSecond)
                .setOutboundGlobalBandwidth(outboundBytesPerSecond == null ? 0 : outboundBytesPerSecond);
    }

    /** The limits that are set, as {@code status} reports them. */
    JsonObject toJson() {
        return new JsonObject().put("inboundBytesPerSecond", inboundBytesPerSecond)
                .put("outboundBytesPerSecond", outboundBytesPerSecond);
    }
}
