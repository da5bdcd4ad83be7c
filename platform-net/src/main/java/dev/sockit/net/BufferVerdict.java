package dev.sockit.net;

import dev.sockit.api.OptionKey;

import java.util.Objects;

/**
 * What the kernel made of a requested socket buffer size (SO_RCVBUF or SO_SNDBUF). Linux caps a request at
 * {@code net.core.rmem_max} or {@code wmem_max} and then doubles it (the extra half is bookkeeping), so a request of
 * 1 MiB reads back as 2 MiB, and one above the cap as twice the cap; a tiny request is raised to the kernel's
 * minimum. Pure; made by {@link KernelVerdicts#buffer}.
 *
 * @param option    {@code receiveBufferSize} or {@code sendBufferSize}
 * @param requested the bytes requested
 * @param effective the bytes the kernel reports
 * @param max       the cap, or {@code null} when unknown
 * @param doubles   whether the kernel doubles requests
 */
public record BufferVerdict(OptionKey<Integer> option, int requested, long effective, Integer max, boolean doubles) {

    /** Checks the option is a buffer size. */
    public BufferVerdict {
        Objects.requireNonNull(option, "option");
        KernelLimits.bufferMaxName(option);
    }

    /** The sysctl that caps the option: {@code net.core.rmem_max} or {@code net.core.wmem_max}. */
    public String maxName() {
        return KernelLimits.bufferMaxName(option);
    }

    /** What the kernel reports for the request when no cap applies: twice it where the kernel doubles. */
    public long uncapped() {
        return doubles ? 2L * requested : requested;
    }

    /** Whether the cap is known and below the request. */
    public boolean capped() {
        return max != null && requested > max;
    }

    /** What the kernel reports for the request: the request or the cap, whichever is less, doubled if it doubles. */
    public long expected() {
        long applied = capped() ? max : requested;
        return doubles ? 2 * applied : applied;
    }

    /** Whether the kernel reports what the rules predict ({@link #expected()}). */
    public boolean asExpected() {
        return effective == expected();
    }

    /** Whether the kernel reports more than predicted: it raised a small request to its minimum. */
    public boolean raised() {
        return effective > expected();
    }

    /** Whether the kernel applied less than it applies to a request within its cap. */
    public boolean fellShort() {
        return effective < uncapped();
    }
}
