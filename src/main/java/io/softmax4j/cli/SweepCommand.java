package io.softmax4j.cli;

import io.softmax4j.config.ConfigLoader;
import io.softmax4j.config.DataConfig;
import io.softmax4j.config.RunConfig;
import io.softmax4j.config.SweepConfig;
import io.softmax4j.config.SweepConfigLoader;
import io.softmax4j.data.DatasetSource;
import io.softmax4j.data.DatasetSources;
import io.softmax4j.sweep.SweepFiles;
import io.softmax4j.sweep.SweepPlan;
import io.softmax4j.sweep.SweepPlanner;
import io.softmax4j.sweep.SweepRunner;
import io.softmax4j.sweep.TrialResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/** {@code sweep}: a hyperparameter sweep (grid or random search) of ordinary training runs. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Run a hyperparameter sweep: one training run per trial (grid or random search from a sweep "
                + "file or --grid), side by side in one JVM, ranked on the validation hold-out.",
                "Each trial writes models/sweeps/<name>/trial-NNN/ (model.zip, model.yaml, checkpoints, pictures); "
                        + "the selected one is copied to best.zip; results.csv, results.json and report.html sum up."})
final class SweepCommand implements java.util.concurrent.Callable<Integer> {
    /** Most trials run side by side. */
    static final int MAX_PARALLEL = 64;

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigSourceOptions source;

    @Option(names = "--sweep", paramLabel = "FILE", description = "Sweep file: grid or random search, objective, "
            + "pruner (example: config/sweep-lr.yaml).")
    Path sweepFile;

    @Option(names = "--grid", paramLabel = "KEY=V1,V2,...", description = "Sweep a config key over these values "
            + "(repeatable; every combination runs), e.g. --grid training.updater.learningRate=0.01,0.1,1.")
    List<String> grid = new ArrayList<>();

    @Option(names = "--parallel", paramLabel = "N", description = "Trials run side by side, one ND4J thread each "
            + "(default: the number of cores).")
    Integer parallel;

    @Option(names = "--name", paramLabel = "NAME", description = "The sweep's name (default: the sweep file's name, "
            + "else the config's model name + -sweep); its folder is models/sweeps/NAME.")
    String name;

    @Option(names = "--resume", paramLabel = "DIR", description = "Finish an interrupted sweep (e.g. models/sweeps/"
            + "sweep-lr): trials that ended are kept, the rest run; same results as an uninterrupted sweep.")
    Path resume;

    @Option(names = "--verbose", description = "Print stack traces on errors.")
    boolean verbose;

    /** Where datasets come from; tests swap in synthetic data. */
    BiFunction<DataConfig, Consumer<String>, DatasetSource> sources = DatasetSources::forConfig;
    /** Extra listener for every trial (tests). */
    io.softmax4j.training.TrainingListener extraListener = io.softmax4j.training.TrainingListener.Defaults.none();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int threads = parallel();
        io.softmax4j.training.StopSignal stop = new io.softmax4j.training.StopSignal();
        SweepRunner.Options options = new SweepRunner.Options(threads, out, stop, sources, extraListener);
        SweepRunner.Outcome outcome;
        if (resume != null) {
            refuseWithResume();
            InterruptHook hook = InterruptHook.install(stop);
            try {
                outcome = SweepRunner.resume(resume, options);
            } finally {
                hook.remove();
            }
        } else {
            RunConfig base = source.load().config();
            String baseYaml = ConfigLoader.toYaml(base);
            SweepConfig sweep = SweepConfigLoader.load(sweepFile, grid, name, baseYaml);
            if (sweep.name() == null) {
                String model = base.output().modelPath().getFileName().toString();
                sweep = new SweepConfig(model.substring(0, model.length() - ".zip".length()) + "-sweep", sweep.grid(),
                        sweep.random(), sweep.fixed(), sweep.objective(), sweep.pruner());
            }
            Path dir = sweepDir(base, sweep.name());
            SweepPlan plan = SweepPlanner.plan(sweep, baseYaml);
            InterruptHook hook = InterruptHook.install(stop);
            try {
                outcome = SweepRunner.start(plan, dir, options);
            } finally {
                hook.remove();
            }
        }
        return report(out, outcome);
    }

    private int parallel() {
        if (parallel == null) {
            return Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 8));
        }
        if (parallel < 1 || parallel > MAX_PARALLEL) {
            throw new UserInputException("--parallel must be in [1, " + MAX_PARALLEL + "], got " + parallel,
                    ExitCodes.EXIT_INVALID_INPUT);
        }
        return parallel;
    }

    private void refuseWithResume() {
        boolean other = source.config != null || source.fromModel != null || !source.overrides.isEmpty()
                || source.dataDir != null || sweepFile != null || !grid.isEmpty() || name != null;
        if (other) {
            throw new UserInputException("--resume continues the sweep as it was planned (saved in "
                    + resume.resolve(SweepFiles.PLAN) + "); drop --config, --from-model, --set, --data-dir, --sweep, "
                    + "--grid and --name (only --parallel may change)", ExitCodes.EXIT_INVALID_INPUT);
        }
    }

    /** {@code <folder of output.model>/sweeps/<name>}; an existing sweep there is continued only with --resume. */
    private static Path sweepDir(RunConfig base, String name) {
        Path modelDir = base.output().modelPath().getParent();
        Path dir = (modelDir == null ? Path.of("sweeps") : modelDir.resolve("sweeps")).resolve(name);
        if (Files.exists(dir.resolve(SweepFiles.PLAN))) {
            throw new UserInputException(dir + " already holds a sweep named " + name + "; continue it with: softmax4j "
                    + "sweep --resume " + dir + ", or give this one another --name", ExitCodes.EXIT_INVALID_INPUT);
        }
        return dir;
    }

    private static int report(PrintWriter out, SweepRunner.Outcome o) {
        out.printf(Locale.ROOT, "sweep %s: %d trials (%d run now) in %.1f s: %d done, %d pruned, %d diverged, %d failed%n",
                o.plan().name(), o.results().size(), o.ran(), o.seconds(), count(o, TrialResult.Status.done),
                count(o, TrialResult.Status.pruned), count(o, TrialResult.Status.diverged), count(o, TrialResult.Status.failed));
        out.println("results: " + o.dir().resolve(SweepFiles.CSV) + ", " + o.dir().resolve(SweepFiles.JSON)
                + "; report: " + o.report());
        TrialResult best = o.best();
        if (best == null) {
            out.println("no trial finished, so none was selected (see the reasons in " + o.dir().resolve(SweepFiles.CSV) + ")");
            out.flush();
            return ExitCodes.EXIT_FAILED;
        }
        out.printf(Locale.ROOT, "selected %s (%s): %s %.4f at epoch %d%n", best.trial(), values(best),
                o.plan().objective().metric(), best.objective(), best.modelEpoch());
        out.printf(Locale.ROOT, "test accuracy of the selected trial (reported once, not used for selection): %.4f%n",
                best.testAccuracy());
        out.println("selected model copied to " + o.bestModel() + " (trial folder: "
                + SweepFiles.trialDir(o.dir(), best.id()) + ")");
        out.flush();
        return ExitCodes.EXIT_OK;
    }

    private static long count(SweepRunner.Outcome o, TrialResult.Status status) {
        return o.results().stream().filter(r -> r.status() == status).count();
    }

    private static String values(TrialResult r) {
        return String.join(", ", r.values().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }
}
