package io.softmax4j.cli;

import io.softmax4j.config.ConfigLoader;
import io.softmax4j.config.RunConfig;
import io.softmax4j.pipeline.TrainPipeline;
import io.softmax4j.report.ReportWriter;
import io.softmax4j.training.ProgressBarListener;
import io.softmax4j.training.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code train}: trains a model from a YAML config and saves it. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a softmax-regression model from a YAML config and save it as a DL4J model zip.")
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    Softmax4jCli parent;

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "config/mnist-softmax.yaml",
            description = "YAML config file (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a config key, e.g. --set training.epochs=3 (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Override data.dir.")
    String dataDir;

    @Option(names = "--verbose", description = "Print stack traces on errors.")
    boolean verbose;

    @Option(names = {"-q", "--quiet"},
            description = "No progress bar, only the epoch lines (the default when output is not a terminal).")
    boolean quiet;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<String> all = new ArrayList<>(overrides);
        if (dataDir != null) {
            all.add("data.dir=" + dataDir);
        }
        RunConfig rc = ConfigLoader.load(config, all);
        TrainingListener listener = !quiet && parent != null && parent.terminal()
                ? new ProgressBarListener(out) : TrainingListener.Defaults.epochLines(out);
        TrainPipeline.TrainingRun run = TrainPipeline.run(rc, listener, out);
        out.printf(Locale.ROOT, "trained in %.1f s; final test accuracy %.4f%n", run.result().seconds(),
                run.result().last().testAccuracy());
        out.println("model saved to " + run.modelPath() + " (config: " + TrainPipeline.sidecarConfig(run.modelPath()) + ")");
        if (run.reportDir() != null) {
            out.println("pictures written to " + run.reportDir() + " (open " + run.reportDir().resolve(ReportWriter.HTML) + ")");
        }
        out.flush();
        return ExitCodes.EXIT_OK;
    }
}
