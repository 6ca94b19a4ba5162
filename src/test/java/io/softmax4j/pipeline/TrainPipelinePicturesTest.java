package io.softmax4j.pipeline;

import io.softmax4j.config.ConfigLoader;
import io.softmax4j.config.RunConfig;
import io.softmax4j.data.Dataset;
import io.softmax4j.report.ReportWriter;
import io.softmax4j.testing.SyntheticImages;
import io.softmax4j.training.StopSignal;
import io.softmax4j.training.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainPipelinePicturesTest {
    static RunConfig config(Path model, boolean pictures) {
        return ConfigLoader.fromYaml("data: {batchSize: 50}\ntraining: {epochs: 2, updater: {type: sgd, "
                + "learningRate: 0.5}}\noutput: {model: '" + model + "', pictures: " + pictures + "}\n",
                List.of(), "test.yaml");
    }

    static TrainPipeline.Options options(Dataset data, TrainingListener listener, PrintWriter out) {
        return new TrainPipeline.Options(listener, out, StopSignal.never(), (config, status) -> () -> data);
    }

    @Test
    void trainingWritesThePicturesBesideTheModel(@TempDir Path dir) throws IOException {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        Path model = dir.resolve("models/synthetic.zip");
        TrainPipeline.TrainingRun run = TrainPipeline.run(config(model, true),
                options(SyntheticImages.dataset(300, 80), TrainingListener.Defaults.epochLines(out), out));

        assertEquals(dir.resolve("models/synthetic"), run.reportDir());
        for (String png : List.of(ReportWriter.PREDICTIONS, ReportWriter.MISTAKES, ReportWriter.CURVES,
                ReportWriter.CONFUSION)) {
            assertNotNull(ImageIO.read(run.reportDir().resolve(png).toFile()), png);
        }
        String html = Files.readString(run.reportDir().resolve(ReportWriter.HTML));
        assertTrue(html.contains("synthetic.zip") && html.contains("learningRate: 0.5"), "title and config");
        assertFalse(text.toString().contains("\r") || text.toString().contains("\u001b"),
                "no control characters without a terminal");
    }

    @Test
    void picturesCanBeTurnedOff(@TempDir Path dir) {
        PrintWriter out = new PrintWriter(new StringWriter());
        Path model = dir.resolve("m.zip");
        TrainPipeline.TrainingRun run = TrainPipeline.run(config(model, false),
                options(SyntheticImages.dataset(100, 20), TrainingListener.Defaults.none(), out));
        assertNull(run.reportDir());
        assertTrue(Files.exists(model));
        // the run folder may hold checkpoints, but no pictures
        for (String f : List.of(ReportWriter.PREDICTIONS, ReportWriter.MISTAKES, ReportWriter.CURVES,
                ReportWriter.CONFUSION, ReportWriter.HTML)) {
            assertFalse(Files.exists(dir.resolve("m").resolve(f)), f);
        }
    }
}
