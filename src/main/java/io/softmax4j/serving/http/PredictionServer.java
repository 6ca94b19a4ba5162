package io.softmax4j.serving.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.UploadedFile;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.softmax4j.serving.InvalidInputException;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code softmax4j serve}: the HTTP prediction service (Javalin on Jetty). Routes are thin: they
 * parse the request ({@link PredictInputs}), call the model's {@link io.softmax4j.serving.Classifier},
 * and write JSON; every failure becomes a JSON error with its status in one place
 * ({@link #error(Throwable)}), never a stack trace.
 */
public final class PredictionServer implements AutoCloseable {
    /** Every route, as "METHOD path"; the OpenAPI description lists exactly these (a test checks). */
    public static final List<String> ROUTES = List.of("GET /", "GET /app.js", "GET /app.css", "GET /openapi.json",
            "GET /health/live", "GET /health/ready", "GET /metrics", "GET /v1/models", "GET /v1/models/{name}",
            "POST /v1/models/{name}/predict");
    static final int DEFAULT_TOP = 3;
    static final long STOP_TIMEOUT_MS = 10_000;
    private static final String RESOURCES = "/io/softmax4j/serving/http/";
    private static final Logger ACCESS = LoggerFactory.getLogger("io.softmax4j.serving.http.access");
    private static final Logger LOG = LoggerFactory.getLogger(PredictionServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Latency histogram buckets of the request timer. */
    private static final Duration[] SLOS = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
            Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5)};

    private final ServeSettings settings;
    private final ModelRepository models;
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Semaphore work;
    private final byte[] tokenBytes;
    private final Map<String, byte[]> staticFiles = new LinkedHashMap<>();
    private final ScheduledExecutorService poller;
    private final Javalin app;
    private volatile boolean stopping;
    /** Meters by their tags, registered once (building and registering one per request costs more than the prediction). */
    private final Map<String, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new java.util.concurrent.ConcurrentHashMap<>();

    private PredictionServer(ServeSettings settings, ModelRepository models) {
        this.settings = settings;
        this.models = models;
        this.work = new Semaphore(settings.limits().maxConcurrent());
        this.tokenBytes = settings.token() == null ? null : settings.token().getBytes(StandardCharsets.UTF_8);
        for (String f : List.of("index.html", "app.js", "app.css", "openapi.json")) {
            staticFiles.put(f, resource(f));
        }
        registerModelMetrics();
        this.app = Javalin.create(this::configure);
        routes();
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "softmax4j-model-poller");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Loads the models and starts serving.
     *
     * @param log where model loads and refusals are reported
     * @throws io.softmax4j.artifact.ModelFileException for a single model zip that fails the checks
     * @throws IllegalArgumentException when the models path does not exist
     */
    public static PredictionServer start(ServeSettings settings, Consumer<String> log) {
        ModelRepository models = new ModelRepository(settings.models(), log);
        models.loadInitial();
        PredictionServer server = new PredictionServer(settings, models);
        server.app.start();
        long every = settings.pollInterval().toMillis();
        server.poller.scheduleWithFixedDelay(server::poll, every, every, TimeUnit.MILLISECONDS);
        return server;
    }

    private void configure(JavalinConfig config) {
        ServeSettings.Limits limits = settings.limits();
        config.showJavalinBanner = false;
        config.startupWatcherEnabled = false;
        config.http.maxRequestSize = limits.maxBodyBytes();
        config.http.prefer405over404 = true;
        config.http.disableCompression();
        config.router.ignoreTrailingSlashes = true;
        QueuedThreadPool threads = new QueuedThreadPool(limits.maxThreads(), Math.min(8, limits.maxThreads()), 60_000);
        threads.setName("softmax4j-http");
        config.jetty.threadPool = threads;
        config.jetty.multipartConfig.maxFileSize(limits.maxBodyBytes(), SizeUnit.BYTES);
        config.jetty.multipartConfig.maxTotalRequestSize(limits.maxBodyBytes(), SizeUnit.BYTES);
        // parts are kept in memory (the body limit bounds them); nothing is written to disk
        config.jetty.multipartConfig.maxInMemoryFileSize((int) Math.min(Integer.MAX_VALUE, limits.maxBodyBytes()),
                SizeUnit.BYTES);
        config.jetty.modifyHttpConfiguration(http -> {
            http.setSendServerVersion(false);
            http.setRequestHeaderSize(8192);
            // a client trickling its body slower than this is cut off instead of holding a thread
            http.setMinRequestDataRate(1024);
        });
        config.jetty.addConnector((server, http) -> {
            ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
            connector.setHost(settings.host());
            connector.setPort(settings.port());
            connector.setIdleTimeout(limits.idleTimeout().toMillis());
            connector.setAcceptQueueSize(256);
            return connector;
        });
        config.jetty.modifyServer(server -> {
            server.setStopTimeout(STOP_TIMEOUT_MS);
            // Jetty's own answers (requests arriving while stopping, malformed requests) are JSON too
            server.setErrorHandler(new JettyJsonErrors());
        });
        config.requestLogger.http(this::logRequest);
    }

    private void routes() {
        app.before(this::checkRequest);
        Map<String, Handler> handlers = new LinkedHashMap<>();
        handlers.put("GET /", ctx -> staticFile(ctx, "index.html", "text/html; charset=utf-8"));
        handlers.put("GET /app.js", ctx -> staticFile(ctx, "app.js", "text/javascript; charset=utf-8"));
        handlers.put("GET /app.css", ctx -> staticFile(ctx, "app.css", "text/css; charset=utf-8"));
        handlers.put("GET /openapi.json", ctx -> staticFile(ctx, "openapi.json", "application/json"));
        handlers.put("GET /health/live", ctx -> json(ctx, 200, Map.of("status", "live")));
        handlers.put("GET /health/ready", this::ready);
        handlers.put("GET /metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(metrics.scrape()));
        handlers.put("GET /v1/models", ctx -> json(ctx, 200, Map.of("models",
                models.all().stream().map(PredictionServer::describe).toList())));
        handlers.put("GET /v1/models/{name}", ctx -> json(ctx, 200, describe(model(ctx))));
        handlers.put("POST /v1/models/{name}/predict", this::predict);
        if (!handlers.keySet().equals(new java.util.LinkedHashSet<>(ROUTES))) {
            throw new IllegalStateException("routes and ROUTES differ: " + handlers.keySet());
        }
        handlers.forEach((route, handler) -> {
            String[] parts = route.split(" ", 2);
            app.addHttpHandler(HandlerType.valueOf(parts[0]), parts[1], handler);
        });
        app.exception(Exception.class, (e, ctx) -> error(ctx, e));
        // Javalin's own answers (unknown route, wrong method) become JSON errors too
        app.error(404, ctx -> defaultError(ctx, "no such route: " + ctx.method() + " " + ctx.path()
                + "; the routes are listed at /openapi.json"));
        app.error(405, ctx -> defaultError(ctx, ctx.method() + " is not allowed on " + ctx.path()
                + "; the routes are listed at /openapi.json"));
    }

    /** Authentication and the body-size limit, before any route reads the request. */
    private void checkRequest(Context ctx) {
        if (tokenBytes != null && needsToken(ctx.path()) && !authorized(ctx.header("Authorization"))) {
            throw new ApiException(401, ctx.header("Authorization") == null
                    ? "this service requires a bearer token: send the header 'Authorization: Bearer <token>'"
                    : "the bearer token is wrong; use the token in the service's --token-file");
        }
        long declared = ctx.req().getContentLengthLong();
        if (declared > settings.limits().maxBodyBytes()) {
            throw tooLarge(declared);
        }
    }

    /** The health checks and the page's own files are open; the API and the metrics need the token. */
    static boolean needsToken(String path) {
        return !(path.startsWith("/health/") || path.equals("/") || path.equals("/app.js") || path.equals("/app.css"));
    }

    private boolean authorized(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(tokenBytes, header.substring(7).strip().getBytes(StandardCharsets.UTF_8));
    }

    private ApiException tooLarge(long size) {
        return new ApiException(413, "the request body is " + (size < 0 ? "over" : size + " bytes, over") + " the limit of "
                + settings.limits().maxBodyBytes() + " bytes (--max-body-bytes); send fewer or smaller images");
    }

    private void ready(Context ctx) {
        boolean ready = !stopping && models.size() > 0;
        json(ctx, ready ? 200 : 503, Map.of("status", ready ? "ready" : stopping ? "stopping" : "no model loaded",
                "models", models.size()));
    }

    private ServedModel model(Context ctx) {
        String name = ctx.pathParam("name");
        return models.get(name).orElseThrow(() -> new ApiException(404, "no model named '" + PredictInputs.clip(name)
                + "'; GET /v1/models lists the models served"));
    }

    static Map<String, Object> describe(ServedModel m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", m.name());
        out.put("version", m.version());
        out.put("file", m.file().getFileName().toString());
        out.put("loadedAt", m.loadedAt().toString());
        out.put("labels", m.manifest().labels());
        out.put("manifest", m.manifest());
        return out;
    }

    private void predict(Context ctx) {
        ServedModel model = model(ctx);
        if (!work.tryAcquire()) {
            throw new ApiException(503, "busy: " + settings.limits().maxConcurrent() + " prediction requests are "
                    + "already being worked on (--max-concurrent); retry in a moment", 1);
        }
        try {
            int labels = model.manifest().labels().size();
            Integer top = intParam(ctx, "top");
            String prepare = ctx.queryParam("prepare");
            boolean returnInput = boolParam(ctx, "returnInput");
            PredictInputs.Inputs inputs;
            String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
            if (type.startsWith("application/json")) {
                PredictInputs.JsonBody body = PredictInputs.parseJson(body(ctx), model.manifest().input().length());
                top = body.top() != null ? body.top() : top;
                returnInput = body.returnInput() != null ? body.returnInput() : returnInput;
                prepare = body.prepare() != null ? body.prepare() : prepare;
                inputs = PredictInputs.fromJson(body, model.manifest().input(), PredictInputs.asIs(prepare),
                        settings.limits().maxImagePixels(), settings.limits().maxBatch());
            } else if (type.startsWith("multipart/form-data")) {
                inputs = PredictInputs.fromImages(uploads(ctx), model.manifest().input(), PredictInputs.asIs(prepare),
                        settings.limits().maxImagePixels(), settings.limits().maxBatch());
            } else if (type.startsWith("image/")) {
                inputs = PredictInputs.fromImages(List.of(new PredictInputs.ImageFile("body", body(ctx))),
                        model.manifest().input(), PredictInputs.asIs(prepare), settings.limits().maxImagePixels(), 1);
            } else if (type.startsWith("application/octet-stream")) {
                inputs = PredictInputs.fromRawBytes(body(ctx), model.manifest().input(), settings.limits().maxBatch());
            } else {
                throw new ApiException(415, "content type '" + PredictInputs.clip(type) + "' is not accepted; send "
                        + "application/json, multipart/form-data (parts named 'image'), image/png|jpeg|bmp|gif, "
                        + "or application/octet-stream (raw 0..255 pixels)");
            }
            int k = top == null ? Math.min(DEFAULT_TOP, labels) : top;
            if (k < 1 || k > labels) {
                throw new ApiException(400, "top must be in 1.." + labels + " (the model's classes), got " + k);
            }
            float[][] probabilities;
            try {
                probabilities = model.classifier().probabilities(inputs.pixels());
            } catch (InvalidInputException e) {
                throw new ApiException(400, e.getMessage());
            }
            predictions(model.name()).increment(probabilities.length);
            answer(ctx, PredictionAnswer.write(model, model.manifest().labels(), inputs, probabilities, k, returnInput));
        } finally {
            work.release();
        }
    }

    private List<PredictInputs.ImageFile> uploads(Context ctx) {
        List<UploadedFile> files;
        try {
            files = ctx.uploadedFiles("image");
            if (files.isEmpty() && !ctx.uploadedFiles().isEmpty()) {
                throw new ApiException(400, "name the file parts 'image' (e.g. curl -F image=@digit.png ...)");
            }
        } catch (IllegalStateException e) {
            throw String.valueOf(e.getMessage()).contains("exceeds") ? tooLarge(-1)
                    : new ApiException(400, "cannot read the multipart body: " + e.getMessage());
        }
        PredictInputs.checkCount(files.size(), settings.limits().maxBatch());
        List<PredictInputs.ImageFile> out = new ArrayList<>(files.size());
        for (UploadedFile f : files) {
            try (InputStream in = f.content()) {
                String name = f.filename() == null || f.filename().isBlank() ? "image " + out.size()
                        : PredictInputs.clip(f.filename().replaceAll("[^A-Za-z0-9._ -]", "_"));
                out.add(new PredictInputs.ImageFile(name, in.readNBytes((int) settings.limits().maxBodyBytes())));
            } catch (IOException e) {
                throw new ApiException(400, "cannot read the uploaded file: " + e.getMessage());
            }
        }
        return out;
    }

    /**
     * A 200 JSON answer, written straight to the response (Javalin's {@code result(byte[])} would
     * copy it through a stream and an 8 KiB buffer per request); Jetty sends it with its length.
     */
    private static void answer(Context ctx, byte[] json) {
        ctx.status(200).contentType("application/json");
        ctx.res().setContentLength(json.length);
        try {
            ctx.res().getOutputStream().write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the client went away; nothing more to answer
        }
    }

    /** The request body, read up to the limit (a body without Content-Length cannot run past it either). */
    private byte[] body(Context ctx) {
        long max = settings.limits().maxBodyBytes();
        long declared = ctx.req().getContentLengthLong(); // checkRequest refused a declared size over the limit
        try (InputStream in = ctx.req().getInputStream()) {
            if (declared >= 0 && declared <= max) {
                // the declared size: one array, no chunks to join (Jetty stops the body at Content-Length)
                byte[] bytes = new byte[(int) declared];
                int n = in.readNBytes(bytes, 0, bytes.length);
                return n == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, n);
            }
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (bytes.length > max) {
                throw tooLarge(-1);
            }
            return bytes;
        } catch (IOException e) {
            throw new ApiException(400, "cannot read the request body: " + e.getMessage());
        }
    }

    private static Integer intParam(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ApiException(400, "query parameter " + name + " must be a whole number, got '"
                    + PredictInputs.clip(v) + "'");
        }
    }

    private static boolean boolParam(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty() || v.equals("false")) {
            return false;
        }
        if (v.equals("true")) {
            return true;
        }
        throw new ApiException(400, "query parameter " + name + " must be true or false, got '" + PredictInputs.clip(v) + "'");
    }

    /** The one place where failures become statuses and JSON error bodies. */
    static ApiException error(Throwable e) {
        if (e instanceof ApiException a) {
            return a;
        }
        if (e instanceof InvalidInputException) {
            return new ApiException(400, e.getMessage());
        }
        if (e instanceof HttpResponseException h) {
            return new ApiException(h.getStatus(), h.getStatus() == 413
                    ? "the request body is over the limit (--max-body-bytes); send fewer or smaller images"
                    : String.valueOf(h.getMessage()));
        }
        LOG.error("internal error", e);
        return new ApiException(500, "internal error (" + e.getClass().getSimpleName() + "); the service log has the details");
    }

    private void error(Context ctx, Exception e) {
        ApiException a = error(e);
        if (a.retryAfterSeconds() != null) {
            ctx.header("Retry-After", String.valueOf(a.retryAfterSeconds()));
        }
        if (a.status() == 401) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"softmax4j\"");
        }
        ctx.attribute("softmax4j.error", Boolean.TRUE);
        json(ctx, a.status(), errorBody(a.status(), a.getMessage()));
    }

    private static void defaultError(Context ctx, String message) {
        if (ctx.attribute("softmax4j.error") == null) {
            json(ctx, ctx.statusCode(), errorBody(ctx.statusCode(), message));
        }
    }

    /** Jetty's own error answers as JSON: 503 for requests arriving after stop began, 400/431 for malformed ones. */
    private static final class JettyJsonErrors extends org.eclipse.jetty.server.handler.ErrorHandler {
        @Override
        public void handle(String target, org.eclipse.jetty.server.Request base, jakarta.servlet.http.HttpServletRequest request,
                           jakarta.servlet.http.HttpServletResponse response) throws IOException {
            int status = response.getStatus();
            String message = status == 503 ? "the service is stopping; retry in a moment (or on another instance)"
                    : HttpStatus.forStatus(status).getMessage();
            if (status == 503) {
                response.setHeader("Retry-After", "1");
            }
            response.setContentType("application/json");
            response.getOutputStream().write(JSON.writeValueAsBytes(errorBody(status, message)));
            base.setHandled(true);
        }
    }

    private static Map<String, Object> errorBody(int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", HttpStatus.forStatus(status).getMessage());
        body.put("message", message);
        return body;
    }

    private static void json(Context ctx, int status, Object value) {
        try {
            ctx.status(status).contentType("application/json").result(JSON.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON", e);
        }
    }

    private void staticFile(Context ctx, String name, String type) {
        ctx.header("Cache-Control", "no-cache");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:; frame-ancestors 'none'");
        ctx.contentType(type).result(staticFiles.get(name));
    }

    private static byte[] resource(String name) {
        try (InputStream in = PredictionServer.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCES + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One access-log line per request, and the request metrics. */
    private void logRequest(Context ctx, Float ms) {
        int status = ctx.statusCode();
        String route;
        try {
            route = ctx.endpointHandlerPath();
        } catch (RuntimeException e) {
            route = "";
        }
        if (route == null || route.isEmpty() || route.equals("*")) {
            route = "unmatched";
        }
        long nanos = (long) (ms * 1_000_000);
        String method = ctx.method().name();
        String r = route;
        timers.computeIfAbsent(method + ' ' + status + ' ' + route, key -> Timer.builder("softmax4j.http.requests")
                .description("HTTP requests by route and status")
                .tags("method", method, "route", r, "status", Integer.toString(status))
                .serviceLevelObjectives(SLOS)
                .register(metrics)).record(nanos, TimeUnit.NANOSECONDS);
        if (status >= 400) {
            counters.computeIfAbsent("errors " + status, key -> Counter.builder("softmax4j.http.errors")
                    .description("HTTP error answers by status")
                    .tag("status", Integer.toString(status)).register(metrics)).increment();
        }
        if (ACCESS.isInfoEnabled()) {
            // as "%s \"%s %s\" %d %.2fms", without a Formatter per request
            long hundredths = Math.round(ms * 100.0);
            StringBuilder line = new StringBuilder(96).append(ctx.ip()).append(" \"").append(method).append(' ')
                    .append(ctx.path()).append("\" ").append(status).append(' ').append(hundredths / 100).append('.');
            long frac = hundredths % 100;
            ACCESS.info(line.append(frac < 10 ? "0" : "").append(frac).append("ms").toString());
        }
    }

    private Counter predictions(String model) {
        return counters.computeIfAbsent("predictions " + model,
                key -> metrics.counter("softmax4j.predictions", "model", model));
    }

    private void registerModelMetrics() {
        Gauge.builder("softmax4j.models.loaded", models, ModelRepository::size)
                .description("models being served").register(metrics);
        FunctionCounter.builder("softmax4j.model.reloads", models, ModelRepository::reloads)
                .description("model files replaced and reloaded").register(metrics);
        FunctionCounter.builder("softmax4j.model.refused", models, ModelRepository::reloadFailures)
                .description("model files refused by the safe loader").register(metrics);
    }

    private void poll() {
        try {
            models.refresh();
        } catch (RuntimeException e) {
            LOG.warn("checking the model files failed: {}", e.toString());
        }
    }

    /** The port the service listens on (the chosen one when started with port 0). */
    public int port() {
        return app.port();
    }

    public ModelRepository models() {
        return models;
    }

    /** Whether the models are loaded and the service is not stopping. */
    public boolean ready() {
        return !stopping && models.size() > 0;
    }

    /**
     * Stops gracefully: stops accepting connections, lets requests in flight finish (up to
     * {@link #STOP_TIMEOUT_MS}), then returns.
     */
    public void stop() {
        stopping = true;
        poller.shutdownNow();
        app.stop();
        metrics.close();
    }

    @Override
    public void close() {
        stop();
    }
}
