package dev.sockit.plugin.analyzer;

import dev.sockit.api.BadRequestException;
import dev.sockit.api.Quote;
import dev.sockit.api.Result;
import dev.sockit.contracts.AnalyzerContract.LabRequest;
import dev.sockit.plugin.analyzer.lab.Lab;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.function.BiConsumer;

/**
 * {@code lab}: builds a {@link Lab} scenario, tells what stands (pid, port, the finding to expect) as soon as it
 * does, holds it for the request's duration, and cleans up.
 */
final class LabRun {

    private LabRun() {
    }

    /** Runs {@code request}, handing the "built" Result to {@code progress} with the request's progress address. */
    static Result run(LabRequest request, BiConsumer<String, Result> progress) {
        Lab.Scenario scenario = Lab.Scenario.named(request.scenario());
        if (scenario == null) {
            throw new BadRequestException("lab: unknown scenario " + Quote.of(String.valueOf(request.scenario()))
                    + " (scenarios: " + Lab.Scenario.names() + ")");
        }
        long started = System.nanoTime();
        try (Lab lab = Lab.build(scenario)) {
            Result built = describe(lab, request, "built").build();
            if (request.progress() != null) {
                progress.accept(request.progress(), built);
            }
            long left = request.durationMillis() - (System.nanoTime() - started) / 1_000_000;
            if (left > 0) {
                Thread.sleep(left);
            }
            return describe(lab, request, "cleaned up").build();
        } catch (IOException e) {
            throw new IllegalStateException("lab " + scenario.cliName() + " could not be built: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("lab " + scenario.cliName() + " was interrupted", e);
        }
    }

    private static Result.Builder describe(Lab lab, LabRequest request, String phase) {
        Lab.Scenario s = lab.scenario();
        Result.Builder b = Result.builder("lab", s.cliName()).address("127.0.0.1:" + lab.port());
        if (phase.equals("built")) {
            b.finding(s.cliName() + ": " + lab.built() + ", held by pid " + lab.pid() + " for "
                    + request.durationMillis() / 1000 + " s");
            b.recommendation(s.code() == null
                    ? "sockit analyze --live --port " + lab.port() + " should find nothing worse than info"
                    : "sockit analyze --live --port " + lab.port() + " should report " + s.code());
        } else {
            b.finding(s.cliName() + ": cleaned up after " + request.durationMillis() / 1000 + " s");
        }
        return b.data(new JsonObject().put("scenario", s.cliName()).put("phase", phase).put("pid", lab.pid())
                .put("port", lab.port()).put("protocol", lab.protocol()).put("expect", s.code())
                .put("durationMillis", request.durationMillis()));
    }
}
