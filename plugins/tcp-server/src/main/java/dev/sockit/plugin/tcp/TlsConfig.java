package dev.sockit.plugin.tcp;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.sockit.api.Checks;
import dev.sockit.api.ConfigException;
import dev.sockit.api.ConfigPathDeserializer;
import io.vertx.core.json.JsonObject;

/**
 * TLS on a {@code tcp-server} ({@code processes.<id>.config.tls}): a PEM certificate chain and its PEM private
 * key, or a self-signed certificate made at start for development. Exactly one of the two forms.
 *
 * @param cert       the path of the PEM certificate (chain), leaf first; with {@code key}
 * @param key        the path of the PEM private key (PKCS#8 or PKCS#1) of {@code cert}; with {@code cert}
 * @param selfSigned {@code true} for a fresh self-signed certificate for {@code localhost}, made at each start
 *                   and kept in memory only; for development, since no client can verify it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TlsConfig(@JsonDeserialize(using = ConfigPathDeserializer.class) String cert,
                        @JsonDeserialize(using = ConfigPathDeserializer.class) String key,
                        Boolean selfSigned) {

    /** Checks that exactly one form is given, and given whole. */
    public TlsConfig {
        boolean self = Boolean.TRUE.equals(selfSigned);
        if (self && (cert != null || key != null)) {
            throw new ConfigException(cert != null ? "cert" : "key",
                    "is set with selfSigned: true (expected: either cert and key, or selfSigned: true)");
        }
        if (!self) {
            if (cert == null && key == null) {
                throw new ConfigException("", "has neither cert and key nor selfSigned: true (expected: one of them)");
            }
            cert = Checks.notBlank(cert, "cert").trim();
            key = Checks.notBlank(key, "key").trim();
        }
    }

    /** Whether the certificate is made at start rather than read from files. */
    public boolean isSelfSigned() {
        return Boolean.TRUE.equals(selfSigned);
    }

    /** The config as {@code status} reports it: the paths, or {@code selfSigned: true}; never key material. */
    JsonObject toJson() {
        return isSelfSigned() ? new JsonObject().put("selfSigned", true)
                : new JsonObject().put("cert", cert).put("key", key);
    }
}
