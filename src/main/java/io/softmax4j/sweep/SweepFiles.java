package io.softmax4j.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.softmax4j.artifact.AtomicFiles;
import io.softmax4j.config.ConfigException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A sweep's folder: {@code sweep.json} (the plan), {@code trial-NNN/} (one training run each,
 * with {@code result.json} once it has ended), {@code results.csv}, {@code results.json},
 * {@code best.zip} (a copy of the selected trial's model) and {@code report.html}. Every file is
 * written atomically, so a killed sweep leaves only whole files behind.
 */
public final class SweepFiles {
    public static final String PLAN = "sweep.json";
    public static final String RESULT = "result.json";
    public static final String CSV = "results.csv";
    public static final String JSON = "results.json";
    public static final String BEST = "best.zip";
    /** Largest plan or result file read back, in bytes. */
    static final long MAX_JSON_BYTES = 64L << 20;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private SweepFiles() {
    }

    /** Where trial {@code id} runs. */
    public static Path trialDir(Path sweepDir, int id) {
        return sweepDir.resolve(TrialSpec.name(id));
    }

    static void writePlan(Path dir, SweepPlan plan) {
        write(dir.resolve(PLAN), json(plan));
    }

    /** Reads a sweep folder's plan; a folder without one is not a sweep (bad input). */
    public static SweepPlan readPlan(Path dir) {
        Path file = dir.resolve(PLAN);
        if (!Files.isDirectory(dir)) {
            throw new ConfigException(null, "--resume " + dir + ": no such sweep folder; give the folder a sweep "
                    + "wrote, e.g. models/sweeps/sweep-lr");
        }
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(null, "--resume " + dir + ": not a sweep folder (no " + PLAN + " in it); give the "
                    + "folder a sweep wrote, e.g. models/sweeps/sweep-lr");
        }
        try {
            return MAPPER.readValue(read(file), SweepPlan.class);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(null, file + ": cannot read the sweep plan (" + String.valueOf(e.getMessage()).lines().findFirst().orElse("")
                    + "); the folder was not written by this version of softmax4j sweep, or was edited");
        }
    }

    static void writeResult(Path sweepDir, TrialResult result) {
        write(trialDir(sweepDir, result.id()).resolve(RESULT), json(result));
    }

    /**
     * The result a trial wrote into its folder (written atomically, so never half a file), or empty
     * while it has none or it cannot be read: how a sweep learns of trials that run elsewhere.
     */
    public static Optional<TrialResult> readResult(Path sweepDir, int id) {
        Path file = trialDir(sweepDir, id).resolve(RESULT);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            TrialResult r = MAPPER.readValue(read(file), TrialResult.class);
            return r.id() == id ? Optional.of(r) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The results of trials that ended in an earlier run of the sweep; an unreadable one is run again. */
    static Map<Integer, TrialResult> readResults(Path sweepDir, SweepPlan plan, Consumer<String> warn) {
        Map<Integer, TrialResult> results = new LinkedHashMap<>();
        for (TrialSpec spec : plan.trials()) {
            Path file = trialDir(sweepDir, spec.id()).resolve(RESULT);
            if (Files.isRegularFile(file)) {
                try {
                    TrialResult r = MAPPER.readValue(read(file), TrialResult.class);
                    if (r.id() == spec.id()) {
                        results.put(spec.id(), r);
                        continue;
                    }
                    warn.accept(file + " belongs to trial " + r.id() + "; running " + spec.name() + " again");
                } catch (IOException | RuntimeException e) {
                    warn.accept("cannot read " + file + " (" + String.valueOf(e.getMessage()).lines().findFirst().orElse("")
                            + "); running " + spec.name() + " again");
                }
            }
        }
        return results;
    }

    /** Writes results.csv and results.json for the trials ended so far, in trial order. */
    static void writeResults(Path dir, SweepPlan plan, List<TrialResult> results, TrialResult best) {
        write(dir.resolve(CSV), csv(plan, results));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", plan.name());
        json.put("objective", plan.objective());
        json.put("keys", plan.keys());
        json.put("trialsPlanned", plan.trials().size());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (TrialResult r : results) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("trial", r.trial());
            row.put("values", r.values());
            row.put("status", r.status());
            row.put("objective", r.objective());
            row.put("epochs", r.epochs());
            row.put("modelEpoch", r.modelEpoch());
            row.put("seconds", round(r.seconds()));
            row.put("trainSeconds", round(r.trainSeconds()));
            row.put("reason", r.reason());
            row.put("curve", r.curve());
            rows.add(row);
        }
        json.put("trials", rows);
        if (best != null) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("trial", best.trial());
            b.put("values", best.values());
            b.put("objective", best.objective());
            b.put("model", BEST);
            b.put("testAccuracyOfSelectedTrial", best.testAccuracy());
            json.put("selected", b);
        }
        write(dir.resolve(JSON), json(json));
    }

    static String csv(SweepPlan plan, List<TrialResult> results) {
        StringBuilder sb = new StringBuilder("trial");
        plan.keys().forEach(k -> sb.append(',').append(k));
        sb.append(',').append(plan.objective().metric()).append(",status,epochs,model_epoch,seconds,train_seconds,reason\n");
        for (TrialResult r : results) {
            sb.append(r.trial());
            plan.keys().forEach(k -> sb.append(',').append(csvField(r.values().getOrDefault(k, ""))));
            sb.append(',').append(r.objective() == null ? "" : String.format(Locale.ROOT, "%.6f", r.objective()))
                    .append(',').append(r.status()).append(',').append(r.epochs()).append(',').append(r.modelEpoch())
                    .append(',').append(String.format(Locale.ROOT, "%.2f", r.seconds()))
                    .append(',').append(String.format(Locale.ROOT, "%.2f", r.trainSeconds()))
                    .append(',').append(csvField(r.reason())).append('\n');
        }
        return sb.toString();
    }

    private static String csvField(String s) {
        String one = s.replace('\n', ' ').replace('\r', ' ');
        return one.contains(",") || one.contains("\"") ? "\"" + one.replace("\"", "\"\"") + "\"" : one;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 100) / 100.0;
    }

    /** Copies the selected trial's model (and its config) to {@code best.zip} / {@code best.yaml}. */
    static Optional<Path> copyBest(Path dir, TrialResult best) {
        if (best == null) {
            return Optional.empty();
        }
        Path trial = trialDir(dir, best.id());
        Path target = dir.resolve(BEST);
        try {
            AtomicFiles.write(target, tmp -> Files.copy(trial.resolve(TrialSpec.MODEL), tmp, StandardCopyOption.REPLACE_EXISTING));
            AtomicFiles.write(dir.resolve("best.yaml"), tmp -> Files.copy(trial.resolve("model.yaml"), tmp,
                    StandardCopyOption.REPLACE_EXISTING));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the selected model to " + target + ": " + e.getMessage(), e);
        }
        return Optional.of(target);
    }

    static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private static String read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_JSON_BYTES) {
            throw new IOException(file + " is " + size + " bytes, more than the limit of " + MAX_JSON_BYTES);
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    static void write(Path file, String text) {
        try {
            AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
