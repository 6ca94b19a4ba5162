package io.softmax4j.spark;

import io.softmax4j.config.DataConfig;
import io.softmax4j.config.SweepConfig.Objective;
import io.softmax4j.engine.Engine;
import io.softmax4j.sweep.SweepFiles;
import io.softmax4j.sweep.SweepRunner;
import io.softmax4j.sweep.TrialResult;
import io.softmax4j.sweep.TrialRunner;
import io.softmax4j.sweep.TrialSpec;
import io.softmax4j.training.StopSignal;
import io.softmax4j.training.TrainingListener;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.PrintWriter;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * {@code sweep --spark}: each trial is a Spark task (one partition per trial) running the same
 * {@link TrialRunner} as a local sweep, with one ND4J thread per task core. The dataset is read
 * once per executor JVM (not shipped with the tasks); each trial writes its folder under the
 * sweep folder, which must be on storage the executors share with the driver. The results come
 * back to the driver as {@link TrialResult} rows (a row as each trial ends: the driver reads the
 * trial's {@code result.json}), where {@link SweepRunner} writes the sweep's results, best model
 * and report exactly as for a local sweep. Ctrl-C cancels the job; the trials in flight stop
 * between minibatches and leave no result, so {@code --resume} runs them again.
 */
public final class SparkSweepJob implements SweepRunner.Remote {
    /** How often the driver looks for trials that ended. */
    private static final long POLL_MS = 500;
    /** How long a cancelled sweep waits for its tasks to stop (they stop between minibatches). */
    private static final long CANCEL_WAIT_SECONDS = 60;

    private final String master;
    private final PrintWriter out;
    private final SweepRunner.Sources sources;

    /**
     * @param master  the Spark master ({@code local[N]}, {@code spark://host:port}, {@code yarn})
     * @param out     receives a line per finished Spark stage
     * @param sources where the executors read datasets from
     */
    public SparkSweepJob(String master, PrintWriter out, SweepRunner.Sources sources) {
        this.master = master;
        this.out = out;
        this.sources = sources;
    }

    @Override
    public String describe(int trials) {
        return "as " + trials + " Spark task" + (trials == 1 ? "" : "s") + " on " + master
                + " (one ND4J thread per task core)";
    }

    @Override
    public void runAll(List<TrialSpec> todo, Path dir, Objective objective, Consumer<TrialResult> ended, StopSignal stop) {
        Set<Integer> reported = new HashSet<>();
        Consumer<TrialResult> once = r -> {
            if (reported.add(r.id())) {
                ended.accept(r);
            }
        };
        try (SparkSessions.Session session = SparkSessions.start(master, "softmax4j sweep", out)) {
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(session.spark().sparkContext());
            Task task = new Task(dir.toAbsolutePath().toString(), objective, sources);
            String group = "softmax4j-sweep-" + UUID.randomUUID();
            // no thread interrupt on cancel (it could break a file write half-way); a cancelled task is marked
            // interrupted, which the task's trial sees between minibatches
            sc.setJobGroup(group, "sweep: " + todo.size() + " trials, one task each", false);
            JavaFutureAction<List<TrialResult>> job = sc.parallelize(todo, todo.size()).map(task::run).collectAsync();
            List<TrialResult> results = null;
            while (results == null) {
                try {
                    results = job.get(POLL_MS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // each task writes its trial's result.json (shared storage) as it ends: a row now, not at the end
                    reportEnded(todo, dir, reported, once);
                    if (stop.requested()) {
                        sc.cancelJobGroup(group);
                        awaitEnd(job);
                        reportEnded(todo, dir, reported, once);
                        return; // the trials in flight left no result: --resume runs them again
                    }
                }
            }
            sc.clearJobGroup();
            results.forEach(once);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.request("interrupted");
        } catch (Exception e) { // Spark throws its checked SparkException without declaring it
            if (stop.requested()) {
                // Ctrl-C also runs Spark's own shutdown hook, which may fail the job first: a stop, not a failure
                reportEnded(todo, dir, reported, once);
                return;
            }
            throw SparkSessions.translate(e instanceof ExecutionException && e.getCause() instanceof Exception c ? c : e);
        }
    }

    /** Hands on the trials that wrote their result since the last look; reported ones are not read again. */
    private static void reportEnded(List<TrialSpec> todo, Path dir, Set<Integer> reported, Consumer<TrialResult> once) {
        for (TrialSpec t : todo) {
            if (!reported.contains(t.id())) {
                SweepFiles.readResult(dir, t.id()).ifPresent(once);
            }
        }
    }

    /** Waits (bounded) for a cancelled job's tasks to stop, so that Spark is not stopped under them. */
    private static void awaitEnd(JavaFutureAction<?> job) throws InterruptedException {
        try {
            job.get(CANCEL_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | java.util.concurrent.CancellationException | TimeoutException e) {
            // cancelled, as asked
        }
    }

    /** What a task needs to run a trial: plain, serializable. */
    record Task(String dir, Objective objective, SweepRunner.Sources sources) implements Serializable {
        TrialResult run(TrialSpec spec) {
            TaskContext task = TaskContext.get();
            Engine.get().setThreads(task == null ? 1 : task.cpus()); // one ND4J thread per task core
            StopSignal cancelled = new StopSignal();
            TrainingListener watch = new TrainingListener() { // the sweep cancelled the job (Ctrl-C on the driver)
                @Override
                public void onBatchEnd(int epoch, int batch, int examplesDone, double lossSoFar) {
                    if (task != null && task.isInterrupted() && !cancelled.requested()) {
                        cancelled.request("cancelled");
                    }
                }
            };
            TrialRunner.Context context = new TrialRunner.Context(dc -> ExecutorData.dataset(sources, dc),
                    TrialRunner.RungGate.none(), cancelled, objective, watch);
            return SweepRunner.runTrial(spec, Path.of(dir), context);
        }
    }

    /** The key a dataset is cached under on an executor: what is loaded, not how it is batched. */
    static String dataKey(SweepRunner.Sources sources, DataConfig c) {
        DataConfig key = new DataConfig(c.dataset(), c.dir(), 1, false, c.validation(), null);
        return sources.getClass().getName() + "|" + key;
    }
}
