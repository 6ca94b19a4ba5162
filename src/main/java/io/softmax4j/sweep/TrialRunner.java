package io.softmax4j.sweep;

import io.softmax4j.config.DataConfig;
import io.softmax4j.config.RunConfig;
import io.softmax4j.config.SweepConfig.Objective;
import io.softmax4j.data.Dataset;
import io.softmax4j.data.DatasetSources;
import io.softmax4j.pipeline.TrainPipeline;
import io.softmax4j.metrics.EpochMetrics;
import io.softmax4j.training.StopSignal;
import io.softmax4j.training.TrainingFailedException;
import io.softmax4j.training.TrainingListener;
import io.softmax4j.training.TrainingResult;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Runs one trial: an ordinary training run ({@link TrainPipeline}) of the trial's config into
 * its own folder ({@code model.zip}, {@code model.yaml}, checkpoints and pictures in
 * {@code model/}, the run's log in {@code train.log}), turned into a {@link TrialResult}. A
 * pruned, diverged or failed trial is a result too; only a stop of the whole sweep (Ctrl-C)
 * escapes as an exception, since that trial must run again on resume.
 */
public final class TrialRunner {
    /** The trial's log inside its folder. */
    public static final String LOG = "train.log";

    private TrialRunner() {
    }

    /** Whether a trial goes on after an epoch, and if not, why. */
    public record Decision(boolean keep, String reason) {
        public static final Decision KEEP = new Decision(true, "");
    }

    /** Decides at epoch ends whether a trial goes on (the pruner). */
    public interface RungGate {
        /** Called after each epoch with the trial's objective metric; may wait for other trials. */
        Decision atEpoch(int trial, int epoch, double value, int epochs);

        /** Called once when the trial has ended, however it ended. */
        default void finished(int trial) {
        }

        /** Never prunes. */
        static RungGate none() {
            return (trial, epoch, value, epochs) -> Decision.KEEP;
        }
    }

    /**
     * Where a trial runs.
     *
     * @param data      the dataset for a data config (a sweep shares one loaded copy between trials)
     * @param gate      the pruner
     * @param sweepStop raised when the whole sweep must stop
     * @param objective what the trial is scored by
     * @param extra     sees every trial's training too (tests)
     */
    public record Context(Function<DataConfig, Dataset> data, RungGate gate, StopSignal sweepStop, Objective objective,
                          TrainingListener extra) {
        /** A stand-alone trial: loads its own data, never pruned, never stopped. */
        public static Context standalone(Objective objective) {
            return new Context(dc -> DatasetSources.forConfig(dc, line -> { }).load(), RungGate.none(),
                    StopSignal.never(), objective, TrainingListener.Defaults.none());
        }
    }

    /** Runs {@code spec} in {@code trialDir} (created if needed). */
    public static TrialResult run(TrialSpec spec, Path trialDir, Context context) {
        long begin = System.nanoTime();
        try {
            Files.createDirectories(trialDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the trial folder " + trialDir + ": " + e.getMessage(), e);
        }
        Tracker tracker = new Tracker(spec.id(), context);
        try (PrintWriter log = new PrintWriter(Files.newBufferedWriter(trialDir.resolve(LOG), StandardCharsets.UTF_8))) {
            RunConfig config = spec.config(trialDir);
            tracker.epochs = config.training().epochs();
            TrainingListener listener = TrainingListener.Defaults.all(List.of(TrainingListener.Defaults.epochLines(log), tracker, context.extra()));
            TrainPipeline.Options options = new TrainPipeline.Options(listener, log, tracker.stop,
                    (dc, status) -> () -> context.data().apply(dc));
            TrainPipeline.TrainingRun run = TrainPipeline.run(config, options);
            return done(spec, run.result(), tracker, context.objective(), seconds(begin));
        } catch (TrainingFailedException e) {
            if (tracker.pruned != null) {
                return ended(spec, TrialResult.Status.pruned, tracker, tracker.pruned, seconds(begin));
            }
            if (e.kind() == TrainingFailedException.Kind.INTERRUPTED) {
                throw e; // the sweep was stopped: this trial runs again on resume
            }
            return ended(spec, TrialResult.Status.diverged, tracker, e.getMessage(), seconds(begin));
        } catch (IOException | RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return ended(spec, TrialResult.Status.failed, tracker, message, seconds(begin));
        } finally {
            context.gate().finished(spec.id());
        }
    }

    private static TrialResult done(TrialSpec spec, TrainingResult result, Tracker tracker, Objective objective,
                                    double seconds) {
        EpochMetrics kept = result.modelMetrics();
        return new TrialResult(spec.id(), spec.values(), TrialResult.Status.done, Objectives.value(objective.metric(), kept),
                result.history().size(), kept.epoch(), seconds, result.seconds(), result.stopNote(), tracker.curve,
                kept.testAccuracy());
    }

    private static TrialResult ended(TrialSpec spec, TrialResult.Status status, Tracker tracker, String reason,
                                     double seconds) {
        return new TrialResult(spec.id(), spec.values(), status, null, tracker.curve.size(), 0, seconds,
                tracker.trainSeconds, reason, tracker.curve, null);
    }

    private static double seconds(long begin) {
        return (System.nanoTime() - begin) / 1e9;
    }

    /** Follows the trial: its curve, the pruner's decisions, and the sweep's stop. */
    private static final class Tracker implements TrainingListener {
        final int id;
        final Context context;
        final StopSignal stop = new StopSignal();
        final List<Double> curve = new ArrayList<>();
        int epochs;
        double trainSeconds;
        volatile String pruned;

        Tracker(int id, Context context) {
            this.id = id;
            this.context = context;
        }

        @Override
        public void onBatchEnd(int epoch, int batch, int examplesDone, double lossSoFar) {
            if (context.sweepStop().requested() && !stop.requested()) {
                stop.request(context.sweepStop().reason());
            }
        }

        @Override
        public void onEpochEnd(EpochMetrics metrics) {
            double value = Objectives.value(context.objective().metric(), metrics);
            curve.add(value);
            trainSeconds += metrics.seconds();
            Decision d = context.gate().atEpoch(id, metrics.epoch(), value, epochs);
            if (!d.keep()) {
                pruned = d.reason();
                stop.request("pruned");
            }
        }
    }
}
