package io.softmax4j.pipeline;

import io.softmax4j.artifact.LoadedModel;
import io.softmax4j.artifact.ModelManifest;
import io.softmax4j.artifact.SafeModelLoader;
import io.softmax4j.config.ConfigLoader;
import io.softmax4j.data.Dataset;
import io.softmax4j.evaluation.EvaluationReport;
import io.softmax4j.evaluation.ModelEvaluator;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** model zip -> its dataset's test set -> {@link EvaluationReport}: the {@code evaluate} command. */
public final class EvaluatePipeline {
    private EvaluatePipeline() {
    }

    /**
     * Loads (safely) and evaluates a model on the test set of the dataset its manifest names.
     *
     * @param dataDir a data folder instead of the one recorded in the model, or null
     */
    public static EvaluationRun run(Path modelFile, String dataDir, Consumer<String> status) {
        return run(modelFile, dataDir, null, status);
    }

    /**
     * As {@link #run(Path, String, Consumer)}, also writing the pictures and report.html into
     * {@code reportDir} when it is not null (no training curves: a saved model has no history).
     */
    public static EvaluationRun run(Path modelFile, String dataDir, Path reportDir, Consumer<String> status) {
        LoadedModel model = SafeModelLoader.load(modelFile);
        Dataset data = ModelData.load(modelFile, model.manifest(), dataDir, status);
        ModelEvaluator.Scored scored = ModelEvaluator.evaluateAndPredict(model.network(), data.test());
        if (reportDir != null) {
            String yaml = ConfigLoader.toYaml(ModelData.config(modelFile, model.manifest(), dataDir));
            ReportPipeline.write(scored, modelFile.getFileName().toString(), yaml, List.of(), reportDir);
        }
        return new EvaluationRun(modelFile, model.manifest(), data.name(), scored.report(),
                ModelData.differences(model.manifest(), data));
    }

    /**
     * What an evaluation found.
     *
     * @param model    the model file
     * @param manifest its manifest
     * @param dataset  the dataset whose test set was used
     * @param report   the figures
     * @param notes    how the data differs from the data the model was trained on (usually none)
     */
    public record EvaluationRun(Path model, ModelManifest manifest, String dataset, EvaluationReport report,
                                List<String> notes) {
        public EvaluationRun {
            notes = List.copyOf(notes);
        }
    }
}
