package dev.sockit.plugin.udp;

import io.vertx.core.json.JsonObject;

/**
 * What the kernel made of a socket buffer size (SO_RCVBUF or SO_SNDBUF): the size requested, the size
 * {@code getsockopt} reports, and whether the kernel fell short of the request. Linux doubles a request (the
 * extra half is bookkeeping) after capping it at {@code net.core.rmem_max} or {@code wmem_max}, so a request of
 * 1 MiB reads back as 2 MiB, and one above the limit as twice the limit. Pure.
 *
 * @param option    {@code receiveBufferSize} or {@code sendBufferSize}
 * @param requested the bytes the config asked for, or {@code null} when it left the default
 * @param effective the bytes the kernel applied, as {@code getsockopt} reports them
 * @param kernelMax {@code net.core.rmem_max} or {@code wmem_max}, or -1 when unknown
 * @param doubles   whether the kernel doubles requests (Linux)
 */
record BufferReadback(String option, Integer requested, int effective, long kernelMax, boolean doubles) {

    /** The option name of SO_RCVBUF. */
    static final String RECEIVE = "receiveBufferSize";
    /** The option name of SO_SNDBUF. */
    static final String SEND = "sendBufferSize";

    /** Whether the kernel applied less than it applies to a request within its limits. */
    boolean fellShort() {
        return requested != null && effective < (doubles ? 2L * requested : requested);
    }

    /** The sysctl that limits this option: {@code net.core.rmem_max} or {@code net.core.wmem_max}. */
    String sysctl() {
        return RECEIVE.equals(option) ? "net.core.rmem_max" : "net.core.wmem_max";
    }

    /**
     * A sentence for people when the kernel fell short: {@code receiveBufferSize 8388608 was capped: the kernel
     * applied 8388608 (net.core.rmem_max is 4194304)}; empty otherwise.
     */
    String finding() {
        if (!fellShort()) {
            return "";
        }
        return option + " " + requested + " was capped: the kernel applied " + effective
                + (kernelMax >= 0 ? " (" + sysctl() + " is " + kernelMax + ")" : "");
    }

    /** What to do when the kernel fell short; empty otherwise. */
    String recommendation() {
        if (!fellShort()) {
            return "";
        }
        if (kernelMax >= 0) {
            return "Raise the limit to the request: sysctl -w " + sysctl() + "=" + requested
                    + " (and persist it in /etc/sysctl.d/)";
        }
        return "Raise the operating system's socket buffer limit to at least " + requested + " bytes";
    }

    /** {@code {requested, effective, kernelMax}}, each only when known. */
    JsonObject toJson() {
        JsonObject json = new JsonObject();
        if (requested != null) {
            json.put("requested", requested);
        }
        json.put("effective", effective);
        if (kernelMax >= 0) {
            json.put("kernelMax", kernelMax);
        }
        return json;
    }
}
