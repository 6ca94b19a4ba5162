package io.softmax4j.pipeline;

import io.softmax4j.artifact.AtomicFiles;
import io.softmax4j.artifact.CheckpointStore;
import io.softmax4j.artifact.ModelArtifactWriter;
import io.softmax4j.artifact.ModelManifest;
import io.softmax4j.config.ConfigException;
import io.softmax4j.config.ConfigLoader;
import io.softmax4j.config.DataConfig;
import io.softmax4j.config.RunConfig;
import io.softmax4j.data.DataException;
import io.softmax4j.data.Dataset;
import io.softmax4j.data.DatasetSource;
import io.softmax4j.data.DatasetSources;
import io.softmax4j.engine.SoftmaxModel;
import io.softmax4j.evaluation.ModelEvaluator;
import io.softmax4j.run.RunLayout;
import io.softmax4j.run.RunLock;
import io.softmax4j.training.DivergenceGuard;
import io.softmax4j.training.SoftmaxTrainer;
import io.softmax4j.training.StopSignal;
import io.softmax4j.training.TrainingFailedException;
import io.softmax4j.training.TrainingListener;
import io.softmax4j.training.TrainingResult;
import io.softmax4j.metrics.TrainingState;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * config -> data -> model -> training -> artifact: the whole {@code train} command, fresh or
 * resumed from a run's last checkpoint.
 */
public final class TrainPipeline {
    /**
     * The keys {@code --set} may change when resuming (none of them changes what a finished epoch
     * computes), as shown to users; {@code key.*} means every key under it. A constant, so
     * {@code train --resume}'s help text is built from it and cannot disagree with the check.
     */
    public static final String RESUMABLE = "training.epochs, training.maxMinutes, training.checkpoints.*, "
            + "training.earlyStopping.*, data.dir, output.pictures";
    /** {@link #RESUMABLE} as keys and key prefixes (ending in a dot). */
    static final List<String> RESUMABLE_KEYS = java.util.Arrays.stream(RESUMABLE.split(",\\s*"))
            .map(k -> k.endsWith(".*") ? k.substring(0, k.length() - 1) : k).toList();

    private TrainPipeline() {
    }

    /**
     * How a run is carried out.
     *
     * @param listener sees every epoch
     * @param out      receives status lines
     * @param stop     stops the run cleanly between minibatches when raised (Ctrl-C)
     * @param sources  picks the dataset source for the data config
     */
    public record Options(TrainingListener listener, PrintWriter out, StopSignal stop,
                          BiFunction<DataConfig, Consumer<String>, DatasetSource> sources) {
        public static Options of(TrainingListener listener, PrintWriter out) {
            return new Options(listener, out, StopSignal.never(), DatasetSources::forConfig);
        }
    }

    /**
     * Loads the data, trains, evaluates the final model on the test set, and saves the model
     * with its manifest (and the effective config as YAML beside it).
     *
     * @param out receives status lines and one line per epoch
     */
    public static TrainingRun run(RunConfig config, TrainingListener listener, PrintWriter out) {
        return run(config, Options.of(listener, out));
    }

    /**
     * A fresh run: checkpoints of an earlier run in the same run folder are removed first. The
     * run folder is locked for the whole run ({@link RunLayout#lock}).
     */
    public static TrainingRun run(RunConfig config, Options options) {
        RunLayout layout = new RunLayout(config.output().modelPath());
        Path firstCreated = layout.firstMissingFolder();
        TrainPreflight.checkWritable(layout.model(), layout.runDir());
        try (RunLock lock = layout.lock(false, line -> status(options.out(), line))) {
            try {
                return fresh(config, options, layout);
            } catch (RuntimeException | Error e) {
                // failed before writing anything (bad data, preflight): leave no empty run folder behind
                lock.removeIfUnused(firstCreated);
                throw e;
            }
        }
    }

