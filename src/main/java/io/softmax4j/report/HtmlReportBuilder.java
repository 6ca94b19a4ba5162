package io.softmax4j.report;

import io.softmax4j.evaluation.EvaluationReport;
import io.softmax4j.metrics.EpochMetrics;

import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Builds the self-contained HTML report: every picture is embedded as a base64 {@code data:} URI,
 * so the one file can be mailed or archived and still shows everything.
 */
final class HtmlReportBuilder {
    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:2em auto;
            max-width:1100px;padding:0 1em;color:#222;line-height:1.4}
            h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;margin-top:1.6em;border-bottom:1px solid #ddd}
            table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ccc;padding:.25em .7em;text-align:right}
            th{background:#f3f3f3}td.l,th.l{text-align:left}
            figure{margin:1em 0}figure img{max-width:100%;height:auto;border:1px solid #ddd}
            figcaption{color:#555;font-size:.9em}pre{background:#f6f6f6;padding:.8em;overflow:auto}
            .metric{font-size:1.15em}""";

    /** A picture to embed. */
    record Picture(String fileName, String caption, byte[] png) {
    }

    private final StringBuilder html = new StringBuilder();

    private HtmlReportBuilder() {
    }

    static String build(RunReport report, List<Picture> pictures) {
        HtmlReportBuilder b = new HtmlReportBuilder();
        b.head(report.title());
        b.metrics(report);
        b.pictures(pictures);
        b.epochs(report.history());
        b.perClass(report.evaluation());
        b.config(report.configYaml());
        b.html.append("</body>\n</html>\n");
        return b.html.toString();
    }

    private void head(String title) {
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>softmax4j report: ").append(escape(title)).append("</title>\n")
                .append("<style>\n").append(STYLE).append("\n</style>\n</head>\n<body>\n")
                .append("<h1>softmax4j report: ").append(escape(title)).append("</h1>\n");
    }

    private void metrics(RunReport report) {
        EvaluationReport e = report.evaluation();
        html.append("<h2>Final metrics</h2>\n<table>\n");
        row("test accuracy", fmt("%.4f", e.accuracy()));
        row("test loss (mean cross-entropy)", fmt("%.4f", e.loss()));
        row("test examples", Integer.toString(e.examples()));
        row("misclassified", Integer.toString(report.predictions().mistakesMostConfidentFirst().length));
        if (!report.history().isEmpty()) {
            EpochMetrics last = report.history().get(report.history().size() - 1);
            row("epochs trained", Integer.toString(last.epoch()));
            row("final train loss", fmt("%.4f", last.loss()));
            row("final train accuracy", fmt("%.4f", last.trainAccuracy()));
            row("training time", fmt("%.1f s", report.history().stream().mapToDouble(EpochMetrics::seconds).sum()));
        }
        html.append("</table>\n");
    }

    private void row(String name, String value) {
        html.append("<tr><th class=\"l\">").append(escape(name)).append("</th><td class=\"metric\">")
                .append(escape(value)).append("</td></tr>\n");
    }

    private void pictures(List<Picture> pictures) {
        html.append("<h2>Pictures</h2>\n");
        for (Picture p : pictures) {
            html.append("<figure id=\"").append(escape(p.fileName())).append("\">\n<img src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(p.png())).append("\" alt=\"").append(escape(p.caption()))
                    .append("\">\n<figcaption>").append(escape(p.caption())).append(" (")
                    .append(escape(p.fileName())).append(")</figcaption>\n</figure>\n");
        }
    }

    private void epochs(List<EpochMetrics> history) {
        if (history.isEmpty()) {
            return;
        }
        boolean validation = history.stream().anyMatch(EpochMetrics::hasValidation);
        boolean testLoss = history.stream().anyMatch(EpochMetrics::hasTestLoss);
        boolean validationLoss = history.stream().anyMatch(EpochMetrics::hasValidationLoss);
        html.append("<h2>Per epoch</h2>\n<table>\n<tr><th>epoch</th><th>train loss</th><th>train acc</th>")
                .append(validation ? "<th>val acc</th>" : "").append("<th>test acc</th><th>seconds</th>")
                .append(testLoss ? "<th>test loss</th>" : "").append(validationLoss ? "<th>val loss</th>" : "")
                .append("</tr>\n");
        for (EpochMetrics m : history) {
            html.append("<tr><td>").append(m.epoch()).append("</td><td>").append(fmt("%.4f", m.loss()))
                    .append("</td><td>").append(fmt("%.4f", m.trainAccuracy())).append("</td><td>");
            if (validation) {
                html.append(m.hasValidation() ? fmt("%.4f", m.validationAccuracy()) : "").append("</td><td>");
            }
            html.append(fmt("%.4f", m.testAccuracy())).append("</td><td>").append(fmt("%.1f", m.seconds()));
            if (testLoss) {
                html.append("</td><td>").append(m.hasTestLoss() ? fmt("%.4f", m.testLoss()) : "");
            }
            if (validationLoss) {
                html.append("</td><td>").append(m.hasValidationLoss() ? fmt("%.4f", m.validationLoss()) : "");
            }
            html.append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private void perClass(EvaluationReport e) {
        html.append("<h2>Per class (test set)</h2>\n<table>\n<tr><th class=\"l\">class</th><th>examples</th>")
                .append("<th>precision</th><th>recall</th><th>F1</th></tr>\n");
        for (int k = 0; k < e.labelNames().size(); k++) {
            int support = 0;
            for (int count : e.confusion()[k]) {
                support += count;
            }
            html.append("<tr><td class=\"l\">").append(escape(e.labelNames().get(k))).append("</td><td>")
                    .append(support).append("</td><td>").append(fmt("%.4f", e.precision()[k])).append("</td><td>")
                    .append(fmt("%.4f", e.recall()[k])).append("</td><td>").append(fmt("%.4f", e.f1()[k]))
                    .append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private void config(String yaml) {
        if (yaml.isBlank()) {
            return;
        }
        html.append("<h2>Config</h2>\n<pre>").append(escape(yaml)).append("</pre>\n");
    }

    private static String fmt(String pattern, double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, pattern, value);
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
