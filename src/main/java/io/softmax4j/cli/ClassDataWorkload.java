package io.softmax4j.cli;

import io.softmax4j.serving.http.PredictionServer;
import io.softmax4j.serving.http.ServeSettings;

import java.awt.image.BufferedImage;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A representative run for the launcher's class-data archive (AppCDS, or the AOT cache on Java
 * 25 and later): {@code train}, {@code evaluate} and {@code predict} (test indices and an image
 * file) through the real command line, in one process, on a small synthetic IDX dataset in a
 * temp folder, then {@code serve}'s service (started on a free loopback port and called on every
 * route: Javalin, Jetty, Kotlin's runtime and Micrometer are most of its start-up), so the
 * archive written when this process exits holds the classes real runs load. The launcher script runs it at {@code mvn package} and again, silently, when its
 * archive no longer fits (a moved folder, another JDK). Prints nothing; a command that fails is
 * named on stderr (the archive then covers less, and runs still work without it).
 */
public final class ClassDataWorkload {
    private static final int SIDE = 28;
    private static final int TRAIN = 2048;
    private static final int TEST = 512;

    private ClassDataWorkload() {
    }

    public static void main(String[] args) throws IOException {
        io.softmax4j.engine.Engine.get().warmUpInBackground();
        System.setProperty("java.awt.headless", "true");
        Path dir = Files.createTempDirectory("softmax4j-class-data");
        try {
            run(dir);
        } finally {
            deleteTree(dir);
        }
    }

    private static void run(Path dir) throws IOException {
        writeIdx(dir.resolve("train-images"), dir.resolve("train-labels"), TRAIN, 1);
        writeIdx(dir.resolve("test-images"), dir.resolve("test-labels"), TEST, 2);
        Path model = dir.resolve("model.zip");
        command("--help"); // the whole command tree (a run builds only its own command): every command's classes
        command("train", "--quiet", "--set", "data.dataset=idx",
                "--set", "data.train.images=" + dir.resolve("train-images"),
                "--set", "data.train.labels=" + dir.resolve("train-labels"),
                "--set", "data.test.images=" + dir.resolve("test-images"),
                "--set", "data.test.labels=" + dir.resolve("test-labels"),
                "--set", "training.epochs=2", "--set", "output.model=" + model);
        command("evaluate", "--model", model.toString());
        Path png = dir.resolve("digit.png");
        javax.imageio.ImageIO.write(digitImage(), "png", png.toFile());
        command("predict", "--model", model.toString(), "--test-index", "0-9");
        command("predict", "--model", model.toString(), png.toString());
        serve(model, Files.readAllBytes(png));
    }

    /** The prediction service on a free loopback port, each route called once or twice, then stopped. */
    private static void serve(Path model, byte[] png) {
        ServeSettings settings = ServeSettings.local(model, 0).withPollInterval(java.time.Duration.ofSeconds(60));
        try (PredictionServer server = PredictionServer.start(settings, line -> { })) {
            String base = "http://127.0.0.1:" + server.port();
            String api = base + "/v1/models/" + server.models().all().get(0).name();
            for (String get : new String[] {"/", "/app.js", "/app.css", "/openapi.json", "/health/live", "/health/ready",
                    "/v1/models", "/metrics", "/no-such-route"}) {
                call(base + get, null, null);
            }
            call(api, null, null);
            StringBuilder pixels = new StringBuilder("{\"instances\": [[");
            for (int k = 0; k < SIDE * SIDE; k++) {
                pixels.append(k == 0 ? "" : ",").append((k * 37 % 101) / 100.0);
            }
            byte[] json = pixels.append("]], \"top\": 2}").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            String boundary = "softmax4jworkload";
            java.io.ByteArrayOutputStream multipart = new java.io.ByteArrayOutputStream();
            multipart.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"d.png\"\r\n"
                    + "Content-Type: image/png\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            multipart.writeBytes(png);
            multipart.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            for (int i = 0; i < 3; i++) {
                call(api + "/predict", "application/json", json);
                call(api + "/predict?returnInput=true", "multipart/form-data; boundary=" + boundary, multipart.toByteArray());
                call(api + "/predict", "image/png", png);
                call(api + "/predict", "application/octet-stream", new byte[2 * SIDE * SIDE]);
                call(api + "/predict", "application/json", "{\"instances\": [[2.0]]}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            call(base + "/metrics", null, null);
        } catch (RuntimeException e) {
            System.err.println("class-data workload: serve failed: " + e);
        }
    }

    /** One request (GET, or POST of {@code body}); the answer is read and dropped. */
    private static void call(String url, String type, byte[] body) {
        try {
            java.net.HttpURLConnection http = (java.net.HttpURLConnection) java.net.URI.create(url).toURL().openConnection();
            if (body != null) {
                http.setRequestMethod("POST");
                http.setDoOutput(true);
                http.setRequestProperty("Content-Type", type);
                try (java.io.OutputStream out = http.getOutputStream()) {
                    out.write(body);
                }
            }
            try (java.io.InputStream in = http.getResponseCode() < 400 ? http.getInputStream() : http.getErrorStream()) {
                if (in != null) {
                    in.readAllBytes();
                }
            }
        } catch (IOException e) {
            System.err.println("class-data workload: " + url + ": " + e);
        }
    }

    private static void command(String... args) {
        PrintWriter none = new PrintWriter(Writer.nullWriter());
        int code = Softmax4jCli.run(args, none, none);
        if (code != 0) {
            System.err.println("class-data workload: softmax4j " + args[0] + " exited " + code);
        }
    }

    /** Images of ten classes (a bright bar whose place depends on the label), in IDX format. */
    private static void writeIdx(Path images, Path labels, int count, int seed) throws IOException {
        try (DataOutputStream img = new DataOutputStream(Files.newOutputStream(images));
             DataOutputStream lab = new DataOutputStream(Files.newOutputStream(labels))) {
            img.writeInt(0x00000803);
            img.writeInt(count);
            img.writeInt(SIDE);
            img.writeInt(SIDE);
            lab.writeInt(0x00000801);
            lab.writeInt(count);
            byte[] pixels = new byte[SIDE * SIDE];
            for (int i = 0; i < count; i++) {
                int label = (i * 7 + seed) % 10;
                for (int k = 0; k < pixels.length; k++) {
                    int row = k / SIDE;
                    boolean bar = row >= 2 + 2 * label && row < 5 + 2 * label;
                    pixels[k] = (byte) (bar ? 200 + (k * 13 + i) % 56 : (k * 31 + i * 17) % 23);
                }
                img.write(pixels);
                lab.writeByte(label);
            }
        }
    }

    private static BufferedImage digitImage() {
        BufferedImage image = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = image.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, 40, 40);
        g.setColor(java.awt.Color.BLACK);
        g.fillRect(17, 6, 6, 28);
        g.dispose();
        return image;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