    private static TrainingRun fresh(RunConfig config, Options options, RunLayout layout) {
        Dataset data = load(config, options);
        TrainPreflight.checkSpace(config, data, layout.model());
        CheckpointStore store = new CheckpointStore(layout.checkpoints());
        throwIfStopped(options.stop());
        try {
            int removed = store.clear();
            if (removed > 0) {
                status(options.out(), "removed " + removed + " checkpoint(s) of an earlier run from " + store.dir());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear old checkpoints in " + store.dir() + ": " + e.getMessage(), e);
        }
        status(options.out(), String.format("training softmax regression on %s: %d train%s / %d test examples, %d -> %d, %d epochs",
                data.name(), data.train().count(),
                data.hasValidation() ? " / " + data.validation().count() + " validation" : "",
                data.test().count(), data.train().features(), data.train().classes(), config.training().epochs()));
        status(options.out(), "classes: " + classes(data.train().labelNames()));
        return train(config, data, options, store, null, TrainingState.initial());
    }

    /**
     * Continues the run in {@code runDir} (the model path without {@code .zip}) from its newest
     * complete checkpoint, with the config saved there plus {@code overrides} (only
     * {@link #RESUMABLE_KEYS}); ends with the same weights and metrics as an uninterrupted run.
     */
    public static TrainingRun resume(Path runDir, List<String> overrides, Options options) {
        checkResumableOverrides(overrides);
        // The model goes beside the run folder, wherever the run was started from.
        RunLayout layout = RunLayout.ofRunFolder(runDir);
        try (RunLock lock = layout.lock(true, line -> status(options.out(), line))) {
            return resumed(layout, overrides, options);
        }
    }

    private static TrainingRun resumed(RunLayout layout, List<String> overrides, Options options) {
        Path runDir = layout.runDir();
        Path modelPath = layout.model();
        CheckpointStore store = new CheckpointStore(layout.checkpoints());
        CheckpointStore.Checkpoint checkpoint = latest(store, runDir, options.out());
        List<String> all = new ArrayList<>(overrides);
        all.add("output.model=" + modelPath);
        String where = checkpoint.file() + " (" + ModelArtifactWriter.CONFIG_ENTRY + ")";
        RunConfig config = ConfigLoader.fromYaml(checkpoint.configYaml(), all, where);
        TrainPreflight.checkWritable(modelPath, runDir);
        Dataset data = load(config, options);
        if (!checkpoint.dataChecksums().isEmpty() && !checkpoint.dataChecksums().equals(data.checksums())) {
            throw new DataException("the data changed since " + checkpoint.file() + " was written (checksums "
                    + checkpoint.dataChecksums() + ", now " + data.checksums() + "); resuming would not reproduce "
                    + "the run. Point data.dir at the original files or start a new run.");
        }
        TrainPreflight.checkSpace(config, data, modelPath);
        status(options.out(), "resuming " + runDir + " after epoch " + checkpoint.state().epoch() + " of "
                + config.training().epochs() + " (" + checkpoint.file().getFileName() + ")");
        return train(config, data, options, store, checkpoint.network(), checkpoint.state());
    }

    private static TrainingRun train(RunConfig config, Dataset data, Options options, CheckpointStore store,
                                     SoftmaxModel net, TrainingState start) {
        Path modelPath = config.output().modelPath();
        String yaml = ConfigLoader.toYaml(config);
        int keep = config.training().checkpoints().keep();
        SoftmaxTrainer trainer = new SoftmaxTrainer(config, options.listener(),
                (n, state) -> store.save(n, state, yaml, data.checksums(), keep), options.stop());
        TrainingResult result;
        try {
            result = net == null ? trainer.train(data) : trainer.train(net, data, start);
        } catch (TrainingFailedException e) {
            throw e.kind() == TrainingFailedException.Kind.INTERRUPTED ? e.withDetail(resumeHint(store, modelPath)) : e;
        }
        DivergenceGuard.checkParameters(result.network().parameters(), "in the final model", config.training().updater());
        status(options.out(), "evaluating the final model on the test set; saving it to " + modelPath);
        ModelEvaluator.Scored test = save(config, data, result, modelPath);
        writeMetrics(result, modelPath, options.out());
        if (!config.output().pictures()) {
            return new TrainingRun(config, data, result, null, null);
        }
        // Ctrl-C from here on: the model is saved; the pictures are skipped (ImageIO cannot start
        // once the JVM is shutting down) and the run ends as interrupted, reporting the model.
        if (options.stop().requested()) {
            return new TrainingRun(config, data, result, null, picturesSkipped(options.stop()));
        }
        try {
            status(options.out(), "writing pictures to " + new RunLayout(modelPath).reportDir());
            return new TrainingRun(config, data, result, writePictures(config, result, test, modelPath), null);
        } catch (RuntimeException e) {
            if (!options.stop().requested()) {
                throw e;
            }
            return new TrainingRun(config, data, result, null, picturesSkipped(options.stop()));
        }
    }

    /** Writes {@code metrics.csv} (one row per epoch) into the run folder beside the model. */
    private static void writeMetrics(TrainingResult result, Path modelPath, PrintWriter out) {
        Path csv = new RunLayout(modelPath).runDir().resolve(io.softmax4j.report.MetricsCsv.FILE);
        try {
            Files.createDirectories(csv.getParent());
            io.softmax4j.artifact.AtomicFiles.write(csv, io.softmax4j.report.MetricsCsv.format(result.history())
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + csv + ": " + e.getMessage(), e);
        }
        status(out, "per-epoch metrics written to " + csv);
    }

    private static String picturesSkipped(StopSignal stop) {
        return "pictures not written: training " + stop.reason() + " after the model was saved";
    }

    /**
     * Writes the pictures and report.html into the run folder beside the model (the test figures
     * and predictions are the ones computed for the manifest: no second pass over the test set).
     */
    private static Path writePictures(RunConfig config, TrainingResult result, ModelEvaluator.Scored test,
                                      Path modelPath) {
        Path dir = new RunLayout(modelPath).reportDir();
        ReportPipeline.write(test, modelPath.getFileName().toString(), ConfigLoader.toYaml(config),
                result.history(), dir);
        return dir;
    }

    private static Dataset load(RunConfig config, Options options) {
        // reading a large CSV takes seconds: say so before, and how long it took after
        status(options.out(), "loading the " + config.data().dataset().name() + " data ...");
        long start = System.nanoTime();
        Dataset data = limited(options.sources().apply(config.data(), line -> status(options.out(), line)).load(),
                config.data().limit());
        if (config.data().validation() > 0 && !data.hasValidation()) {
            // sources that bypass DatasetSources (tests, embedders) get the same seeded split
            data = io.softmax4j.data.ValidationSplit.apply(data, config.data().validation());
        }
        status(options.out(), String.format(java.util.Locale.ROOT, "data loaded in %.1f s",
                (System.nanoTime() - start) / 1e9));
        if (config.training().earlyStopping() != null) {
            status(options.out(), String.format(java.util.Locale.ROOT, "early stopping picks the epoch by validation "
                    + "accuracy on %d held-out training examples (data.validation=%s), never by the test set",
                    data.hasValidation() ? data.validation().count() : 0, config.data().validation()));
        }
        TrainPreflight.checkData(data);
        return data;
    }

    /** Keeps the first {@code limit} training, validation and test examples ({@code data.limit}). */
    static Dataset limited(Dataset data, Integer limit) {
        if (limit == null) {
            return data;
        }
        return new Dataset(data.name(), data.train().head(limit), data.test().head(limit), data.checksums(),
                data.hasValidation() ? data.validation().head(limit) : null);
    }

    private static CheckpointStore.Checkpoint latest(CheckpointStore store, Path runDir, PrintWriter out) {
        try {
            return store.latest(line -> status(out, "warning: " + line)).orElseThrow(() -> new ConfigException(null,
                    "--resume " + runDir + ": no checkpoint in " + store.dir() + ". Give the run folder "
                            + "(output.model without .zip, e.g. models/mnist-softmax) of a run that saved checkpoints."));
        } catch (IOException e) {
            throw new ConfigException(null, "--resume " + runDir + ": cannot read " + store.dir() + ": " + e.getMessage(), e);
        }
    }

    static void checkResumableOverrides(List<String> overrides) {
        for (String o : overrides) {
            String key = o.contains("=") ? o.substring(0, o.indexOf('=')).trim() : o;
            boolean allowed = RESUMABLE_KEYS.stream().anyMatch(k -> k.endsWith(".") ? key.startsWith(k) : key.equals(k));
            if (!allowed) {
                throw new ConfigException(key, "--set " + key + " cannot be changed when resuming (the resumed run "
                        + "must compute what the original would have); allowed: " + RESUMABLE
                        + ". Start a new run to change it.");
            }
        }
    }

    private static String resumeHint(CheckpointStore store, Path modelPath) {
        String notWritten = "; " + modelPath + " was not written.";
        try {
            List<Path> files = store.files();
            if (files.isEmpty()) {
                return notWritten + " No checkpoint had been saved yet: run the same command again to start over.";
            }
            return notWritten + " The last complete checkpoint is " + files.get(files.size() - 1)
                    + "; continue with: softmax4j train --resume " + runDir(modelPath);
        } catch (IOException e) {
            return notWritten;
        }
    }

    private static void throwIfStopped(StopSignal stop) {
        if (stop.requested()) {
            throw new TrainingFailedException(TrainingFailedException.Kind.INTERRUPTED,
                    "training " + stop.reason() + " before it started; nothing was written");
        }
    }

    private static void status(PrintWriter out, String line) {
        out.println(line);
        out.flush();
    }

    /**
     * Saves the model zip with its manifest (which needs the final model's test figures) and the
     * effective config as YAML, inside the zip and beside it.
     *
     * @return the final model's test-set evaluation and predictions (for the pictures)
     */
    static ModelEvaluator.Scored save(RunConfig config, Dataset data, TrainingResult result, Path modelPath) {
        byte[] yaml = ConfigLoader.toYaml(config).getBytes(StandardCharsets.UTF_8);
        ModelEvaluator.Scored test = ModelEvaluator.evaluateAndPredict(result.network(), data.test());
        ModelManifest manifest = ManifestFactory.create(config, data, result, test.report());
        try {
            ModelArtifactWriter.save(result.network(), modelPath, manifest, Map.of(ModelArtifactWriter.CONFIG_ENTRY, yaml));
            AtomicFiles.write(sidecarConfig(modelPath), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the model to " + modelPath + ": " + e.getMessage(), e);
        }
        return test;
    }

    /** The class names for the log; long lists (EMNIST has 47) are cut after 20. */
    static String classes(List<String> names) {
        return names.size() <= 20 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 20)) + ", ... (" + names.size() + " classes)";
    }

    /** {@code models/x.zip} -> {@code models/x.yaml}: the effective config beside the model ({@link RunLayout}). */
    public static Path sidecarConfig(Path modelPath) {
        return new RunLayout(modelPath).sidecarConfig();
    }

    /** {@code models/x.zip} -> {@code models/x}: the run folder, holding {@code checkpoints/} ({@link RunLayout}). */
    public static Path runDir(Path modelPath) {
        return new RunLayout(modelPath).runDir();
    }

    /**
     * What a train command produced.
     *
     * @param reportDir   where the pictures and report.html were written, or null when
     *                    {@code output.pictures} is false or the run was interrupted before
     * @param interrupted what an interrupt after the model was saved left undone, or null
     */
    public record TrainingRun(RunConfig config, Dataset data, TrainingResult result, Path reportDir,
                              String interrupted) {
        /** Where the model was saved: the config's {@code output.model}. */
        public Path modelPath() {
            return config.output().modelPath();
        }
    }
}
