package io.softmax4j.cli;

import io.softmax4j.config.DataConfig;
import io.softmax4j.config.RunConfig;
import io.softmax4j.data.DatasetSource;
import io.softmax4j.data.DatasetSources;
import io.softmax4j.pipeline.TrainPipeline;
import io.softmax4j.spark.SparkTrainJob;
import io.softmax4j.report.ReportWriter;
import io.softmax4j.run.RunLayout;
import io.softmax4j.training.ProgressBarListener;
import io.softmax4j.training.StopSignal;
import io.softmax4j.training.TrainingListener;
import io.softmax4j.training.TrainingResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/** {@code train}: trains a model from a YAML config (or resumes a run) and saves it. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a softmax-regression model from a YAML config and save it as a DL4J model zip.",
                "--from-model repeats the recipe embedded in a model zip (same seed and threads: same weights)."},
        footer = {"", "Examples:",
                "  softmax4j train --config config/mnist-softmax.yaml",
                "  softmax4j train --config config/fashion-mnist-softmax.yaml",
                "  softmax4j train --set training.epochs=3 --set training.maxMinutes=1",
                "  softmax4j train --resume models/mnist-softmax",
                "", HelpTexts.EXIT_CODES})
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    Softmax4jCli parent;

    @Mixin
    ConfigSourceOptions source;

    @Option(names = "--resume", paramLabel = "RUN_DIR",
            description = "Continue an interrupted or finished run from its last complete checkpoint. RUN_DIR is "
                    + "output.model without .zip (e.g. models/mnist-softmax). Uses the config saved with the run. "
                    + "--set may change only " + TrainPipeline.RESUMABLE + ".")
    Path resume;

    @Option(names = "--verbose", description = "Print stack traces on errors.")
    boolean verbose;

    @Option(names = {"-q", "--quiet"},
            description = "No progress bar, only the epoch lines (the default when output is not a terminal).")
    boolean quiet;

    @Option(names = "--spark", paramLabel = "MASTER", description = "Train on Apache Spark (e.g. local[2], local[*], "
            + "spark://HOST:7077, yarn) with MLlib's multinomial LogisticRegression (L-BFGS), reading the data on the "
            + "executors; training.l2 is its regParam; epochs, batches and the updater do not apply.")
    String spark;

    @Option(names = "--max-iter", paramLabel = "N", defaultValue = "100",
            description = "With --spark: L-BFGS iterations at most (default: ${DEFAULT-VALUE}).")
    int maxIter;

    @Option(names = "--tol", paramLabel = "TOL", defaultValue = "1e-6",
            description = "With --spark: L-BFGS convergence tolerance (default: ${DEFAULT-VALUE}).")
    double tol;

    /** Where datasets come from; tests swap in synthetic data. */
    BiFunction<DataConfig, Consumer<String>, DatasetSource> sources = DatasetSources::forConfig;
    /** Extra listener (tests). */
    TrainingListener extraListener = TrainingListener.Defaults.none();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (resume != null && (source.config != null || source.fromModel != null)) {
            throw new UserInputException("--resume uses the config saved with the run; drop --config/--from-model "
                    + "(change the allowed keys with --set)", ExitCodes.EXIT_INVALID_INPUT);
        }
        RunConfig rc = resume != null ? null : source.load().config();
        if (rc != null) {
            refuseToOverwriteSource(rc);
        }
        if (spark != null) {
            return callSpark(rc, out);
        }
        // a bar only on a terminal: pipes, files and CI get plain epoch lines, no control characters
        TrainingListener lines = !quiet && parent != null && parent.terminal()
                ? new ProgressBarListener(out) : TrainingListener.Defaults.epochLines(out);
        TrainingListener listener = TrainingListener.Defaults.all(List.of(lines, extraListener));
        StopSignal stop = new StopSignal();
        TrainPipeline.Options options = new TrainPipeline.Options(listener, out, stop, sources);
        InterruptHook hook = InterruptHook.install(stop);
        try {
            TrainPipeline.TrainingRun run = resume != null
                    ? TrainPipeline.resume(resume, source.allOverrides(), options)
                    : TrainPipeline.run(rc, options);
            report(out, run);
            if (run.interrupted() != null) {
                spec.commandLine().getErr().println("error: " + run.interrupted());
                return ExitCodes.EXIT_TRAINING_FAILED;
            }
            return ExitCodes.EXIT_OK;
        } finally {
            hook.remove();
            if (lines instanceof ProgressBarListener bar) {
                bar.close(); // an error or Ctrl-C mid-epoch: wipe the bar before the message
            }
        }
    }

    /** {@code --spark}: MLlib's trainer; the Spark classes are loaded only on this path. */
    private int callSpark(RunConfig rc, PrintWriter out) {
        if (rc == null) {
            throw new UserInputException("--spark trains from --config or --from-model; --resume continues local runs only",
                    ExitCodes.EXIT_INVALID_INPUT);
        }
        SparkTrainJob.Result r = SparkTrainJob.run(new SparkTrainJob.Request(spark, rc, maxIter, tol), out);
        out.printf(Locale.ROOT, "trained in %.2f s (spark-mllib, %d L-BFGS iterations); train accuracy %.4f; "
                + "final test accuracy %.4f%n", r.seconds(), r.iterations(), r.trainAccuracy(), r.testAccuracy());
        out.println("model saved to " + r.model() + " (config: " + TrainPipeline.sidecarConfig(r.model()) + ")");
        out.flush();
        return ExitCodes.EXIT_OK;
    }

    private static void report(PrintWriter out, TrainPipeline.TrainingRun run) {
        TrainingResult result = run.result();
        if (!result.stopNote().isEmpty()) {
            out.println("stopped after epoch " + result.last().epoch() + " of " + run.config().training().epochs()
                    + ": " + result.stopNote());
        }
        if (result.modelEpoch() != result.last().epoch()) {
            out.println("keeping the best model, from epoch " + result.modelEpoch());
        }
        out.printf(Locale.ROOT, "trained in %.2f s; final test accuracy %.4f%n", result.seconds(),
                result.modelMetrics().testAccuracy());
        RunLayout layout = new RunLayout(run.modelPath());
        out.println("model saved to " + run.modelPath() + " (config: " + layout.sidecarConfig() + ")");
        if (run.reportDir() != null) {
            out.println("pictures written to " + run.reportDir() + " (open " + run.reportDir().resolve(ReportWriter.HTML) + ")");
        }
        if (run.config().training().checkpoints().enabled()) {
            Path runDir = layout.runDir();
            boolean unfinished = result.last().epoch() < run.config().training().epochs();
            out.println("checkpoints in " + layout.checkpoints() + (result.earlyStopped() ? ""
                    : unfinished ? " (continue with: softmax4j train --resume " + runDir + ")"
                    : " (continue with more epochs: softmax4j train --resume " + runDir + " --set training.epochs=N)"));
        }
        out.flush();
    }

    /** A re-run from a model zip must not replace that zip: it is the record being reproduced. */
    private void refuseToOverwriteSource(RunConfig rc) {
        if (source.fromModel == null) {
            return;
        }
        Path target = rc.output().modelPath().toAbsolutePath().normalize();
        if (target.equals(source.fromModel.toAbsolutePath().normalize())) {
            throw new UserInputException("train --from-model " + source.fromModel + " would overwrite that model "
                    + "(its output.model is " + rc.output().model() + "); write the re-run elsewhere, e.g. --set output.model="
                    + rerunName(source.fromModel),
                    ExitCodes.EXIT_INVALID_INPUT);
        }
    }

    /** {@code models/x.zip -> models/x-rerun.zip}. */
    private static String rerunName(Path model) {
        String name = model.getFileName().toString();
        String stem = name.endsWith(".zip") ? name.substring(0, name.length() - ".zip".length()) : name;
        return model.resolveSibling(stem + "-rerun.zip").toString();
    }
}
