package io.softmax4j.sweep;

import io.softmax4j.config.DataConfig;
import io.softmax4j.data.DatasetSource;
import io.softmax4j.report.SweepReport;
import io.softmax4j.report.SweepReportWriter;
import io.softmax4j.training.StopSignal;
import io.softmax4j.training.TrainingFailedException;
import io.softmax4j.training.TrainingListener;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Runs a sweep's trials side by side in this JVM (one ND4J thread each, sharing the loaded
 * data), prints a row per ended trial with the progress and an ETA, keeps results.csv and
 * results.json up to date after each trial, and at the end selects the best trial on the
 * objective (never on the test set), copies its model to {@code best.zip} and writes
 * {@code report.html}. Trials that ended in an earlier run of the same sweep are not run again.
 */
public final class SweepRunner {
    private SweepRunner() {
    }

    /**
     * How a sweep runs.
     *
     * @param parallel trials run side by side
     * @param out      receives the table and status lines
     * @param stop     stops the sweep (Ctrl-C): trials in flight stop and run again on resume
     * @param sources  where datasets come from
     * @param extra    sees every trial's training too (tests)
     * @param remote   runs the trials elsewhere (Spark tasks), or {@code null} to run them in this JVM
     */
    public record Options(int parallel, PrintWriter out, StopSignal stop,
                          BiFunction<DataConfig, Consumer<String>, DatasetSource> sources, TrainingListener extra,
                          Remote remote) {
        public Options(int parallel, PrintWriter out, StopSignal stop,
                       BiFunction<DataConfig, Consumer<String>, DatasetSource> sources, TrainingListener extra) {
            this(parallel, out, stop, sources, extra, null);
        }

        public Options(int parallel, PrintWriter out, StopSignal stop,
                       BiFunction<DataConfig, Consumer<String>, DatasetSource> sources) {
            this(parallel, out, stop, sources, TrainingListener.Defaults.none());
        }
    }

    /** Where datasets come from, shippable to another JVM (a Spark executor). */
    public interface Sources extends BiFunction<DataConfig, Consumer<String>, DatasetSource>, java.io.Serializable {
    }

    /**
     * Runs a sweep's trials outside this JVM (e.g. as Spark tasks). Each trial runs with
     * {@link #runTrial} and writes its folder under the sweep folder (shared storage); the
     * results come back here, where the sweep's files, table, best model and report are made.
     */
    public interface Remote {
        /** How the trials run, for the sweep's first lines, e.g. {@code as Spark tasks on local[2]}. */
        String describe(int trials);

        /**
         * Runs {@code todo} under {@code dir}; hands each trial's result to {@code ended} on this
         * thread as soon as it is known. When {@code stop} is raised, stops the trials in flight
         * (they leave no result, so {@code --resume} runs them again) and returns.
         */
        void runAll(List<TrialSpec> todo, Path dir, io.softmax4j.config.SweepConfig.Objective objective,
                    Consumer<TrialResult> ended, StopSignal stop);
    }

    /**
     * What a sweep produced.
     *
     * @param results   every trial's result, by id
     * @param best      the selected trial, or {@code null} when no trial finished
     * @param ran       trials run by this invocation
     * @param seconds   wall time of this invocation
     * @param bestModel the copy of the selected trial's model, or {@code null}
     * @param report    report.html
     */
    public record Outcome(SweepPlan plan, Path dir, List<TrialResult> results, TrialResult best, int ran,
                          double seconds, Path bestModel, Path report) {
    }

    /** Starts a new sweep in {@code dir}: writes its plan, then runs every trial. */
    public static Outcome start(SweepPlan plan, Path dir, Options options) {
        refuseRemotePruner(plan, options); // before anything is written
        SweepFiles.writePlan(dir, plan);
        return run(plan, dir, options, Map.of());
    }

    /** Continues the sweep in {@code dir}: runs the trials that have no result yet. */
    public static Outcome resume(Path dir, Options options) {
        SweepPlan plan = SweepFiles.readPlan(dir);
        Map<Integer, TrialResult> earlier = SweepFiles.readResults(dir, plan, w -> line(options.out(), "warning: " + w));
        line(options.out(), "resuming sweep " + plan.name() + " in " + dir + ": " + earlier.size() + " of "
                + plan.trials().size() + " trials ended earlier");
        return run(plan, dir, options, earlier);
    }

