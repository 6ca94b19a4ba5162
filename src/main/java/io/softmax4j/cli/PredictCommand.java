package io.softmax4j.cli;

import io.softmax4j.io.Printable;
import io.softmax4j.pipeline.PredictPipeline;
import io.softmax4j.serving.Classifier;
import io.softmax4j.spark.SparkPredictJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code predict}: classifies image files and test-set examples with a saved model. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Classify image files or test-set examples with a saved model.",
                "Image files (PNG, JPEG, BMP, GIF of any size and colour) are prepared the way MNIST was made, "
                        + "unless already prepared (28x28, white on black, centred); prints the preparation applied, "
                        + "the label, its probability and the top labels."},
        footer = {"", "Examples:",
                "  softmax4j predict --model models/mnist-softmax.zip digit.png",
                "  softmax4j predict --model models/mnist-softmax.zip --test-index 0-9",
                "", HelpTexts.EXIT_CODES})
final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "ZIP", required = true, description = "The model zip.")
    Path model;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "Image files (PNG, JPEG, BMP, GIF).")
    List<Path> files = new ArrayList<>();

    @Option(names = "--show-input", paramLabel = "DIR",
            description = "Write the picture the model saw for each file into DIR (photo.jpg -> DIR/photo-28x28.png; "
                    + "an existing file is never overwritten: the next free name, photo-2-28x28.png, is used).")
    Path showInput;

    @Option(names = "--as-is", description = "Do not prepare the files: each must already be a model-sized grayscale "
            + "image, white on black (as the test set).")
    boolean asIs;

    @Option(names = "--test-index", paramLabel = "LIST",
            description = "Test-set examples to classify, 0-based: e.g. 0-19 or 3,7,100-104.")
    String testIndexList;

    @Option(names = "--top", paramLabel = "K", defaultValue = "3", description = "How many top labels to show (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Read the test set from DIR instead of the folder recorded in the model.")
    String dataDir;

    @Option(names = "--json", description = "Print the results as a JSON array.")
    boolean json;

    @Option(names = "--verbose", description = "Print stack traces on errors.")
    boolean verbose;

    @Option(names = "--spark", paramLabel = "MASTER", description = "Score --input on Apache Spark (e.g. local[2], "
            + "local[*], spark://HOST:7077, yarn) and write the results under --output.")
    String spark;

    @Option(names = "--input", paramLabel = "PATH", description = "With --spark: a folder of images, an IDX images file, "
            + "or a CSV (with a header row) or Parquet table: optional id and label columns, then the pixels 0..255.")
    Path input;

    @Option(names = "--output", paramLabel = "DIR", description = "With --spark: a new folder; the job writes "
            + "DIR/predictions (id, label, name, probability, top, actual) and DIR/errors (id, error), partitioned.")
    Path output;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "csv",
            description = "With --spark: csv (the default) or parquet.")
    String format;

    @Override
    public Integer call() {
        if (spark != null || input != null || output != null) {
            return callSpark();
        }
        if (files.isEmpty() && testIndexList == null) {
            throw new ParameterException(spec.commandLine(), "give image FILEs and/or --test-index LIST");
        }
        if (top < 1) {
            throw new ParameterException(spec.commandLine(), "--top must be at least 1, got " + top);
        }
        List<Integer> testIndices = testIndexList == null ? null : indices(testIndexList);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Classifier classifier = Classifier.load(model);
        List<PredictPipeline.Outcome> outcomes = new ArrayList<>(PredictPipeline.files(classifier, files, asIs, showInput,
                note -> {
                    err.println(Printable.escape(note));
                    err.flush();
                }));
        if (testIndices != null) {
            outcomes.addAll(PredictPipeline.testIndices(classifier, model, testIndices, dataDir, line -> {
                err.println(Printable.escape(line));
                err.flush();
            }));
        }
        print(outcomes, out, err);
        return outcomes.stream().allMatch(PredictPipeline.Outcome::ok) ? ExitCodes.EXIT_OK : ExitCodes.EXIT_FAILED;
    }

    /** {@code --spark}: the batch job; the Spark classes are loaded only on this path. */
    private int callSpark() {
        if (spark == null || input == null || output == null) {
            throw new ParameterException(spec.commandLine(), "batch prediction needs --spark MASTER, --input PATH and "
                    + "--output DIR together");
        }
        if (!files.isEmpty() || testIndexList != null || showInput != null || asIs || json) {
            throw new ParameterException(spec.commandLine(), "--spark scores --input only; drop FILEs, --test-index, "
                    + "--show-input, --as-is and --json");
        }
        if (top < 1) {
            throw new ParameterException(spec.commandLine(), "--top must be at least 1, got " + top);
        }
        if (!format.equals("csv") && !format.equals("parquet")) {
            throw new ParameterException(spec.commandLine(), "--format must be csv or parquet, got " + format);
        }
        PrintWriter out = spec.commandLine().getOut();
        SparkPredictJob.Summary s = SparkPredictJob.run(
                new SparkPredictJob.Request(spark, model, input, output, format, top), out);
        out.printf(java.util.Locale.ROOT, "scored %d inputs in %.1f s: %d predictions in %s, %d errors in %s%n", s.inputs(),
                s.seconds(), s.predictions(), output.resolve("predictions"), s.errors(), output.resolve("errors"));
        out.flush();
        return s.errors() == 0 ? ExitCodes.EXIT_OK : ExitCodes.EXIT_FAILED;
    }

    private void print(List<PredictPipeline.Outcome> outcomes, PrintWriter out, PrintWriter err) {
        if (json) {
            out.println(ResultFormats.predictionsJson(outcomes, top));
        }
        for (PredictPipeline.Outcome o : outcomes) {
            if (!o.ok()) {
                out.flush(); // keep the error line in its place among the results on a terminal
                err.println("error: " + Printable.escape(o.error()));
                err.flush();
            } else if (!json) {
                out.println(Printable.escape(ResultFormats.predictionLine(o, top)));
            }
        }
        out.flush();
        err.flush();
    }

    private List<Integer> indices(String list) {
        try {
            return TestIndices.parse(list);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--test-index: " + e.getMessage());
        }
    }
}
