package dev.sockit.plugin.udp;

import dev.sockit.api.OptionKey;
import dev.sockit.api.SocketOptionTable;
import dev.sockit.net.BufferVerdict;
import dev.sockit.net.KernelLimits;
import dev.sockit.net.KernelVerdicts;
import io.vertx.core.json.JsonObject;

/**
 * What the kernel made of a socket buffer size (SO_RCVBUF or SO_SNDBUF) of a {@code udp-server}: the size
 * requested, the size {@code getsockopt} reports, and whether the kernel fell short of the request, judged by
 * {@link KernelVerdicts} (Linux doubles a request after capping it at {@code net.core.rmem_max} or
 * {@code wmem_max}). This record words the verdict for the server's status, log and audit. Pure.
 *
 * @param option    {@link #RECEIVE} or {@link #SEND}
 * @param requested the bytes the config asked for, or {@code null} when it left the default
 * @param effective the bytes the kernel applied, as {@code getsockopt} reports them
 * @param kernelMax {@code net.core.rmem_max} or {@code wmem_max}, or -1 when unknown
 * @param doubles   whether the kernel doubles requests (Linux)
 */
record BufferReadback(OptionKey<Integer> option, Integer requested, int effective, long kernelMax, boolean doubles) {

    /** SO_RCVBUF. */
    static final OptionKey<Integer> RECEIVE = SocketOptionTable.RECEIVE_BUFFER_SIZE;
    /** SO_SNDBUF. */
    static final OptionKey<Integer> SEND = SocketOptionTable.SEND_BUFFER_SIZE;

    /** The kernel's verdict, or {@code null} when the config left the default. */
    private BufferVerdict verdict() {
        return requested == null ? null : KernelVerdicts.buffer(option, requested, effective,
                kernelMax >= 0 && kernelMax <= Integer.MAX_VALUE ? (int) kernelMax : null, doubles);
    }

    /** Whether the kernel applied less than it applies to a request within its limits. */
    boolean fellShort() {
        BufferVerdict verdict = verdict();
        return verdict != null && verdict.fellShort();
    }

    /** The sysctl that limits this option: {@code net.core.rmem_max} or {@code net.core.wmem_max}. */
    String sysctl() {
        return KernelLimits.bufferMaxName(option);
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
