package io.softmax4j.cli;

import io.softmax4j.run.RunLayout;
import io.softmax4j.run.RunLock;
import io.softmax4j.testing.SyntheticImages;
import io.softmax4j.data.LabeledImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile inputs through the real command line (issue 12): each is refused with exit 2 (or 1 for
 * one bad image among several), one error line naming the file or key, no stack trace, within a
 * time bound, and nothing on disk changed.
 */
class HostileInputTest {
    @TempDir
    static Path shared;
    static Path model;

    @TempDir
    Path dir;

    @BeforeAll
    static void aModel() {
        model = shared.resolve("m.zip");
        io.softmax4j.testing.TestModels.saveSynthetic(model);
    }

    /** Runs the CLI in-process, at most 60 s (a hang fails the test instead of blocking the build). */
    static TrainCommandTest.Run run(String... args) {
        return assertTimeoutPreemptively(Duration.ofSeconds(60), () -> TrainCommandTest.run(args), String.join(" ", args));
    }

    /** Exit code, exactly one error line holding {@code text}, no stack trace. */
    static void assertRefused(TrainCommandTest.Run r, int code, String text) {
        assertEquals(code, r.code(), r.err());
        List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.stream().filter(l -> l.startsWith("error: ")).count(), r.err());
        assertTrue(lines.get(0).contains(text), "expected '" + text + "' in: " + r.err());
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), "no stack trace: " + r.err());
    }

    /** Every file under {@code root} with its content, to prove nothing changed. */
    static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (var all = Files.walk(root)) {
            for (Path p : all.toList()) {
                files.put(root.relativize(p).toString(), Files.isRegularFile(p)
                        ? Arrays.toString(Files.readAllBytes(p)) : Files.isDirectory(p) ? "dir" : "other");
            }
        }
        return files;
    }

    @Test
    void fifosGivenAsConfigModelOrImageAreRefusedWithoutHanging() throws Exception {
        Path fifo = fifo("pipe");
        assertRefused(run("config", "check", fifo.toString()), 2, fifo + ": not a regular file");
        assertRefused(run("train", "--config", fifo.toString()), 2, fifo + ": not a regular file");
        assertRefused(run("train", "--from-model", fifo.toString()), 2, fifo + ": not a regular file");
        assertRefused(run("predict", "--model", fifo.toString(), "x.png"), 2, fifo + ": not a regular file");
        assertRefused(run("evaluate", "--model", fifo.toString()), 2, fifo + ": not a regular file");
        assertRefused(run("predict", "--model", model.toString(), fifo.toString()), 1, fifo + ": not a regular file");
    }

    @Test
    void devicesAreRefusedNotReadUntilMemoryRunsOut() {
        assertRefused(run("config", "check", "/dev/zero"), 2, "/dev/zero: not a regular file");
        assertRefused(run("predict", "--model", "/dev/zero", "x.png"), 2, "/dev/zero: not a regular file");
        assertRefused(run("predict", "--model", model.toString(), "/dev/zero"), 1, "/dev/zero: not a regular file");
    }

    @Test
    void aFifoAsADataFileIsNamedAsSuch() throws Exception {
        Path fifo = fifo("train.csv");
        Path cfg = csvConfig(fifo, fifo);
        assertRefused(run("train", "--config", cfg.toString()), 2, fifo + ": not a regular file");
        assertFalse(Files.exists(dir.resolve("m.zip")));
    }

    @Test
    void csvWithAnUnbalancedQuoteOrBinaryContentNamesFileAndLine() throws IOException {
        Path quote = Files.writeString(dir.resolve("quote.csv"), "0,1,2\n1,\"3,4\n");
        assertRefused(run("train", "--config", csvConfig(quote, quote).toString()), 2,
                quote + ": line 2, column 2: the quote opened at character 3 is never closed");
        Path binary = Files.write(dir.resolve("binary.csv"), new byte[]{'0', ',', '1', '\n', '1', ',', 0, 2, '\n'});
        assertRefused(run("train", "--config", csvConfig(binary, binary).toString()), 2,
                binary + ": line 2 holds the control character U+0000");
        Path latin1 = Files.write(dir.resolve("latin1.csv"), new byte[]{'0', ',', '1', '\n', '1', ',', (byte) 0xFF, '\n'});
        assertRefused(run("train", "--config", csvConfig(latin1, latin1).toString()), 2,
                latin1 + ": line 2 holds bytes that are not UTF-8 text");
        assertFalse(Files.exists(dir.resolve("m.zip")));
    }

    @Test
    void aCsvLineLongerThanTheBoundIsRefusedNamingTheLine() throws IOException {
        Path longLine = dir.resolve("long.csv");
        byte[] line = new byte[(1 << 22) + 10];
        Arrays.fill(line, (byte) '1');
        Files.write(longLine, "0,1\n".getBytes(StandardCharsets.US_ASCII));
        Files.write(longLine, line, java.nio.file.StandardOpenOption.APPEND);
        assertRefused(run("train", "--config", csvConfig(longLine, longLine).toString()), 2,
                longLine + ": line 2 is longer than 4194304 bytes");
    }

    @Test
    void idxLabelsAllOfOneClassAreBadInput() throws IOException {
        LabeledImages one = SyntheticImages.make(20, 1, 3);
        SyntheticImages.writeImages(dir.resolve("images"), one);
        SyntheticImages.writeLabels(dir.resolve("labels"), one);
        Path cfg = Files.writeString(dir.resolve("idx.yaml"), "data: {dataset: idx, train: {images: " + dir.resolve("images")
                + ", labels: " + dir.resolve("labels") + "}, test: {images: " + dir.resolve("images") + ", labels: "
                + dir.resolve("labels") + "}}\noutput: {model: " + dir.resolve("m.zip") + ", pictures: false}\n");
        assertRefused(run("train", "--config", cfg.toString()), 2,
                "the training labels are all 0 (1 class); a classifier needs examples of at least two classes");
        assertFalse(Files.exists(dir.resolve("m.zip")));
    }

    @Test
    void outputModelWithANulIsRefusedByConfigCheckNamingTheKey() throws IOException {
        Path cfg = Files.writeString(dir.resolve("nul.yaml"), "output: {model: \"models/a\\0b.zip\"}\n");
        assertRefused(run("config", "check", cfg.toString()), 2,
                "output.model must not contain control characters, got models/a\\u0000b.zip");
    }

    @Test
    void outputModelNamedJustDotZipIsRefusedAndTheFolderIsUntouched() throws IOException {
        Path user = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(user.resolve("report.html"), "my own report");
        Path cfg = csvConfig(dir.resolve("x.csv"), dir.resolve("x.csv"));
        Map<String, String> before = snapshot(dir);
        assertRefused(run("train", "--config", cfg.toString(), "--set", "output.model=" + user.resolve(".zip")), 2,
                "output.model must name a file such as models/mnist-softmax.zip");
        assertEquals(before, snapshot(dir));
    }

    @Test
    void aFolderThatIsNotASoftmax4jRunIsNeverWrittenInto() throws IOException {
        Path user = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(user.resolve("report.html"), "my own report");
        Files.createDirectories(user.resolve("checkpoints"));
        Files.writeString(user.resolve("checkpoints/epoch-000001.zip"), "not ours");
        Path cfg = csvConfig(dir.resolve("x.csv"), dir.resolve("x.csv"));
        Map<String, String> before = snapshot(dir);
        assertRefused(run("train", "--config", cfg.toString(), "--set", "output.model=" + dir.resolve("mine.zip")), 2,
                "the run folder " + user + " of output.model " + dir.resolve("mine.zip") + " exists and is not a softmax4j run");
        assertEquals(before, snapshot(dir));
    }

    @Test
    void aSecondRunWithTheSameOutputModelRefusesWhileTheFirstHoldsTheLock() throws IOException {
        Path train = Files.writeString(dir.resolve("train.csv"), "0,255,0\n1,0,255\n0,250,3\n1,2,240\n");
        Path cfg = csvConfig(train, train);
        RunLayout layout = new RunLayout(dir.resolve("m.zip"));
        try (RunLock held = layout.lock(false)) {
            assertRefused(run("train", "--config", cfg.toString()), 2, "another softmax4j run is using the run folder "
                    + layout.runDir() + " (output.model " + layout.model() + ")");
            assertFalse(Files.exists(layout.model()));
        }
        TrainCommandTest.Run r = run("train", "--config", cfg.toString());
        assertEquals(0, r.code(), "released: the next run goes on " + r.err());
        assertTrue(Files.exists(layout.model()) && Files.exists(layout.marker()));
    }

    @Test
    void resumeHelpListsExactlyTheKeysResumeAccepts() {
        TrainCommandTest.Run r = run("train", "--help");
        String help = r.out().replaceAll("\\s+", "");
        assertTrue(help.contains(("--set may change only " + io.softmax4j.pipeline.TrainPipeline.RESUMABLE + ".")
                .replaceAll("\\s+", "")), help);
        assertTrue(help.contains("output.pictures"), "output.pictures is resumable, so the help says so: " + help);
    }

    @Test
    void aSetListInFlowStyleIsAList() {
        TrainCommandTest.Run r = run("config", "show", "--config", "config/smoke.yaml", "--set", "data.dataset=csv",
                "--set", "data.train.file=a.csv", "--set", "data.test.file=b.csv", "--set", "data.labels=[cat,dog,bird]");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("labels:\n  - cat\n  - dog\n  - bird\n"), r.out());
        assertRefused(run("config", "show", "--config", "config/smoke.yaml", "--set", "data.dataset=csv",
                "--set", "data.train.file=a.csv", "--set", "data.test.file=b.csv", "--set", "data.labels=[cat]"), 2,
                "data.labels must name 2 to 256 classes in label order, got 1");
    }

    @Test
    void configShowHeaderStaysACommentWhateverTheFileName() throws IOException {
        Path cfg = Files.copy(Path.of("config/smoke.yaml"), dir.resolve("a\ntraining: {epochs: 99}\n#.yaml"));
        TrainCommandTest.Run r = run("config", "show", "--config", cfg.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("# effective config of " + dir + "/a\\ntraining: {epochs: 99}\\n#.yaml\n"), r.out());
        Path shown = Files.writeString(dir.resolve("shown.yaml"), r.out());
        TrainCommandTest.Run check = run("config", "check", shown.toString());
        assertEquals(0, check.code(), check.err());
        assertTrue(r.out().lines().noneMatch(l -> l.startsWith("training: {epochs: 99}")), r.out());
    }

    @Test
    void aFileNameHoldingANewlineCannotForgeAnOutputLine() throws IOException {
        Path forged = Files.writeString(dir.resolve("x.png\nerror: forged"), "not an image");
        TrainCommandTest.Run r = run("predict", "--model", model.toString(), forged.toString());
        assertEquals(1, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("error: " + dir + "/x.png\\nerror: forged: "), r.err());
    }

    @Test
    void showInputNeverOverwritesAnExistingFile() throws IOException {
        Path png = dir.resolve("seven.png");
        BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSample(14, 14, 0, 255);
        img.getRaster().setSample(14, 15, 0, 255);
        ImageIO.write(img, "png", png.toFile());
        Path out = Files.createDirectories(dir.resolve("shown"));
        Path mine = Files.writeString(out.resolve("seven-28x28.png"), "my own file");
        TrainCommandTest.Run r = run("predict", "--model", model.toString(), "--show-input", out.toString(), png.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("my own file", Files.readString(mine));
        assertTrue(Files.exists(out.resolve("seven-2-28x28.png")));
        assertTrue(r.err().contains("note: " + mine + " is taken (existing files are never overwritten); the input the "
                + "model saw for " + png + " went to " + out.resolve("seven-2-28x28.png")), r.err());
    }

    private Path csvConfig(Path train, Path test) throws IOException {
        return Files.writeString(dir.resolve("csv.yaml"), "data: {dataset: csv, batchSize: 2, train: {file: \"" + train
                + "\"}, test: {file: \"" + test + "\"}}\ntraining: {epochs: 1}\noutput: {model: " + dir.resolve("m.zip")
                + ", pictures: false}\n");
    }

    private Path fifo(String name) throws IOException, InterruptedException {
        Path fifo = dir.resolve(name);
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        return fifo;
    }
}