    private static Outcome run(SweepPlan plan, Path dir, Options options, Map<Integer, TrialResult> earlier) {
        long begin = System.nanoTime();
        PrintWriter out = options.out();
        refuseRemotePruner(plan, options);
        Map<Integer, TrialResult> results = new TreeMap<>(earlier);
        List<TrialSpec> todo = plan.trials().stream().filter(t -> !results.containsKey(t.id())).toList();
        int parallel = Math.max(1, Math.min(options.parallel(), Math.max(1, todo.size())));
        describe(plan, dir, todo.size(), parallel, out, options.remote());
        SharedData data = new SharedData(options.sources(), s -> line(out, s));
        if (!todo.isEmpty() && options.remote() == null) { // remote trials read the data where they run
            data.get(todo.get(0).config(SweepFiles.trialDir(dir, todo.get(0).id())).data()); // bad data stops the sweep here
        }
        TrialRunner.RungGate gate = gate(plan, options.stop(), earlier);
        TrialRunner.Context context = new TrialRunner.Context(data::get, gate, options.stop(), plan.objective(),
                options.extra());
        SweepTable table = new SweepTable(plan);
        line(out, table.header());
        earlier.values().forEach(r -> line(out, table.row(r, false) + "  (earlier run)"));
        Progress progress = new Progress(plan, dir, results, table, out, todo.size(), parallel, options.remote() == null);
        if (options.remote() != null) {
            if (!todo.isEmpty()) {
                options.remote().runAll(todo, dir, plan.objective(), progress::ended, options.stop());
            }
        } else {
            runAll(todo, dir, context, parallel, progress);
        }
        List<TrialResult> all = new ArrayList<>(results.values());
        TrialResult best = best(all, plan);
        SweepFiles.writeResults(dir, plan, all, options.stop().requested() ? null : best);
        if (options.stop().requested()) {
            // no report now: drawing may start AWT, which cannot register its shutdown hooks once shutdown has begun
            throw new TrainingFailedException(TrainingFailedException.Kind.INTERRUPTED, "sweep " + options.stop().reason()
                    + ": " + all.size() + " of " + plan.trials().size() + " trials ended (the ones in flight will run "
                    + "again); results so far in " + dir.resolve(SweepFiles.CSV) + "; continue with: softmax4j sweep "
                    + "--resume " + dir);
        }
        Path report = SweepReportWriter.write(report(plan, all, best), dir);
        Path bestModel = SweepFiles.copyBest(dir, best).orElse(null);
        return new Outcome(plan, dir, all, best, todo.size(), (System.nanoTime() - begin) / 1e9, bestModel, report);
    }

    /** Pruning waits for other trials at each rung, which remote tasks cannot: refused up front. */
    private static void refuseRemotePruner(SweepPlan plan, Options options) {
        if (options.remote() != null && plan.pruner() != null) {
            throw new io.softmax4j.config.ConfigException("pruner", "sweep " + plan.name() + " has a pruner (successive "
                    + "halving), which needs all trials in one JVM; drop the pruner from the sweep file, or drop --spark");
        }
    }

    private static void describe(SweepPlan plan, Path dir, int todo, int parallel, PrintWriter out, Remote remote) {
        String pruning = plan.pruner() == null ? "" : String.format(Locale.ROOT,
                "; successive halving (reduction factor %d, first rung at epoch %d%s)",
                plan.pruner().reductionFactor(), plan.pruner().minEpochs(),
                plan.pruner().minTrials() == 1 ? "" : ", from " + plan.pruner().minTrials() + " trials at a rung");
        String on = plan.objective().metric().name().startsWith("validation") ? " on the validation hold-out" : "";
        line(out, String.format(Locale.ROOT, "sweep %s: %d trials over %s; objective %s%s%s", plan.name(),
                plan.trials().size(), String.join(", ", plan.keys()), plan.objective().describe(), on, pruning));
        line(out, "running " + todo + " trial" + (todo == 1 ? "" : "s") + ", " + (remote != null ? remote.describe(todo)
                : parallel + " side by side (one ND4J thread each)") + " in " + dir);
    }

    private static TrialRunner.RungGate gate(SweepPlan plan, StopSignal stop, Map<Integer, TrialResult> earlier) {
        if (plan.pruner() == null) {
            return TrialRunner.RungGate.none();
        }
        SuccessiveHalving sh = new SuccessiveHalving(plan.pruner(), plan.objective(), stop);
        earlier.values().forEach(r -> sh.ended(r.id(), r.curve()));
        return sh;
    }

