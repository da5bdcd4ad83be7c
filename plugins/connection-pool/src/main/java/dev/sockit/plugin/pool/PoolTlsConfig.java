package dev.sockit.plugin.pool;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.sockit.api.Checks;
import dev.sockit.api.ConfigException;
import dev.sockit.api.ConfigPathDeserializer;
import io.vertx.core.json.JsonObject;

/**
 * TLS from a pool to its targets ({@code processes.<id>.config.tls}); {@code tls: {}} is TLS with the JVM's
 * trusted certificates and host-name verification.
 *
 * @param trust      a PEM file of the certificates to trust instead of the JVM's; {@code null}: the JVM's
 * @param trustAll   trust any certificate, for development only; not with {@code trust}
 * @param serverName the name to send (SNI) and verify, when it is not the target's host; {@code null}: the host
 * @param verifyHost check that the certificate names the server ({@code true} unless set)
 * @param cert       a PEM client certificate (chain) for servers that ask for one; with {@code key}
 * @param key        the PEM private key of {@code cert}; with {@code cert}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PoolTlsConfig(@JsonDeserialize(using = ConfigPathDeserializer.class) String trust,
                            Boolean trustAll,
                            String serverName,
                            Boolean verifyHost,
                            @JsonDeserialize(using = ConfigPathDeserializer.class) String cert,
                            @JsonDeserialize(using = ConfigPathDeserializer.class) String key) {

    /** Checks that trust and trustAll are not both set, and that cert and key come together. */
    public PoolTlsConfig {
        trustAll = Boolean.TRUE.equals(trustAll);
        verifyHost = verifyHost == null || verifyHost;
        if (trustAll && trust != null) {
            throw new ConfigException("trustAll", "is set with trust (expected: one of them)");
        }
        if ((cert == null) != (key == null)) {
            throw new ConfigException(cert == null ? "cert" : "key", "is missing (expected: cert and key together,"
                    + " or neither)");
        }
        serverName = serverName == null ? null : Checks.host(serverName, "serverName");
    }

    /** The config as {@code status} shows it: paths and flags, never key material. */
    JsonObject toJson() {
        JsonObject json = new JsonObject().put("trustAll", trustAll).put("verifyHost", verifyHost);
        if (trust != null) {
            json.put("trust", trust);
        }
        if (serverName != null) {
            json.put("serverName", serverName);
        }
        if (cert != null) {
            json.put("cert", cert);
        }
        return json;
    }
}
