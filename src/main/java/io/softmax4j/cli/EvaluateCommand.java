package io.softmax4j.cli;

import io.softmax4j.pipeline.EvaluatePipeline;
import io.softmax4j.report.ReportWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code evaluate}: scores a saved model on the test set of the dataset its manifest names. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Evaluate a saved model on its dataset's test set.",
                "Prints accuracy, loss, per-class precision/recall/F1 and the confusion matrix of the test set of the "
                        + "dataset recorded in the model."},
        footer = {"", "Examples:",
                "  softmax4j evaluate --model models/mnist-softmax.zip",
                "  softmax4j evaluate --model models/mnist-softmax.zip --min-accuracy 0.9",
                "", HelpTexts.EXIT_CODES})
final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "ZIP", required = true, description = "The model zip to evaluate.")
    Path model;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Read the dataset from DIR instead of the folder recorded in the model.")
    String dataDir;

    @Option(names = "--json", description = "Print the results as JSON.")
    boolean json;

    @Option(names = "--min-accuracy", paramLabel = "A",
            description = "Exit with code 1 when the accuracy is below A (0..1), e.g. 0.87.")
    Double minAccuracy;

    @Option(names = "--report", paramLabel = "DIR",
            description = "Also write the pictures (predictions, mistakes, confusion matrix) and report.html into DIR.")
    Path reportDir;

    @Option(names = "--verbose", description = "Print stack traces on errors.")
    boolean verbose;

    @Override
    public Integer call() {
        if (minAccuracy != null && !(minAccuracy >= 0 && minAccuracy <= 1)) {
            throw new ParameterException(spec.commandLine(), "--min-accuracy must be in [0, 1], got " + minAccuracy);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter status = json ? err : out; // keep stdout pure JSON
        EvaluatePipeline.EvaluationRun run = EvaluatePipeline.run(model, dataDir, reportDir, line -> {
            status.println(line);
            status.flush();
        });
        if (reportDir != null) {
            status.println("pictures written to " + reportDir + " (open " + reportDir.resolve(ReportWriter.HTML) + ")");
            status.flush();
        }
        out.print(json ? ResultFormats.evaluationJson(run, minAccuracy) + System.lineSeparator()
                : ResultFormats.evaluationText(run));
        out.flush();
        if (minAccuracy != null && run.report().accuracy() < minAccuracy) {
            err.printf(Locale.ROOT, "error: accuracy %.4f is below --min-accuracy %s%n", run.report().accuracy(), minAccuracy);
            err.flush();
            return ExitCodes.EXIT_FAILED;
        }
        return ExitCodes.EXIT_OK;
    }
}
