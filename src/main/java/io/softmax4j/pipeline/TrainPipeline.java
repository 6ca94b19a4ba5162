package io.softmax4j.pipeline;

import io.softmax4j.artifact.AtomicFiles;
import io.softmax4j.artifact.ModelArtifactWriter;
import io.softmax4j.artifact.ModelManifest;
import io.softmax4j.config.ConfigLoader;
import io.softmax4j.config.RunConfig;
import io.softmax4j.data.Dataset;
import io.softmax4j.data.DatasetSources;
import io.softmax4j.evaluation.EvaluationReport;
import io.softmax4j.evaluation.ModelEvaluator;
import io.softmax4j.report.ReportWriter;
import io.softmax4j.training.SoftmaxTrainer;
import io.softmax4j.training.TrainingListener;
import io.softmax4j.training.TrainingResult;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * config -> data -> model -> training -> artifact: the whole {@code train} command.
 */
public final class TrainPipeline {
    private TrainPipeline() {
    }

    /**
     * Loads the data, trains, evaluates the final model on the test set, and saves the model
     * with its manifest (and the effective config as YAML beside it).
     *
     * @param out receives status lines and one line per epoch
     */
    public static TrainingRun run(RunConfig config, TrainingListener listener, PrintWriter out) {
        Dataset data = DatasetSources.forConfig(config.data(), line -> {
            out.println(line);
            out.flush();
        }).load();
        return run(config, data, listener, out);
    }

    /** Trains on already loaded data, saves the model and, unless disabled, writes the pictures. */
    public static TrainingRun run(RunConfig config, Dataset data, TrainingListener listener, PrintWriter out) {
        out.printf("training softmax regression on %s: %d train%s / %d test examples, %d -> %d, %d epochs%n",
                data.name(), data.train().count(),
                data.hasValidation() ? " / " + data.validation().count() + " validation" : "",
                data.test().count(), data.train().features(), data.train().classes(), config.training().epochs());
        out.println("classes: " + classes(data.train().labelNames()));
        out.flush();
        TrainingResult result = new SoftmaxTrainer(config, listener).train(data);
        Path modelPath = config.output().modelPath();
        EvaluationReport test = save(config, data, result, modelPath);
        Path reportDir = config.output().pictures() ? writePictures(config, data, result, test, modelPath) : null;
        return new TrainingRun(config, data, result, modelPath, reportDir);
    }

    /** Writes the pictures and report beside the model (the test figures are the ones just saved). */
    private static Path writePictures(RunConfig config, Dataset data, TrainingResult result, EvaluationReport test,
                                      Path modelPath) {
        Path dir = ReportWriter.reportDir(modelPath);
        ReportPipeline.write(result.network(), data.test(), modelPath.getFileName().toString(),
                ConfigLoader.toYaml(config), result.history(), test, dir);
        return dir;
    }

    /**
     * Saves the model zip with its manifest (which needs the final model's test figures) and the
     * effective config as YAML, inside the zip and beside it.
     */
    private static EvaluationReport save(RunConfig config, Dataset data, TrainingResult result, Path modelPath) {
        byte[] yaml = ConfigLoader.toYaml(config).getBytes(StandardCharsets.UTF_8);
        EvaluationReport test = ModelEvaluator.evaluate(result.network(), data.test());
        ModelManifest manifest = ManifestFactory.create(config, data, result, test);
        try {
            ModelArtifactWriter.save(result.network(), modelPath, manifest, Map.of(ModelArtifactWriter.CONFIG_ENTRY, yaml));
            AtomicFiles.write(sidecarConfig(modelPath), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the model to " + modelPath + ": " + e.getMessage(), e);
        }
        return test;
    }

    /** The class names for the log; long lists (EMNIST has 47) are cut after 20. */
    static String classes(java.util.List<String> names) {
        return names.size() <= 20 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 20)) + ", ... (" + names.size() + " classes)";
    }

    /** {@code models/x.zip} -> {@code models/x.yaml}: the effective config beside the model. */
    public static Path sidecarConfig(Path modelPath) {
        String name = modelPath.getFileName().toString();
        return modelPath.resolveSibling(name.substring(0, name.length() - ".zip".length()) + ".yaml");
    }

    /**
     * What a train command produced.
     *
     * @param reportDir where the pictures and report.html were written, or null when
     *                  {@code output.pictures} is false
     */
    public record TrainingRun(RunConfig config, Dataset data, TrainingResult result, Path modelPath, Path reportDir) {
    }
}
