package io.softmax4j.spark;

import io.softmax4j.config.DataConfig;
import io.softmax4j.config.SweepConfig.Objective;
import io.softmax4j.engine.Engine;
import io.softmax4j.sweep.SweepRunner;
import io.softmax4j.sweep.TrialResult;
import io.softmax4j.sweep.TrialRunner;
import io.softmax4j.sweep.TrialSpec;
import io.softmax4j.training.StopSignal;
import io.softmax4j.training.TrainingListener;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.PrintWriter;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code sweep --spark}: each trial is a Spark task (one partition per trial) running the same
 * {@link TrialRunner} as a local sweep, with one ND4J thread per task core. The dataset is read
 * once per executor JVM (not shipped with the tasks); each trial writes its folder under the
 * sweep folder, which must be on storage the executors share with the driver. The results come
 * back to the driver as {@link TrialResult} rows, where {@link SweepRunner} writes the sweep's
 * results, best model and report exactly as for a local sweep.
 */
public final class SparkSweepJob implements SweepRunner.Remote {
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
    public void runAll(List<TrialSpec> todo, Path dir, Objective objective, Consumer<TrialResult> ended) {
        List<TrialResult> results;
        try (SparkSessions.Session session = SparkSessions.start(master, "softmax4j sweep", out)) {
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(session.spark().sparkContext());
            Task task = new Task(dir.toAbsolutePath().toString(), objective, sources);
            sc.setCallSite("sweep: " + todo.size() + " trials, one task each");
            results = sc.parallelize(todo, todo.size()).map(task::run).collect();
            sc.clearCallSite();
        } catch (Exception e) { // Spark throws its checked SparkException without declaring it
            throw SparkSessions.translate(e);
        }
        results.forEach(ended);
    }

    /** What a task needs to run a trial: plain, serializable. */
    record Task(String dir, Objective objective, SweepRunner.Sources sources) implements Serializable {
        TrialResult run(TrialSpec spec) {
            TaskContext task = TaskContext.get();
            Engine.get().setThreads(task == null ? 1 : task.cpus()); // one ND4J thread per task core
            TrialRunner.Context context = new TrialRunner.Context(dc -> ExecutorData.dataset(sources, dc),
                    TrialRunner.RungGate.none(), StopSignal.never(), objective, TrainingListener.Defaults.none());
            return SweepRunner.runTrial(spec, Path.of(dir), context);
        }
    }

    /** The key a dataset is cached under on an executor: what is loaded, not how it is batched. */
    static String dataKey(SweepRunner.Sources sources, DataConfig c) {
        DataConfig key = new DataConfig(c.dataset(), c.dir(), null, null, c.train(), c.test(), c.labels(),
                c.validation(), c.csv(), null);
        return sources.getClass().getName() + "|" + key;
    }
}
