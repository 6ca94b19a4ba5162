package io.softmax4j.serving.http;

import io.softmax4j.cli.Softmax4jCli;
import io.softmax4j.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stopping finishes the requests in flight; SIGTERM ends the serve process with exit code 0. */
class GracefulShutdownTest {
    @TempDir
    Path dir;

    /** Requests running when stop begins get their answers; afterwards connections are refused, never half-answered. */
    @Test
    void stopFinishesTheRequestsInFlightAndRefusesNewConnections() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        TestModels.saveSynthetic(models.resolve("m.zip"));
        PredictionServer server = PredictionServer.start(ServeSettings.local(models, 0), line -> { });
        int port = server.port();
        HttpTestClient client = new HttpTestClient(port);
        AtomicInteger answered = new AtomicInteger();
        ConcurrentLinkedQueue<String> broken = new ConcurrentLinkedQueue<>();
        ExecutorService load = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            load.submit(() -> {
                while (true) {
                    HttpTestClient.Answer a;
                    try {
                        a = client.post("/v1/models/m/predict", "application/octet-stream", new byte[784 * 64]);
                    } catch (UncheckedIOException e) {
                        // refused once the service has stopped accepting: the request never started. A request
                        // written on a kept-alive connection just as the stopped service closes that idle connection
                        // gets EOF before any answer byte (HTTP/1.1's keep-alive race): it was never read either,
                        // since the service waits for every request it has read before it closes connections.
                        if (!(e.getCause() instanceof ConnectException) && !neverAnswered(e.getCause())) {
                            broken.add(String.valueOf(e.getCause()));
                        }
                        return null;
                    }
                    if (a.status() == 200) {
                        answered.incrementAndGet();
                    } else if (a.status() == 503 && a.json().get("message").asText().contains("stopping")) {
                        return null; // a new request on a kept-alive connection after stop began: refused cleanly
                    } else {
                        broken.add(a.toString());
                    }
                }
            });
        }
        while (answered.get() < 20) {
            Thread.sleep(20);
        }
        server.stop();
        assertFalse(server.ready());
        load.shutdown();
        assertTrue(load.awaitTermination(30, TimeUnit.SECONDS));
        assertTrue(broken.isEmpty(), "requests cut off or failed: " + broken);
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
    }

    private static boolean neverAnswered(Throwable cause) {
        return cause != null && String.valueOf(cause.getMessage()).contains("received no bytes");
    }

    @Test
    void sigtermStopsTheServeProcessWithExitCodeZero() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        TestModels.saveSynthetic(models.resolve("m.zip"));
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Djava.awt.headless=true",
                Softmax4jCli.class.getName(), "serve", "--models", models.toString(), "--port", "0");
        Path stdout = dir.resolve("stdout.txt");
        Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("stderr.txt").toFile())
                .redirectOutput(stdout.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (Files.readString(stdout).isEmpty() && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            String first = Files.readString(stdout).lines().findFirst().orElse(null);
            Matcher m = Pattern.compile("at http://127\\.0\\.0\\.1:(\\d+)/").matcher(String.valueOf(first));
            assertTrue(m.find(), "first line: " + first + "; stderr: " + Files.readString(dir.resolve("stderr.txt")));
            HttpTestClient client = new HttpTestClient(Integer.parseInt(m.group(1)));
            assertEquals(200, client.get("/health/ready").status());
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the process ends");
            assertEquals(0, p.exitValue(), "exit code; stderr: " + Files.readString(dir.resolve("stderr.txt")));
            assertEquals("stopped", Files.readString(stdout).lines().skip(1).findFirst().orElse(null));
            assertTrue(Files.readString(dir.resolve("stderr.txt")).contains("stopping: finishing the requests in flight"));
        } finally {
            p.destroyForcibly();
        }
    }
}
