package io.softmax4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.softmax4j.artifact.ModelManifest;
import io.softmax4j.evaluation.EvaluationReport;
import io.softmax4j.pipeline.EvaluatePipeline;
import io.softmax4j.pipeline.PredictPipeline;
import io.softmax4j.serving.Prediction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders evaluation and prediction results as text for people and as JSON for programs. */
public final class ResultFormats {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultFormats() {
    }

    /** Accuracy, loss, per-class precision/recall/F1 and the confusion matrix. */
    public static String evaluationText(EvaluatePipeline.EvaluationRun run) {
        EvaluationReport r = run.report();
        ModelManifest m = run.manifest();
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "model     %s (softmax4j %s, DL4J %s, saved %s)%n", run.model(),
                m.softmax4jVersion(), m.dl4jVersion(), m.createdAt()));
        s.append(String.format(Locale.ROOT, "dataset   %s test set, %d examples%n", run.dataset(), r.examples()));
        s.append(String.format(Locale.ROOT, "accuracy  %.4f%n", r.accuracy()));
        s.append(String.format(Locale.ROOT, "loss      %.4f%n%n", r.loss()));
        int width = Math.max(5, r.labelNames().stream().mapToInt(String::length).max().orElse(5));
        s.append(String.format(Locale.ROOT, "%-" + width + "s  precision  recall  f1      support%n", "label"));
        int[] support = support(r.confusion());
        for (int k = 0; k < r.labelNames().size(); k++) {
            s.append(String.format(Locale.ROOT, "%-" + width + "s  %.4f     %.4f  %.4f  %d%n", r.labelNames().get(k),
                    r.precision()[k], r.recall()[k], r.f1()[k], support[k]));
        }
        s.append(String.format(Locale.ROOT, "%-" + width + "s  %.4f     %.4f  %.4f  %d%n%n", "macro",
                mean(r.precision()), mean(r.recall()), mean(r.f1()), r.examples()));
        s.append("confusion matrix (rows: actual label, columns: predicted label)\n");
        s.append(confusion(r));
        run.notes().forEach(n -> s.append("note: ").append(n).append('\n'));
        return s.toString();
    }

    private static String confusion(EvaluationReport r) {
        int cell = 1 + String.valueOf(r.examples()).length();
        int width = Math.max(5, r.labelNames().stream().mapToInt(String::length).max().orElse(5));
        StringBuilder s = new StringBuilder(" ".repeat(width));
        r.labelNames().forEach(l -> s.append(String.format(Locale.ROOT, "%" + cell + "s", truncate(l, cell - 1))));
        s.append('\n');
        for (int a = 0; a < r.confusion().length; a++) {
            s.append(String.format(Locale.ROOT, "%-" + width + "s", r.labelNames().get(a)));
            for (int count : r.confusion()[a]) {
                s.append(String.format(Locale.ROOT, "%" + cell + "d", count));
            }
            s.append('\n');
        }
        return s.toString();
    }

    /** The evaluation as a JSON object. */
    public static String evaluationJson(EvaluatePipeline.EvaluationRun run, Double minAccuracy) {
        EvaluationReport r = run.report();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", run.model().toString());
        json.put("dataset", run.dataset());
        json.put("examples", r.examples());
        json.put("accuracy", r.accuracy());
        json.put("loss", r.loss());
        if (minAccuracy != null) {
            json.put("minAccuracy", minAccuracy);
            json.put("passed", r.accuracy() >= minAccuracy);
        }
        json.put("labels", r.labelNames());
        json.put("precision", r.precision());
        json.put("recall", r.recall());
        json.put("f1", r.f1());
        json.put("support", support(r.confusion()));
        json.put("macroPrecision", mean(r.precision()));
        json.put("macroRecall", mean(r.recall()));
        json.put("macroF1", mean(r.f1()));
        json.put("confusion", r.confusion());
        json.put("notes", run.notes());
        json.put("manifest", run.manifest());
        return write(json);
    }

    /** One line for a classified input, e.g. {@code digit.png: 7 (p=0.9876)  top-3: 7 0.988, 3 0.006, 9 0.003}. */
    public static String predictionLine(PredictPipeline.Outcome o, int top) {
        Prediction p = o.prediction();
        String ranking = p.top(top).stream()
                .map(s -> String.format(Locale.ROOT, "%s %.3f", s.label(), s.probability()))
                .collect(Collectors.joining(", "));
        String actual = o.actual() == null ? "" : "  actual " + o.actual() + (o.actual().equals(p.label()) ? "" : " (wrong)");
        String preparation = o.preparation() == null ? "" : "  input: " + o.preparation();
        return String.format(Locale.ROOT, "%s: %s (p=%.4f)%s  top-%d: %s%s", o.input(), p.label(), p.probability(),
                actual, top, ranking, preparation);
    }

    /** The outcomes as a JSON array (failed inputs carry {@code error}). */
    public static String predictionsJson(List<PredictPipeline.Outcome> outcomes, int top) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (PredictPipeline.Outcome o : outcomes) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("input", o.input());
            if (o.ok()) {
                m.put("label", o.prediction().label());
                m.put("probability", o.prediction().probability());
                m.put("top", o.prediction().top(top).stream().map(ResultFormats::scored).toList());
                if (o.preparation() != null) {
                    m.put("preparation", o.preparation());
                }
                if (o.actual() != null) {
                    m.put("actual", o.actual());
                    m.put("correct", o.actual().equals(o.prediction().label()));
                }
            } else {
                m.put("error", o.error());
            }
            list.add(m);
        }
        return write(list);
    }

    private static Map<String, Object> scored(Prediction.ScoredLabel s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", s.label());
        m.put("probability", s.probability());
        return m;
    }

    private static int[] support(int[][] confusion) {
        int[] support = new int[confusion.length];
        for (int a = 0; a < confusion.length; a++) {
            for (int c : confusion[a]) {
                support[a] += c;
            }
        }
        return support;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return values.length == 0 ? Double.NaN : sum / values.length;
    }

    private static String truncate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n);
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON", e);
        }
    }
}