    private static void runAll(List<TrialSpec> todo, Path dir, TrialRunner.Context context, int parallel, Progress progress) {
        AtomicInteger threadNo = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "sweep-trial-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            for (TrialSpec spec : todo) {
                pool.execute(() -> runOne(spec, dir, context, progress));
            }
            pool.shutdown();
            while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
                // trials stop by themselves, also on Ctrl-C (between minibatches)
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            context.sweepStop().request("interrupted");
        } finally {
            pool.shutdownNow();
        }
    }

    private static void runOne(TrialSpec spec, Path dir, TrialRunner.Context context, Progress progress) {
        if (context.sweepStop().requested()) {
            context.gate().finished(spec.id());
            return;
        }
        TrialResult result;
        try {
            result = TrialRunner.run(spec, SweepFiles.trialDir(dir, spec.id()), context);
        } catch (TrainingFailedException e) {
            return; // stopped with the sweep: no result, so resume runs it again
        } catch (RuntimeException | Error e) {
            result = failed(spec, e);
        }
        SweepFiles.writeResult(dir, result);
        progress.ended(result);
    }

    /**
     * Runs one trial where a {@link Remote} runs it (e.g. in a Spark task): into its folder under
     * {@code dir}, its {@code result.json} written there (so resume finds it), a failure recorded as
     * a failed trial rather than thrown.
     */
    public static TrialResult runTrial(TrialSpec spec, Path dir, TrialRunner.Context context) {
        TrialResult result;
        try {
            result = TrialRunner.run(spec, SweepFiles.trialDir(dir, spec.id()), context);
        } catch (TrainingFailedException e) {
            if (context.sweepStop().requested()) {
                throw e; // stopped with the sweep: no result, so resume runs it again
            }
            result = failed(spec, e);
        } catch (RuntimeException | Error e) {
            result = failed(spec, e);
        }
        SweepFiles.writeResult(dir, result);
        return result;
    }

    private static TrialResult failed(TrialSpec spec, Throwable e) {
        return new TrialResult(spec.id(), spec.values(), TrialResult.Status.failed, null, 0, 0, 0, 0,
                String.valueOf(e.getMessage()), List.of(), null);
    }

    /** The best finished trial on the objective; ties go to the lower trial number. */
    static TrialResult best(List<TrialResult> results, SweepPlan plan) {
        TrialResult best = null;
        for (TrialResult r : results) {
            if (r.status() == TrialResult.Status.done && r.objective() != null && !r.objective().isNaN()
                    && (best == null || plan.objective().better(r.objective(), best.objective()))) {
                best = r;
            }
        }
        return best;
    }

    static SweepReport report(SweepPlan plan, List<TrialResult> results, TrialResult best) {
        List<SweepReport.Row> rows = results.stream().sorted(Comparator.comparingInt(TrialResult::id))
                .map(r -> new SweepReport.Row(r.trial(), plan.keys().stream().map(k -> r.values().getOrDefault(k, "")).toList(),
                        r.objective(), r.status().name(), r.epochs(), r.seconds(), r.reason(), r.curve()))
                .toList();
        return new SweepReport(plan.name(), plan.objective().metric().name(), plan.objective().maximise(), plan.keys(),
                rows, best == null ? null : best.trial(), plan.trials().size());
    }

    private static void line(PrintWriter out, String s) {
        synchronized (out) {
            out.println(s);
            out.flush();
        }
    }

    /** Records ended trials: result files, a table row with progress and ETA. */
    private static final class Progress {
        private final SweepPlan plan;
        private final Path dir;
        private final Map<Integer, TrialResult> results;
        private final SweepTable table;
        private final PrintWriter out;
        private final int todo;
        private final int parallel;
        private final boolean local;
        private int ended;
        private double trialSeconds;
        private final long started = System.nanoTime();

        Progress(SweepPlan plan, Path dir, Map<Integer, TrialResult> results, SweepTable table, PrintWriter out,
                 int todo, int parallel, boolean local) {
            this.plan = plan;
            this.dir = dir;
            this.results = results;
            this.table = table;
            this.out = out;
            this.todo = todo;
            this.parallel = parallel;
            this.local = local; // false: remote trials, whose parallelism is not known here
        }

        synchronized void ended(TrialResult r) {
            results.put(r.id(), r);
            ended++;
            trialSeconds += r.seconds();
            // the trials left, at the mean trial time so far, `parallel` at a time
            // local: the trials left at the mean trial time so far, `parallel` at a time; remote (where the
            // parallelism is the cluster's): the trials left at the rate they have ended so far
            double left = local ? trialSeconds / ended * (todo - ended) / Math.min(parallel, todo - ended)
                    : (System.nanoTime() - started) / 1e9 / ended * (todo - ended);
            String eta = ended == todo ? "" : ", ETA " + SweepTable.duration(left);
            line(out, table.row(r, false) + String.format(Locale.ROOT, "  [%d/%d%s]", results.size(),
                    plan.trials().size(), eta));
            if (r.status() == TrialResult.Status.diverged || r.status() == TrialResult.Status.failed) {
                line(out, "    " + r.trial() + ": " + r.reason().lines().findFirst().orElse(""));
            }
            SweepFiles.writeResults(dir, plan, new ArrayList<>(results.values()), null);
        }
    }
}
