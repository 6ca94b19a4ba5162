package io.softmax4j.spark;

import io.softmax4j.data.DataException;
import org.apache.spark.SparkConf;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.SparkSession;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Starts the Spark session softmax4j's jobs run in: quiet (no UI, console at WARN through
 * logback), one ND4J thread per task core on the executors, and a progress line per finished stage.
 */
public final class SparkSessions {
    private SparkSessions() {
    }

    /**
     * A Spark session on {@code master} ({@code local[N]}, {@code spark://host:port}, {@code yarn},
     * ...) that prints a line per finished stage to {@code out}. An already running session (a
     * test's, or one made by the application that calls softmax4j) is reused and left running.
     *
     * @throws DataException when Spark refuses the master URL
     */
    public static Session start(String master, String appName, PrintWriter out) {
        boolean existing = SparkSession.getDefaultSession().isDefined();
        SparkConf conf = new SparkConf().setAppName(appName)
                .set("spark.ui.enabled", "false")
                .set("spark.ui.showConsoleProgress", "false")
                .set("spark.sql.shuffle.partitions", "8");
        // ND4J would otherwise start 2 OpenMP threads per task and oversubscribe the executors' cores
        conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", conf.get("spark.task.cpus", "1"));
        if (master != null && !existing && System.getProperty("spark.master") == null) { // spark-submit's --master wins
            conf.setMaster(master);
        }
        SparkSession spark;
        try {
            spark = SparkSession.builder().config(conf).getOrCreate();
        } catch (RuntimeException e) {
            throw new DataException("--spark " + master + ": Spark cannot start with this master (" + firstLine(e)
                    + "); give local[N], local[*], spark://HOST:PORT or yarn");
        }
        SparkListener stages = new StageLines(line -> {
            out.println(line);
            out.flush();
        });
        spark.sparkContext().addSparkListener(stages);
        return new Session(spark, stages, !existing);
    }

    /** A running session; closing it stops Spark unless it was running before. */
    public record Session(SparkSession spark, SparkListener stages, boolean owned) implements AutoCloseable {
        @Override
        public void close() {
            spark.sparkContext().removeSparkListener(stages);
            if (owned) {
                spark.stop();
            }
        }
    }

    /** One line per finished stage: its id, name, tasks and seconds. */
    static final class StageLines extends SparkListener {
        private final Consumer<String> lines;

        StageLines(Consumer<String> lines) {
            this.lines = lines;
        }

        @Override
        public void onStageCompleted(SparkListenerStageCompleted done) {
            StageInfo s = done.stageInfo();
            long ms = s.completionTime().isDefined() && s.submissionTime().isDefined()
                    ? (Long) s.completionTime().get() - (Long) s.submissionTime().get() : 0;
            String how = s.failureReason().isDefined() ? "failed" : "done";
            lines.accept(String.format(Locale.ROOT, "spark: stage %d %s: %s, %d tasks, %.1f s", s.stageId(), how,
                    s.name(), s.numTasks(), ms / 1000.0));
        }
    }

    /** The first line of an exception's message (Spark's messages carry whole stack traces). */
    static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** A failed job's exception as softmax4j's own (bad input: exit 2) when a task threw one, else unchecked. */
    static RuntimeException translate(Exception e) {
        RuntimeException ours = ourCause(e);
        if (ours != null) {
            return ours;
        }
        return e instanceof RuntimeException r ? r : new IllegalStateException("Spark job failed: " + firstLine(e), e);
    }

    /**
     * The softmax4j exception inside a failed Spark job (a task's {@link DataException} is shipped
     * back to the driver as the job failure's cause), or null.
     */
    static RuntimeException ourCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DataException || t instanceof io.softmax4j.config.ConfigException
                    || t instanceof io.softmax4j.artifact.ModelFileException) {
                return (RuntimeException) t;
            }
        }
        // a task's exception reaches the driver as text inside Spark's "Job aborted" message
        String m = e.getMessage() == null ? "" : e.getMessage();
        String marker = DataException.class.getName() + ": ";
        int at = m.indexOf(marker);
        if (at >= 0) {
            String rest = m.substring(at + marker.length());
            int nl = rest.indexOf('\n');
            return new DataException(nl < 0 ? rest : rest.substring(0, nl), e);
        }
        return null;
    }
}
