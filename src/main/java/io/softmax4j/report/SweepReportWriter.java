package io.softmax4j.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A sweep's pictures and its self-contained {@code report.html}: every trial's objective curve
 * overlaid ({@value #CURVES}), the objective against each swept key (a log axis for keys spanning
 * a factor of 10 or more, such as learning rates), and the results table, sortable by clicking a
 * column header. Pictures are embedded as {@code data:} URIs; the script is inline; nothing is
 * fetched from the network.
 */
public final class SweepReportWriter {
    public static final String CURVES = "curves.png";
    public static final String HTML = "report.html";
    private static final Color[] PALETTE = {new Color(0x1F77B4), new Color(0xFF7F0E), new Color(0x2CA02C),
            new Color(0xD62728), new Color(0x9467BD), new Color(0x8C564B), new Color(0xE377C2), new Color(0x7F7F7F),
            new Color(0xBCBD22), new Color(0x17BECF)};
    private static final String SCRIPT = """
            document.querySelectorAll('table.sortable th').forEach((th, col) => th.addEventListener('click', () => {
              const body = th.closest('table').tBodies[0];
              const asc = th.dataset.dir !== 'asc';
              th.closest('tr').querySelectorAll('th').forEach(h => delete h.dataset.dir);
              th.dataset.dir = asc ? 'asc' : 'desc';
              const key = tr => { const t = tr.cells[col].dataset.v ?? tr.cells[col].textContent;
                const n = parseFloat(t); return isNaN(n) ? t : n; };
              [...body.rows].sort((a, b) => { const x = key(a), y = key(b);
                const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
                return asc ? c : -c; }).forEach(r => body.appendChild(r));
            }));""";

    private SweepReportWriter() {
    }

    /** Writes {@value #CURVES} and {@value #HTML} into {@code dir}; returns the HTML file. */
    public static Path write(SweepReport report, Path dir) {
        System.setProperty("java.awt.headless", "true");
        try {
            byte[] curves = Pngs.encode(curves(report));
            Files.createDirectories(dir);
            io.softmax4j.artifact.AtomicFiles.write(dir.resolve(CURVES), curves);
            Map<String, byte[]> byKey = new LinkedHashMap<>();
            for (int k = 0; k < report.keys().size(); k++) {
                byKey.put(report.keys().get(k), Pngs.encode(objectiveAgainst(report, k)));
            }
            Path html = dir.resolve(HTML);
            io.softmax4j.artifact.AtomicFiles.write(html, html(report, curves, byKey).getBytes(StandardCharsets.UTF_8));
            return html;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sweep report in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Every trial's objective metric after each epoch, one line per trial; pruned trials dashed. */
    static BufferedImage curves(SweepReport report) {
        XYChart chart = new XYChartBuilder().width(900).height(520).title("Sweep " + report.name() + ": "
                + report.metric() + " per epoch").xAxisTitle("epoch").yAxisTitle(report.metric()).build();
        style(chart.getStyler());
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setYAxisDecimalPattern("0.000");
        int maxEpochs = 1;
        int i = 0;
        for (SweepReport.Row row : report.rows()) {
            double[] y = row.curve().stream().mapToDouble(Double::doubleValue).map(v -> Double.isFinite(v) ? v : Double.NaN).toArray();
            if (y.length == 0 || java.util.Arrays.stream(y).allMatch(Double::isNaN)) {
                continue;
            }
            double[] x = new double[y.length];
            for (int e = 0; e < y.length; e++) {
                x[e] = e + 1;
            }
            maxEpochs = Math.max(maxEpochs, y.length);
            String label = row.trial() + " " + String.join(", ", row.values()) + (row.trial().equals(report.best()) ? " *" : "");
            XYSeries s = chart.addSeries(label, x, y);
            Color c = PALETTE[i++ % PALETTE.length];
            s.setLineColor(c);
            s.setMarkerColor(c);
            s.setMarker(SeriesMarkers.CIRCLE);
            boolean pruned = row.status().equals("pruned");
            s.setLineStyle(pruned ? new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{6f, 4f}, 0f)
                    : new BasicStroke(row.trial().equals(report.best()) ? 3f : 2f));
        }
        if (chart.getSeriesMap().isEmpty()) {
            chart.addSeries("no finished epoch yet", new double[]{1}, new double[]{0});
        }
        chart.getStyler().setXAxisMin(1.0);
        chart.getStyler().setXAxisMax((double) Math.max(2, maxEpochs));
        chart.getStyler().setXAxisMaxLabelCount(Math.min(Math.max(2, maxEpochs), 20));
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** The objective of each finished trial against the value of key {@code k}. */
    static BufferedImage objectiveAgainst(SweepReport report, int k) {
        String key = report.keys().get(k);
        List<SweepReport.Row> done = report.rows().stream().filter(r -> r.objective() != null && Double.isFinite(r.objective())).toList();
        List<Double> numbers = new ArrayList<>();
        for (SweepReport.Row r : done) {
            Double d = number(r.values().get(k));
            if (d == null) {
                return categories(report, k, done);
            }
            numbers.add(d);
        }
        XYChart chart = new XYChartBuilder().width(520).height(360).title(report.metric() + " against " + key)
                .xAxisTitle(key).yAxisTitle(report.metric()).build();
        style(chart.getStyler());
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setYAxisDecimalPattern("0.000");
        double min = numbers.stream().mapToDouble(Double::doubleValue).min().orElse(1);
        double max = numbers.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        boolean log = min > 0 && max / min >= 10;
        chart.getStyler().setXAxisLogarithmic(log);
        if (numbers.isEmpty()) {
            chart.addSeries("none", new double[]{1}, new double[]{0});
        } else {
            XYSeries s = chart.addSeries(key, numbers.stream().mapToDouble(Double::doubleValue).toArray(),
                    done.stream().mapToDouble(SweepReport.Row::objective).toArray());
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(PALETTE[0]);
        }
        return BitmapEncoder.getBufferedImage(chart);
    }

    private static BufferedImage categories(SweepReport report, int k, List<SweepReport.Row> done) {
        Map<String, Double> best = new LinkedHashMap<>();
        for (SweepReport.Row r : done) {
            best.merge(r.values().get(k), r.objective(), (a, b) -> report.maximise() ? Math.max(a, b) : Math.min(a, b));
        }
        CategoryChart chart = new CategoryChartBuilder().width(520).height(360).title("best " + report.metric()
                + " per " + report.keys().get(k)).xAxisTitle(report.keys().get(k)).yAxisTitle(report.metric()).build();
        style(chart.getStyler());
        chart.getStyler().setLegendVisible(false);
        chart.addSeries(report.metric(), new ArrayList<>(best.keySet()), new ArrayList<>(best.values()));
        return BitmapEncoder.getBufferedImage(chart);
    }

    private static void style(Styler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderVisible(true);
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setLegendBorderColor(Color.LIGHT_GRAY);
        s.setMarkerSize(6);
    }

    private static Double number(String s) {
        try {
            double d = Double.parseDouble(s);
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String html(SweepReport report, byte[] curves, Map<String, byte[]> byKey) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sweep ")
                .append(HtmlReportBuilder.escape(report.name())).append("</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1150px;padding:0 1em;color:#222}")
                .append("table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.25em .6em;text-align:right}")
                .append("th{background:#f3f3f3;cursor:pointer}th[data-dir=asc]::after{content:' \\25B2'}")
                .append("th[data-dir=desc]::after{content:' \\25BC'}td.l{text-align:left}tr.best{background:#eef7ee}")
                .append("img{max-width:100%;border:1px solid #ddd}.keys img{width:49%}</style></head><body>\n");
        h.append("<h1>Sweep ").append(HtmlReportBuilder.escape(report.name())).append("</h1>\n<p>")
                .append(report.rows().size()).append(" of ").append(report.trialsPlanned()).append(" trials ended; objective: ")
                .append(HtmlReportBuilder.escape(report.metric())).append(report.maximise() ? " (larger is better)" : " (smaller is better)");
        if (report.best() != null) {
            h.append("; selected: <b>").append(HtmlReportBuilder.escape(report.best())).append("</b>");
        }
        h.append(". The test set played no part in the selection.</p>\n");
        h.append("<h2>Curves</h2>\n<img alt=\"curves\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(curves)).append("\">\n");
        h.append("<h2>Objective against each key</h2>\n<div class=\"keys\">");
        byKey.forEach((k, png) -> h.append("<img alt=\"").append(HtmlReportBuilder.escape(k))
                .append("\" src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(png)).append("\">"));
        h.append("</div>\n<h2>Trials</h2>\n<p>Click a column header to sort.</p>\n<table class=\"sortable\"><thead><tr><th>trial</th>");
        report.keys().forEach(k -> h.append("<th>").append(HtmlReportBuilder.escape(k)).append("</th>"));
        h.append("<th>").append(HtmlReportBuilder.escape(report.metric()))
                .append("</th><th>epochs</th><th>seconds</th><th>status</th><th>note</th></tr></thead><tbody>\n");
        for (SweepReport.Row r : report.rows()) {
            h.append(r.trial().equals(report.best()) ? "<tr class=\"best\">" : "<tr>")
                    .append("<td class=\"l\">").append(HtmlReportBuilder.escape(r.trial())).append("</td>");
            r.values().forEach(v -> h.append("<td>").append(HtmlReportBuilder.escape(v)).append("</td>"));
            h.append("<td>").append(r.objective() == null ? "-" : String.format(Locale.ROOT, "%.4f", r.objective()))
                    .append("</td><td>").append(r.epochs()).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.1f", r.seconds())).append("</td><td class=\"l\">")
                    .append(HtmlReportBuilder.escape(r.status())).append("</td><td class=\"l\">")
                    .append(HtmlReportBuilder.escape(r.reason())).append("</td></tr>\n");
        }
        h.append("</tbody></table>\n<script>").append(SCRIPT).append("</script>\n</body></html>\n");
        return h.toString();
    }
}
