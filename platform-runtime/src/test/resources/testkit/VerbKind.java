package dev.sockit.testkit;

import dev.sockit.api.BadRequestException;
import dev.sockit.api.Result;
import dev.sockit.api.Verb;
import dev.sockit.api.spi.ProcessContext;
import dev.sockit.api.spi.ProcessKind;
import dev.sockit.api.spi.SockitProcess;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import org.pf4j.Extension;

/**
 * Serves the verb {@code greet} with {@code ProcessContext.serve}: hello for a name, a bad request for "nobody",
 * a failure for "boom". Its config is empty.
 */
@Extension
public final class VerbKind implements ProcessKind<VerbKind.Empty> {

    /** No settings. */
    public record Empty() {
    }

    /** The request of {@code greet}. */
    public record Greet(String name) {
    }

    /** The verb. */
    public static final Verb<Greet> GREET = Verb.of("greet", Greet.class);

    @Override
    public String name() {
        return "test-verbs";
    }

    @Override
    public Class<Empty> configType() {
        return Empty.class;
    }

    @Override
    public SockitProcess create(ProcessContext<Empty> ctx) {
        return new SockitProcess() {
            @Override
            public Deployable newInstance() {
                return new VerticleBase() {
                    @Override
                    public Future<?> start() {
                        return ctx.serve(GREET, g -> {
                            if ("nobody".equals(g.name())) {
                                throw new BadRequestException("name 'nobody' (expected: somebody)");
                            }
                            if ("boom".equals(g.name())) {
                                throw new IllegalStateException("the greeting machine is broken");
                            }
                            return Result.builder("greet", g.name()).finding("hello " + g.name()).build();
                        }).completion();
                    }
                };
            }

            @Override
            public JsonObject status() {
                return new JsonObject();
            }
        };
    }
}
