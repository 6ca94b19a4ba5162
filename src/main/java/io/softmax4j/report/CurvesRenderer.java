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
 * Training loss, train accuracy, validation accuracy (when a validation set is held out) and
 * test accuracy against epoch, drawn with XChart: the book's Animator chart, as one picture at the
 * end of the run.
 */
final class CurvesRenderer {
    static final int WIDTH = 800;
    static final int HEIGHT = 500;

    private CurvesRenderer() {
    }

    static BufferedImage render(List<EpochMetrics> history) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Training curves").xAxisTitle("epoch").yAxisTitle("loss / accuracy").build();
        style(chart, history);
        double[] epochs = history.stream().mapToDouble(EpochMetrics::epoch).toArray();
        series(chart, "train loss", epochs, history.stream().mapToDouble(EpochMetrics::loss).toArray(),
                new Color(0x1F, 0x77, 0xB4));
        series(chart, "train acc", epochs, history.stream().mapToDouble(EpochMetrics::trainAccuracy).toArray(),
                new Color(0xD6, 0x27, 0x28));
        if (history.stream().allMatch(EpochMetrics::hasValidation)) {
            series(chart, "val acc", epochs, history.stream().mapToDouble(EpochMetrics::validationAccuracy).toArray(),
                    new Color(0x94, 0x67, 0xBD));
        }
        series(chart, "test acc", epochs, history.stream().mapToDouble(EpochMetrics::testAccuracy).toArray(),
                new Color(0x2C, 0xA0, 0x2C));
        return BitmapEncoder.getBufferedImage(chart);
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
        double top = history.stream().mapToDouble(EpochMetrics::loss).filter(Double::isFinite).max().orElse(1);
        s.setYAxisMax(Math.max(1.0, Math.ceil(top * 10) / 10));
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
