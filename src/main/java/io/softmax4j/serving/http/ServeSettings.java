package io.softmax4j.serving.http;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What {@code softmax4j serve} runs with; checked when built, each message naming the command-line
 * option, the allowed range and the value given.
 *
 * @param host           the address to bind (127.0.0.1 by default: only this machine)
 * @param port           the TCP port; 0 picks a free one
 * @param models         a folder of model zips (served by file name) or one model zip
 * @param token          the bearer token every non-health route requires, or null for none
 * @param limits         request limits
 * @param pollInterval   how often the model files are checked for replacements
 */
public record ServeSettings(String host, int port, Path models, String token, Limits limits, Duration pollInterval) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;

    public ServeSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("--host must name an address, e.g. 127.0.0.1 or 0.0.0.0, got '" + host + "'");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--port must be in 0..65535 (0 = any free port), got " + port);
        }
        if (models == null) {
            throw new IllegalArgumentException("give --models DIR or --model ZIP");
        }
        if (token != null && token.isBlank()) {
            throw new IllegalArgumentException("--token-file holds an empty token");
        }
        if (limits == null) {
            limits = Limits.defaults();
        }
        if (pollInterval == null || pollInterval.toMillis() < 100 || pollInterval.toHours() > 24) {
            throw new IllegalArgumentException("--poll-ms must be in 100..86400000, got "
                    + (pollInterval == null ? null : pollInterval.toMillis()));
        }
    }

    /** Local-only settings with default limits. */
    public static ServeSettings local(Path models, int port) {
        return new ServeSettings(DEFAULT_HOST, port, models, null, Limits.defaults(), Duration.ofSeconds(1));
    }

    public ServeSettings withToken(String newToken) {
        return new ServeSettings(host, port, models, newToken, limits, pollInterval);
    }

    public ServeSettings withLimits(Limits newLimits) {
        return new ServeSettings(host, port, models, token, newLimits, pollInterval);
    }

    public ServeSettings withPollInterval(Duration interval) {
        return new ServeSettings(host, port, models, token, limits, interval);
    }

    /**
     * Request limits; each breach gets its own JSON error and status.
     *
     * @param maxBodyBytes     largest request body (413)
     * @param maxImagePixels   largest declared width x height of an uploaded image (413)
     * @param maxBatch         most images in one request (413)
     * @param maxConcurrent    most prediction requests worked on at once; more get 503 with Retry-After
     * @param maxThreads       most HTTP worker threads
     * @param idleTimeout      a connection silent this long is closed (slow or stalled clients)
     */
    public record Limits(long maxBodyBytes, long maxImagePixels, int maxBatch, int maxConcurrent, int maxThreads,
                         Duration idleTimeout) {
        public static final long DEFAULT_MAX_BODY_BYTES = 8L << 20;
        public static final long DEFAULT_MAX_IMAGE_PIXELS = 16_000_000L;
        public static final int DEFAULT_MAX_BATCH = 1024;
        public static final int DEFAULT_MAX_CONCURRENT = 32;
        public static final int DEFAULT_MAX_THREADS = 64;
        public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(15);

        public Limits {
            check("--max-body-bytes", maxBodyBytes, 1024, 1L << 30);
            check("--max-image-pixels", maxImagePixels, 1, 100_000_000);
            check("--max-batch", maxBatch, 1, 100_000);
            check("--max-concurrent", maxConcurrent, 1, 10_000);
            check("--max-threads", maxThreads, 8, 10_000);
            if (idleTimeout == null || idleTimeout.toMillis() < 100 || idleTimeout.toSeconds() > 3600) {
                throw new IllegalArgumentException("--idle-timeout-ms must be in 100..3600000, got "
                        + (idleTimeout == null ? null : idleTimeout.toMillis()));
            }
        }

        public static Limits defaults() {
            return new Limits(DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_IMAGE_PIXELS, DEFAULT_MAX_BATCH,
                    DEFAULT_MAX_CONCURRENT, DEFAULT_MAX_THREADS, DEFAULT_IDLE_TIMEOUT);
        }

        private static void check(String option, long value, long min, long max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(option + " must be in " + min + ".." + max + ", got " + value);
            }
        }
    }
}
