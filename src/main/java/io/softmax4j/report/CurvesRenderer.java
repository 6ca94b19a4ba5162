package io.softmax4j.report;

import io.softmax4j.metrics.EpochMetrics;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Training curves drawn with XChart, as one picture at the end of the run: the training loss in
 * one panel, and train, validation (when a validation set is held out) and test accuracy in a
 * second panel below it, each on its own scale.
 */
final class CurvesRenderer {
    static final int WIDTH = 800;
    static final int HEIGHT = 500;

    private CurvesRenderer() {
    }

    /** Two panels, one above the other: loss (its own scale) and accuracy (0..1 zoomed to the data). */
    static BufferedImage render(List<EpochMetrics> history) {
        BufferedImage loss = BitmapEncoder.getBufferedImage(lossChart(history));
        BufferedImage accuracy = BitmapEncoder.getBufferedImage(accuracyChart(history));
        BufferedImage both = new BufferedImage(WIDTH, loss.getHeight() + accuracy.getHeight(), BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = both.createGraphics();
        g.drawImage(loss, 0, 0, null);
        g.drawImage(accuracy, 0, loss.getHeight(), null);
        g.dispose();
        return both;
    }

    /**
     * The loss panel (colours as the accuracy panel's: validation purple, test green): train loss every epoch, then test and validation loss over the epochs that
     * measured them (histories resumed from states saved before these were kept lack them early on).
     */
    static XYChart lossChart(List<EpochMetrics> history) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT / 2)
                .title("Loss").xAxisTitle("epoch").yAxisTitle("cross-entropy").build();
        style(chart, history);
        double top = history.stream().flatMapToDouble(m -> java.util.stream.DoubleStream.of(m.loss(),
                        m.hasTestLoss() ? m.testLoss() : 0, m.hasValidationLoss() ? m.validationLoss() : 0))
                .filter(Double::isFinite).max().orElse(1);
        chart.getStyler().setYAxisMax(Math.max(0.1, Math.ceil(top * 10) / 10));
        series(chart, "train loss", epochs(history), history.stream().mapToDouble(EpochMetrics::loss).toArray(),
                new Color(0x1F, 0x77, 0xB4));
        List<EpochMetrics> withVal = history.stream().filter(EpochMetrics::hasValidationLoss).toList();
        if (!withVal.isEmpty()) {
            series(chart, "val loss", epochs(withVal),
                    withVal.stream().mapToDouble(EpochMetrics::validationLoss).toArray(), new Color(0x94, 0x67, 0xBD));
        }
        List<EpochMetrics> withTest = history.stream().filter(EpochMetrics::hasTestLoss).toList();
        if (!withTest.isEmpty()) {
            series(chart, "test loss", epochs(withTest),
                    withTest.stream().mapToDouble(EpochMetrics::testLoss).toArray(), new Color(0x2C, 0xA0, 0x2C));
        }
        return chart;
    }

    private static double[] epochs(List<EpochMetrics> history) {
        return history.stream().mapToDouble(EpochMetrics::epoch).toArray();
    }

    private static XYChart accuracyChart(List<EpochMetrics> history) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT / 2)
                .title("Accuracy").xAxisTitle("epoch").yAxisTitle("accuracy").build();
        style(chart, history);
        double low = history.stream().flatMapToDouble(m -> java.util.stream.DoubleStream.of(m.trainAccuracy(),
                m.testAccuracy(), m.hasValidation() ? m.validationAccuracy() : 1)).min().orElse(0);
        // zoomed to the data (to the tenth below the lowest value), so the curves do not flatten into a band
        chart.getStyler().setYAxisMin(Math.max(0, Math.floor(low * 10) / 10));
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setYAxisDecimalPattern("0.000");
        double[] epochs = epochs(history);
        series(chart, "train acc", epochs, history.stream().mapToDouble(EpochMetrics::trainAccuracy).toArray(),
                new Color(0xD6, 0x27, 0x28));
        if (history.stream().allMatch(EpochMetrics::hasValidation)) {
            series(chart, "val acc", epochs, history.stream().mapToDouble(EpochMetrics::validationAccuracy).toArray(),
                    new Color(0x94, 0x67, 0xBD));
        }
        series(chart, "test acc", epochs, history.stream().mapToDouble(EpochMetrics::testAccuracy).toArray(),
                new Color(0x2C, 0xA0, 0x2C));
        return chart;
    }

    private static void style(XYChart chart, List<EpochMetrics> history) {
        var s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderVisible(true);
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setLegendBorderColor(Color.LIGHT_GRAY);
        s.setXAxisDecimalPattern("0");
        s.setYAxisDecimalPattern("0.00");
        s.setXAxisMin(1.0);
        s.setXAxisMax((double) Math.max(2, history.size()));
        s.setXAxisMaxLabelCount(Math.min(Math.max(2, history.size()), 20));
        s.setYAxisMin(0.0);
        s.setMarkerSize(7);
    }

    private static void series(XYChart chart, String name, double[] x, double[] y, Color colour) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setLineColor(colour);
        series.setMarkerColor(colour);
        series.setMarker(SeriesMarkers.CIRCLE);
        series.setLineStyle(new BasicStroke(2f));
    }
}
