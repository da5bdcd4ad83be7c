package dev.sockit.runtime.cli;

import dev.sockit.api.BadRequestException;
import dev.sockit.api.Quote;
import dev.sockit.api.Result;
import dev.sockit.api.Status;
import dev.sockit.contracts.AnalyzerContract;
import dev.sockit.runtime.EmbeddedRequest;
import dev.sockit.runtime.config.SockitHome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code sockit explain ERROR}: what a socket error means, its numbers per platform, causes and what to check. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Explain a socket error: an errno name or number (ECONNRESET, 104, linux:104, macos:54), a "
            + "Winsock code (WSAECONNRESET, 10054), a getaddrinfo code (EAI_NONAME), an error message, or a Java, "
            + "Netty or Vert.x exception line (quote it, or give - to paste a whole stack trace on standard input)."},
        footer = {"", "Examples:", "  sockit explain ECONNRESET", "  sockit explain 10054",
            "  sockit explain 'java.net.BindException: Address already in use'",
            "", "Exit codes: 0 explained (or best guesses given for an unknown error); 2 bad usage."})
final class ExplainCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "ERROR", description = "The error; several words are joined by spaces.")
    List<String> words;

    /** How much of standard input is read: more than the longest stack trace worth explaining. */
    static final int MAX_INPUT = 1 << 20;

    @Mixin
    Output output = new Output();

    @Override
    public Integer call() throws IOException {
        String error = String.join(" ", words).strip();
        if (error.equals("-")) {
            error = readStandardInput(StandardInput.current());
        }
        if (error.isEmpty()) {
            throw new BadRequestException("nothing to explain: give an error name, number or message");
        }
        Result result = EmbeddedRequest.send(SockitHome.current(), AnalyzerContract.KIND, AnalyzerContract.DEFAULT_ID,
                AnalyzerContract.EXPLAIN, new AnalyzerContract.ExplainRequest(error),
                Duration.ofSeconds(30));
        output.print(result, System.out);
        return result.status() == Status.ERROR ? ExitCodes.FAILED : ExitCodes.OK;
    }

    /**
     * Up to {@link #MAX_INPUT} bytes of standard input: a pipe, a file, or a terminal a stack trace is pasted into
     * (ended with Ctrl-D); closed or any other kind is refused.
     */
    static String readStandardInput(StandardInput in) throws IOException {
        String hint = ": pipe the error into 'sockit explain -', or give it as arguments";
        switch (in.kind()) {
            case CLOSED -> throw new BadRequestException("standard input is closed" + hint);
            case OTHER -> throw new BadRequestException("standard input is " + Quote.escape(in.description())
                    + ", not a pipe, a file or a terminal" + hint);
            case TERMINAL -> System.err.println("sockit: paste the error or stack trace, then press Ctrl-D");
            default -> {
                // a pipe or a file: read it
            }
        }
        return new String(System.in.readNBytes(MAX_INPUT), StandardCharsets.UTF_8).strip();
    }
}
