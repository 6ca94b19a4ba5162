package io.softmax4j.serving.http;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.softmax4j.cli.Softmax4jCli;
import io.softmax4j.data.LabeledImages;
import io.softmax4j.pipeline.PredictPipeline;
import io.softmax4j.serving.Classifier;
import io.softmax4j.serving.Prediction;
import io.softmax4j.testing.ImageFiles;
import io.softmax4j.testing.SyntheticImages;
import io.softmax4j.testing.TestModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Starts the service on a free port and calls every route with good and bad input. */
class PredictionServerTest {
    private static final String PREDICT = "/v1/models/synthetic/predict";
    @TempDir
    static Path dir;
    private static Path zip;
    private static PredictionServer server;
    private static HttpTestClient client;
    private static Classifier classifier;
    private static LabeledImages images;

    @BeforeAll
    static void start() throws IOException {
        Path models = Files.createDirectories(dir.resolve("models"));
        zip = models.resolve("synthetic.zip");
        TestModels.saveSynthetic(zip);
        classifier = Classifier.load(zip);
        images = SyntheticImages.make(6, 10, 7);
        server = PredictionServer.start(ServeSettings.local(models, 0), line -> { });
        client = new HttpTestClient(server.port());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private static byte[] png(int i) throws IOException {
        BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        byte[] px = images.pixels();
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                int v = px[i * 784 + y * 28 + x] & 0xFF;
                img.getRaster().setSample(x, y, 0, v);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    private static float[] floats(JsonNode array) {
        float[] f = new float[array.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = array.get(i).floatValue();
        }
        return f;
    }

    private static void assertSame(Prediction expected, JsonNode actual) {
        assertEquals(expected.index(), actual.get("label").asInt(), actual.toString());
        assertEquals(expected.label(), actual.get("name").asText());
        assertEquals((float) expected.probability(), actual.get("probability").floatValue());
        float[] probabilities = floats(actual.get("probabilities"));
        for (Prediction.ScoredLabel s : expected.ranking()) {
            assertEquals((float) s.probability(), probabilities[s.index()], "class " + s.index());
        }
    }

    @Test
    void healthAndReadiness() {
        assertEquals(200, client.get("/health/live").status());
        HttpTestClient.Answer ready = client.get("/health/ready");
        assertEquals(200, ready.status(), ready.body());
        assertEquals("ready", ready.json().get("status").asText());
        assertEquals(1, ready.json().get("models").asInt());
    }

    @Test
    void notReadyWithoutModels() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        try (PredictionServer s = PredictionServer.start(ServeSettings.local(empty, 0), line -> { })) {
            HttpTestClient c = new HttpTestClient(s.port());
            HttpTestClient.Answer ready = c.get("/health/ready");
            assertEquals(503, ready.status(), ready.body());
            assertEquals("no model loaded", ready.json().get("status").asText());
            assertEquals(200, c.get("/health/live").status());
        }
    }

    @Test
    void listsModelsWithManifestsAndVersions() {
        HttpTestClient.Answer list = client.get("/v1/models");
        assertEquals(200, list.status());
        JsonNode m = list.json().get("models").get(0);
        assertEquals("synthetic", m.get("name").asText());
        assertEquals(classifier.manifest().parametersSha256(), m.get("version").asText());
        assertEquals(classifier.manifest().parametersSha256(), m.get("manifest").get("parametersSha256").asText());
        assertEquals(10, m.get("labels").size());
        HttpTestClient.Answer one = client.get("/v1/models/synthetic");
        assertEquals(200, one.status());
        assertEquals("synthetic.zip", one.json().get("file").asText());
        HttpTestClient.Answer missing = client.get("/v1/models/nope");
        assertEquals(404, missing.status());
        assertTrue(missing.json().get("message").asText().contains("no model named 'nope'"), missing.body());
    }

    @Test
    void pixelArraysGiveTheClassifiersNumbers() {
        float[][] batch = {images.scaledPixels(0), images.scaledPixels(1), images.scaledPixels(2)};
        HttpTestClient.Answer a = client.postJson(PREDICT, Map.of("instances", batch, "top", 2));
        assertEquals(200, a.status(), a.body());
        JsonNode body = a.json();
        assertEquals("synthetic", body.get("model").asText());
        assertEquals(classifier.manifest().parametersSha256(), body.get("version").asText());
        List<Prediction> expected = classifier.predictAll(batch);
        for (int i = 0; i < batch.length; i++) {
            JsonNode p = body.get("predictions").get(i);
            assertSame(expected.get(i), p);
            assertEquals("instances[" + i + "]", p.get("input").asText());
            assertEquals(2, p.get("top").size());
            assertEquals(expected.get(i).top(2).get(1).index(), p.get("top").get(1).get("label").asInt());
            assertFalse(p.has("seen"));
        }
    }

    @Test
    void rawBytesArePixelsOver255() {
        byte[] two = new byte[2 * 784];
        System.arraycopy(images.pixels(), 0, two, 0, two.length);
        HttpTestClient.Answer a = client.post(PREDICT, "application/octet-stream", two);
        assertEquals(200, a.status(), a.body());
        List<Prediction> expected = classifier.predictAll(new float[][]{images.scaledPixels(0), images.scaledPixels(1)});
        assertSame(expected.get(0), a.json().get("predictions").get(0));
        assertSame(expected.get(1), a.json().get("predictions").get(1));
    }

    /** The same files give the same numbers through every upload shape, and as through the predict command. */
    @Test
    void imageFilesAgreeWithPredict() throws IOException {
        Path files = Files.createDirectories(dir.resolve("files"));
        List<Path> paths = new ArrayList<>();
        Map<String, byte[]> uploads = new LinkedHashMap<>();
        List<String> base64 = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            byte[] png = png(i);
            Path p = files.resolve("digit-" + i + ".png");
            Files.write(p, png);
            paths.add(p);
            uploads.put("digit-" + i + ".png", png);
            base64.add(i == 0 ? "data:image/png;base64," + Base64.getEncoder().encodeToString(png)
                    : Base64.getEncoder().encodeToString(png));
        }
        List<PredictPipeline.Outcome> predicted = PredictPipeline.files(classifier, paths);
        JsonNode multipart = client.multipart(PREDICT + "?returnInput=true", "image", uploads).json();
        JsonNode json = client.postJson(PREDICT, Map.of("images", base64)).json();
        for (int i = 0; i < 3; i++) {
            Prediction expected = predicted.get(i).prediction();
            assertSame(expected, multipart.get("predictions").get(i));
            assertSame(expected, json.get("predictions").get(i));
            assertEquals("digit-" + i + ".png", multipart.get("predictions").get(i).get("input").asText());
            JsonNode single = client.post(PREDICT, "image/png", uploads.get("digit-" + i + ".png")).json();
            assertSame(expected, single.get("predictions").get(0));
            assertEquals(784, multipart.get("predictions").get(i).get("seen").size());
        }
        // and the predict command itself, as a user runs it
        StringWriter out = new StringWriter();
        List<String> args = new ArrayList<>(List.of("predict", "--model", zip.toString(), "--json", "--top", "10"));
        paths.forEach(p -> args.add(p.toString()));
        int code = Softmax4jCli.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(new StringWriter()));
        assertEquals(0, code);
        JsonNode cli = HttpTestClient.JSON.readTree(out.toString());
        for (int i = 0; i < 3; i++) {
            JsonNode served = multipart.get("predictions").get(i);
            assertEquals(cli.get(i).get("label").asText(), served.get("name").asText());
            for (JsonNode t : cli.get(i).get("top")) {
                int k = Integer.parseInt(t.get("label").asText());
                assertEquals((float) t.get("probability").asDouble(), served.get("probabilities").get(k).floatValue());
            }
        }
        // as-is takes a 28x28 file unprepared, like predict --as-is
        JsonNode asIs = client.post(PREDICT + "?prepare=as-is", "image/png", uploads.get("digit-0.png")).json();
        assertSame(PredictPipeline.files(classifier, paths.subList(0, 1), true, null).get(0).prediction(),
                asIs.get("predictions").get(0));
    }

    @Test
    void badInputGetsClearJsonErrors() throws IOException {
        expect(400, "not a valid prediction request", client.post(PREDICT, "application/json", "{\"instances\": [[1,".getBytes()));
        expect(400, "has 2 values; the model takes 784", client.postJson(PREDICT, Map.of("instances", List.of(List.of(0, 1)))));
        float[] bright = new float[784];
        bright[5] = 255;
        expect(400, "instances[0][5] is 255.0, outside 0..1; scale 0..255 pixels by 1/255",
                client.postJson(PREDICT, Map.of("instances", List.of(bright))));
        expect(400, "exactly one of", client.postJson(PREDICT, Map.of("instances", List.of(), "images", List.of())));
        expect(400, "no inputs", client.postJson(PREDICT, Map.of("instances", List.of())));
        expect(400, "Unrecognized field \"pixels\"", client.postJson(PREDICT, Map.of("pixels", List.of())));
        expect(400, "images[0] is not valid base64", client.postJson(PREDICT, Map.of("images", List.of("%%%"))));
        expect(415, "images[0]: not an image format", client.postJson(PREDICT,
                Map.of("images", List.of(Base64.getEncoder().encodeToString("hello".getBytes())))));
        byte[] png = png(0);
        byte[] cut = java.util.Arrays.copyOf(png, png.length / 2);
        expect(400, "truncated", client.post(PREDICT, "image/png", cut));
        expect(413, "over the limit of 16,000,000", client.post(PREDICT, "image/png", ImageFiles.pngHeader(100_000, 100_000)));
        expect(400, "no digit found", client.post(PREDICT, "image/png", blankPng()));
        expect(415, "content type 'text/plain' is not accepted", client.post(PREDICT, "text/plain", "7".getBytes()));
        expect(400, "not a multiple of 784", client.post(PREDICT, "application/octet-stream", new byte[100]));
        expect(400, "top must be in 1..10", client.post(PREDICT + "?top=11", "application/octet-stream", new byte[784]));
        expect(400, "query parameter top must be a whole number", client.post(PREDICT + "?top=x", "image/png", png));
        expect(400, "prepare must be 'mnist'", client.post(PREDICT + "?prepare=resize", "image/png", png));
        expect(400, "name the file parts 'image'", client.multipart(PREDICT, "file", Map.of("a.png", png)));
        expect(404, "no such route: GET /v2", client.get("/v2"));
        expect(405, "DELETE is not allowed", client.method("DELETE", "/v1/models"));
        expect(404, "no model named", client.post("/v1/models/other/predict", "image/png", png));
    }

    private static byte[] blankPng() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BufferedImage white = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        java.awt.Graphics2D g = white.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, 28, 28);
        g.dispose();
        ImageIO.write(white, "png", out);
        return out.toByteArray();
    }

    private static void expect(int status, String message, HttpTestClient.Answer a) {
        assertEquals(status, a.status(), a.body());
        JsonNode json = a.json();
        assertEquals(status, json.get("status").asInt());
        assertTrue(json.get("message").asText().contains(message), "expected '" + message + "' in " + a.body());
        assertFalse(a.body().contains("\tat "), "no stack trace: " + a.body());
        assertTrue(a.header("Content-Type").startsWith("application/json"), a.header("Content-Type"));
    }

    @Test
    void limitsAnswer413() throws IOException {
        ServeSettings.Limits small = new ServeSettings.Limits(4096, 10_000, 2, 4, 16, Duration.ofSeconds(5));
        try (PredictionServer s = PredictionServer.start(ServeSettings.local(dir.resolve("models"), 0).withLimits(small),
                line -> { })) {
            HttpTestClient c = new HttpTestClient(s.port());
            expect(413, "over the limit of 4096 bytes (--max-body-bytes)", c.post(PREDICT, "application/octet-stream",
                    new byte[784 * 6]));
            expect(413, "3 inputs, over the limit of 2 per request (--max-batch)", c.post(PREDICT,
                    "application/octet-stream", new byte[784 * 3]));
            expect(413, "over the limit of 10,000", c.post(PREDICT, "image/png", ImageFiles.pngHeader(101, 100)));
            expect(413, "--max-body-bytes", c.multipart(PREDICT, "image", Map.of("big.png", new byte[8000])));
            assertEquals(200, c.post(PREDICT, "application/octet-stream", new byte[784 * 2]).status());
        }
    }

    /** With --max-concurrent 1, a second request while one is being worked on gets 503 and Retry-After. */
    @Test
    void busyServiceAnswers503WithRetryAfter() throws Exception {
        ServeSettings.Limits one = new ServeSettings.Limits(1 << 20, 1_000_000, 16, 1, 16, Duration.ofSeconds(20));
        try (PredictionServer s = PredictionServer.start(ServeSettings.local(dir.resolve("models"), 0).withLimits(one),
                line -> { }); Socket slow = new Socket("127.0.0.1", s.port())) {
            HttpTestClient c = new HttpTestClient(s.port());
            // a client that sends half its body and stalls holds the one work slot
            OutputStream o = slow.getOutputStream();
            o.write(("POST " + PREDICT + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
                    + "Content-Length: 784\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            o.write(new byte[300]);
            o.flush();
            HttpTestClient.Answer busy = null;
            for (int i = 0; i < 100 && (busy == null || busy.status() != 503); i++) {
                Thread.sleep(50);
                busy = c.post(PREDICT, "application/octet-stream", new byte[784]);
            }
            expect(503, "--max-concurrent", busy);
            assertEquals("1", busy.header("Retry-After"));
            o.write(new byte[484]);
            o.flush();
            String reply = new String(slow.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 200", reply);
            assertEquals(200, c.post(PREDICT, "application/octet-stream", new byte[784]).status());
        }
    }

    @Test
    void bearerTokenGuardsEveryRouteButHealthAndThePage() {
        String token = "s3cret-token-0123456789";
        try (PredictionServer s = PredictionServer.start(ServeSettings.local(dir.resolve("models"), 0).withToken(token),
                line -> { })) {
            HttpTestClient anonymous = new HttpTestClient(s.port());
            HttpTestClient wrong = new HttpTestClient(s.port(), "not-the-token-000000");
            HttpTestClient right = new HttpTestClient(s.port(), token);
            for (String path : List.of("/v1/models", "/v1/models/synthetic", "/metrics", "/openapi.json")) {
                HttpTestClient.Answer a = anonymous.get(path);
                expect(401, "requires a bearer token", a);
                assertEquals("Bearer realm=\"softmax4j\"", a.header("WWW-Authenticate"));
                expect(401, "the bearer token is wrong", wrong.get(path));
                assertEquals(200, right.get(path).status(), path);
            }
            expect(401, "bearer token", anonymous.post(PREDICT, "application/octet-stream", new byte[784]));
            assertEquals(200, right.post(PREDICT, "application/octet-stream", new byte[784]).status());
            for (String open : List.of("/health/live", "/health/ready", "/", "/app.js", "/app.css")) {
                assertEquals(200, anonymous.get(open).status(), open);
            }
        }
    }

    @Test
    void metricsInPrometheusFormat() {
        client.post(PREDICT, "application/octet-stream", new byte[784 * 3]);
        client.get("/v1/models/nope");
        String metrics = client.get("/metrics").body();
        assertTrue(metrics.contains("softmax4j_models_loaded 1.0"), metrics);
        assertTrue(metrics.matches("(?s).*softmax4j_http_requests_seconds_count\\{method=\"POST\",route=\"/v1/models/\\{name\\}/predict\",status=\"200\"\\} \\d+.*"), metrics);
        assertTrue(metrics.contains("softmax4j_http_requests_seconds_bucket{"), metrics);
        assertTrue(metrics.contains("softmax4j_http_errors_total{status=\"404\"}"), metrics);
        assertTrue(metrics.matches("(?s).*softmax4j_predictions_total\\{model=\"synthetic\"\\} \\d+.*"), metrics);
    }

    @Test
    void oneAccessLogLinePerRequest() {
        Logger access = (Logger) LoggerFactory.getLogger("io.softmax4j.serving.http.access");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        access.addAppender(lines);
        try {
            client.get("/health/live?probe=1");
            client.get("/v1/models/nope?probe=1");
            client.post(PREDICT + "?probe=1", "application/octet-stream", new byte[784]);
            long deadline = System.currentTimeMillis() + 5000;
            while (System.currentTimeMillis() < deadline && mine(lines) < 3) {
                Thread.onSpinWait();
            }
            List<String> mine = lines.list.stream().map(ILoggingEvent::getFormattedMessage)
                    .filter(l -> l.contains("/health/live\"") || l.contains("/nope\"") || l.contains("/predict\"")).toList();
            assertTrue(mine.stream().anyMatch(l -> l.matches("127\\.0\\.0\\.1 \"GET /health/live\" 200 [0-9.]+ms")), mine.toString());
            assertTrue(mine.stream().anyMatch(l -> l.matches("127\\.0\\.0\\.1 \"GET /v1/models/nope\" 404 [0-9.]+ms")), mine.toString());
            assertTrue(mine.stream().anyMatch(l -> l.matches("127\\.0\\.0\\.1 \"POST /v1/models/synthetic/predict\" 200 [0-9.]+ms")), mine.toString());
        } finally {
            access.detachAppender(lines);
        }
    }

    private static long mine(ListAppender<ILoggingEvent> lines) {
        synchronized (lines.list) {
            return lines.list.size();
        }
    }

    /** The OpenAPI description lists exactly the routes the service has, and is served. */
    @Test
    void openApiDescribesEveryRoute() throws IOException {
        HttpTestClient.Answer a = client.get("/openapi.json");
        assertEquals(200, a.status());
        JsonNode spec = a.json();
        assertEquals("3.0.3", spec.get("openapi").asText());
        Set<String> described = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = spec.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> p = paths.next();
            p.getValue().fieldNames().forEachRemaining(m -> described.add(m.toUpperCase() + " " + p.getKey()));
        }
        assertEquals(new HashSet<>(PredictionServer.ROUTES), described);
        // the answer's documented required fields are the ones the service writes
        JsonNode answer = client.post(PREDICT, "application/octet-stream", new byte[784]).json();
        JsonNode schemas = spec.get("components").get("schemas");
        schemas.get("PredictionAnswer").get("required").forEach(f -> assertTrue(answer.has(f.asText()), f.asText()));
        JsonNode p = answer.get("predictions").get(0);
        schemas.get("Prediction").get("required").forEach(f -> assertTrue(p.has(f.asText()), f.asText()));
        p.fieldNames().forEachRemaining(f -> assertTrue(schemas.get("Prediction").get("properties").has(f), f));
        JsonNode error = client.get("/v1/models/nope").json();
        schemas.get("Error").get("required").forEach(f -> assertTrue(error.has(f.asText()), f.asText()));
        // every documented error status of predict is one the service answers with (exercised above)
        assertNotNull(spec.get("paths").get("/v1/models/{name}/predict").get("post").get("responses").get("503"));
    }

    @Test
    void servesTheDrawingPage() {
        HttpTestClient.Answer page = client.get("/");
        assertEquals(200, page.status());
        assertTrue(page.header("Content-Type").startsWith("text/html"));
        assertTrue(page.body().contains("<canvas id=\"pad\""), page.body());
        assertTrue(page.body().contains("<script src=\"app.js\">"));
        assertFalse(page.body().contains("http://") || page.body().contains("https://"), "no external resources");
        HttpTestClient.Answer js = client.get("/app.js");
        assertTrue(js.body().contains("pointerdown") && js.body().contains("returnInput"));
        assertFalse(js.body().contains("http://") || js.body().contains("https://"), "no external resources");
        assertTrue(page.header("Content-Security-Policy").contains("default-src 'self'"));
    }
}
