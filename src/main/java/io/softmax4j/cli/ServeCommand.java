package io.softmax4j.cli;

import io.softmax4j.serving.http.PredictionServer;
import io.softmax4j.serving.http.ServeSettings;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code serve}: the HTTP prediction service and the drawing page. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve models over HTTP: a JSON prediction API and a page at / to draw a digit on.",
                "Binds to 127.0.0.1 unless --host says otherwise; Ctrl-C or SIGTERM stops it gracefully."})
final class ServeCommand implements Callable<Integer> {
    /** Largest token file read. */
    static final int MAX_TOKEN_FILE_BYTES = 4096;

    @Spec
    CommandSpec spec;

    @ArgGroup(multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--models", paramLabel = "DIR", required = true,
                description = "Serve every valid model zip in DIR, named by file name (DIR/mnist-softmax.zip -> mnist-softmax).")
        Path dir;

        @Option(names = "--model", paramLabel = "ZIP", required = true, description = "Serve one model zip.")
        Path zip;
    }

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080", description = "TCP port (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int port;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = ServeSettings.DEFAULT_HOST,
            description = "Address to bind (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 = every interface).")
    String host;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "Require 'Authorization: Bearer <token>' on every route but /health/* and the page; the token is FILE's first line.")
    Path tokenFile;

    @Option(names = "--max-body-bytes", paramLabel = "N", defaultValue = "" + ServeSettings.Limits.DEFAULT_MAX_BODY_BYTES,
            description = "Largest request body (default: ${DEFAULT-VALUE}); larger gets 413.")
    long maxBodyBytes;

    @Option(names = "--max-image-pixels", paramLabel = "N", defaultValue = "" + ServeSettings.Limits.DEFAULT_MAX_IMAGE_PIXELS,
            description = "Largest declared width x height of an uploaded image (default: ${DEFAULT-VALUE}); larger gets 413.")
    long maxImagePixels;

    @Option(names = "--max-batch", paramLabel = "N", defaultValue = "" + ServeSettings.Limits.DEFAULT_MAX_BATCH,
            description = "Most images in one request (default: ${DEFAULT-VALUE}); more gets 413.")
    int maxBatch;

    @Option(names = "--max-concurrent", paramLabel = "N", defaultValue = "" + ServeSettings.Limits.DEFAULT_MAX_CONCURRENT,
            description = "Most prediction requests worked on at once (default: ${DEFAULT-VALUE}); more get 503 with Retry-After.")
    int maxConcurrent;

    @Option(names = "--max-threads", paramLabel = "N", defaultValue = "" + ServeSettings.Limits.DEFAULT_MAX_THREADS,
            description = "Most HTTP worker threads (default: ${DEFAULT-VALUE}).")
    int maxThreads;

    @Option(names = "--idle-timeout-ms", paramLabel = "MS", defaultValue = "15000",
            description = "Close a connection silent this long (default: ${DEFAULT-VALUE}).")
    long idleTimeoutMs;

    @Option(names = "--poll-ms", paramLabel = "MS", defaultValue = "1000",
            description = "How often to look for replaced model files (default: ${DEFAULT-VALUE}).")
    long pollMs;

    @Option(names = "--verbose", description = "Print stack traces on errors.")
    boolean verbose;

    @Override
    public Integer call() throws InterruptedException {
        long start = System.nanoTime();
        ServeSettings settings = settings();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PredictionServer server;
        try {
            server = PredictionServer.start(settings, line -> {
                err.println(line);
                err.flush();
            });
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage(), ExitCodes.EXIT_INVALID_INPUT);
        } catch (RuntimeException e) {
            if (e.getClass().getSimpleName().contains("Bind")) {
                throw new UserInputException("cannot listen on " + host + ":" + port + " (" + e.getMessage()
                        + "); choose another --port", ExitCodes.EXIT_INVALID_INPUT);
            }
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        InterruptHook hook = InterruptHook.install(() -> {
            err.println("stopping: finishing the requests in flight");
            err.flush();
            server.stop();
            stopped.countDown();
        });
        out.println(String.format(Locale.ROOT, "serving %d model(s) %s at http://%s:%d/ (ready in %.2f s)%s; Ctrl-C stops",
                server.models().size(), server.models().all().stream().map(m -> m.name()).toList(),
                host.contains(":") ? "[" + host + "]" : host, server.port(), (System.nanoTime() - start) / 1e9,
                settings.token() == null ? "" : ", bearer token required"));
        out.flush();
        stopped.await();
        hook.remove();
        out.println("stopped");
        out.flush();
        return ExitCodes.EXIT_OK;
    }

    private ServeSettings settings() {
        try {
            ServeSettings.Limits limits = new ServeSettings.Limits(maxBodyBytes, maxImagePixels, maxBatch, maxConcurrent,
                    maxThreads, Duration.ofMillis(idleTimeoutMs));
            return new ServeSettings(host, port, source.dir != null ? source.dir : source.zip,
                    tokenFile == null ? null : readToken(tokenFile), limits, Duration.ofMillis(pollMs));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The token: the first line of a small regular file. */
    static String readToken(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--token-file " + file + ": " + (Files.exists(file)
                    ? "not a regular file" : "no such file") + "; give a file whose first line is the token");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_TOKEN_FILE_BYTES + 1);
        } catch (IOException e) {
            throw new IllegalArgumentException("--token-file " + file + ": cannot read it (" + e.getMessage() + ")");
        }
        if (bytes.length > MAX_TOKEN_FILE_BYTES) {
            throw new IllegalArgumentException("--token-file " + file + ": over " + MAX_TOKEN_FILE_BYTES
                    + " bytes; the file should hold just the token");
        }
        String token = new String(bytes, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
        if (token.length() < 16) {
            throw new IllegalArgumentException("--token-file " + file + ": the token on its first line is "
                    + token.length() + " characters; use at least 16 (e.g. openssl rand -hex 32 > " + file + ")");
        }
        return token;
    }
}
