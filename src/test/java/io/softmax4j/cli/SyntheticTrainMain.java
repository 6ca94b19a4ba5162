package io.softmax4j.cli;

import io.softmax4j.data.Dataset;
import io.softmax4j.testing.SyntheticImages;
import io.softmax4j.training.TrainingListener;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.Arrays;

/**
 * A test-only entry point: the real {@code softmax4j} command line (interrupt hook, checkpoints,
 * resume, messages, exit codes) with a small synthetic dataset instead of MNIST, so tests can
 * run it as a real process and kill it. Arguments: {@code <pauseMillisPerBatch> <cli args...>}.
 * Prints {@code MID-EPOCH n} halfway through each epoch so a test can kill it inside an epoch.
 */
public final class SyntheticTrainMain {
    static final int TRAIN = 1200;
    static final int TEST = 200;

    private SyntheticTrainMain() {
    }

    public static void main(String[] args) throws Exception {
        long pauseMillis = Long.parseLong(args[0]);
        String[] cliArgs = Arrays.copyOfRange(args, 1, args.length);
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        Dataset data = SyntheticImages.dataset(TRAIN, TEST);
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                K made = CommandLine.defaultFactory().create(cls);
                if (made instanceof TrainCommand train) {
                    train.sources = (config, status) -> () -> data;
                    train.extraListener = pacing(pauseMillis, out);
                }
                return made;
            }
        };
        int code = Softmax4jCli.newCommandLine(out, err, factory).execute(cliArgs);
        out.flush();
        err.flush();
        Softmax4jCli.exit(code);
    }

    /** Slows each batch down (without changing what is computed) and marks the middle of each epoch. */
    private static TrainingListener pacing(long pauseMillis, PrintWriter out) {
        return new TrainingListener() {
            private int batchesPerEpoch;

            @Override
            public void onTrainingStart(int epochs, int batchesPerEpoch, int examplesPerEpoch) {
                this.batchesPerEpoch = batchesPerEpoch;
            }

            @Override
            public void onBatchEnd(int epoch, int batch, int examplesDone, double lossSoFar) {
                if (batch == batchesPerEpoch / 2) {
                    out.println("MID-EPOCH " + epoch);
                    out.flush();
                }
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }
}
