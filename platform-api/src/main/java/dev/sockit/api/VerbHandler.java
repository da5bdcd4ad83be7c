package dev.sockit.api;

/**
 * What a process does for one verb: takes the bound request, returns the Result to reply with. Throw
 * {@link BadRequestException} for a request it cannot take (the reply fails with 400 and the message); anything
 * else it throws fails the reply with 500 ({@code <verb> failed: <reason>}), the trace going to the process's log.
 *
 * @param <Q> the request type of the verb
 */
@FunctionalInterface
public interface VerbHandler<Q> {

    /** Answers {@code request}. */
    Result handle(Q request) throws Exception;
}
