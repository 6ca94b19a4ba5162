package io.softmax4j.cli;

import io.softmax4j.config.DataConfig;
import io.softmax4j.data.Dataset;
import io.softmax4j.data.DatasetSource;
import io.softmax4j.data.ValidationSplit;
import io.softmax4j.testing.SyntheticImages;
import io.softmax4j.training.TrainingListener;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * A test-only entry point: the real {@code softmax4j sweep} command line with a small synthetic
 * dataset (and its validation hold-out) instead of MNIST, slowed down per batch so a test can kill
 * it mid-sweep. Arguments: {@code <pauseMillisPerBatch> <cli args...>}.
 */
public final class SyntheticSweepMain {
    private SyntheticSweepMain() {
    }

    /** The synthetic dataset, with the configured validation hold-out, as every trial sees it. */
    static BiFunction<DataConfig, Consumer<String>, DatasetSource> sources() {
        Dataset data = SyntheticImages.dataset(1200, 200);
        return (config, status) -> () -> config.validation() > 0 ? ValidationSplit.apply(data, config.validation()) : data;
    }

    public static void main(String[] args) {
        long pauseMillis = Long.parseLong(args[0]);
        String[] cliArgs = Arrays.copyOfRange(args, 1, args.length);
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                K made = CommandLine.defaultFactory().create(cls);
                if (made instanceof SweepCommand sweep) {
                    sweep.sources = sources();
                    sweep.extraListener = new TrainingListener() {
                        @Override
                        public void onBatchEnd(int epoch, int batch, int examplesDone, double lossSoFar) {
                            try {
                                Thread.sleep(pauseMillis);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    };
                }
                return made;
            }
        };
        int code = Softmax4jCli.newCommandLine(out, err, factory).execute(cliArgs);
        out.flush();
        err.flush();
        Softmax4jCli.exit(code);
    }
}
