package io.softmax4j.cli;

import io.softmax4j.config.RunConfig;
import io.softmax4j.pipeline.TrainPipeline;
import io.softmax4j.training.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code train}: trains a model from a YAML config and saves it. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a softmax-regression model from a YAML config and save it as a DL4J model zip.",
                "--from-model repeats the recipe embedded in a model zip (same seed and threads: same weights)."})
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigSourceOptions source;

    @Option(names = "--verbose", description = "Print stack traces on errors.")
    boolean verbose;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        RunConfig rc = source.load().config();
        refuseToOverwriteSource(rc);
        TrainingListener listener = TrainingListener.Defaults.epochLines(out);
        TrainPipeline.TrainingRun run = TrainPipeline.run(rc, listener, out);
        out.printf(Locale.ROOT, "trained in %.1f s; final test accuracy %.4f%n", run.result().seconds(),
                run.result().last().testAccuracy());
        out.println("model saved to " + run.modelPath() + " (config: " + TrainPipeline.sidecarConfig(run.modelPath()) + ")");
        out.flush();
        return ExitCodes.EXIT_OK;
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
                    + TrainPipeline.sidecarConfig(source.fromModel).toString().replaceAll("\\.yaml$", "-rerun.zip"),
                    ExitCodes.EXIT_INVALID_INPUT);
        }
    }
}
