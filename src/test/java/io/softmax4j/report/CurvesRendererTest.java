package io.softmax4j.report;

import io.softmax4j.metrics.EpochMetrics;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The loss panel's data: which series it draws and their points (not its pixels). */
class CurvesRendererTest {

    private static double[] y(XYChart chart, String name) {
        XYSeries s = chart.getSeriesMap().get(name);
        return s.getYData();
    }

    @Test
    void theLossPanelHasTrainTestAndValidationLoss() {
        List<EpochMetrics> history = List.of(
                new EpochMetrics(1, 0.9, 0.7, 0.8, 1.0, 0.79, 0.6, 0.61),
                new EpochMetrics(2, 0.5, 0.85, 0.86, 1.0, 0.84, 0.45, 0.47));
        XYChart chart = CurvesRenderer.lossChart(history);
        assertEquals(List.of("train loss", "val loss", "test loss"), List.copyOf(chart.getSeriesMap().keySet()));
        assertArrayEquals(new double[]{0.9, 0.5}, y(chart, "train loss"));
        assertArrayEquals(new double[]{0.6, 0.45}, y(chart, "test loss"));
        assertArrayEquals(new double[]{0.61, 0.47}, y(chart, "val loss"));
        assertArrayEquals(new double[]{1, 2}, chart.getSeriesMap().get("test loss").getXData());
    }

    @Test
    void withoutValidationThereIsNoValidationLossAndOldEpochsAreLeftOut() {
        List<EpochMetrics> history = List.of(
                new EpochMetrics(1, 0.9, 0.7, 0.8, 1.0),
                new EpochMetrics(2, 0.5, 0.85, 0.86, 1.0, null, 0.45, null),
                new EpochMetrics(3, 0.4, 0.88, 0.87, 1.0, null, 0.41, null));
        XYChart chart = CurvesRenderer.lossChart(history);
        assertEquals(List.of("train loss", "test loss"), List.copyOf(chart.getSeriesMap().keySet()));
        assertArrayEquals(new double[]{2, 3}, chart.getSeriesMap().get("test loss").getXData());
        assertArrayEquals(new double[]{0.45, 0.41}, y(chart, "test loss"));
        CurvesRenderer.render(history); // the whole picture still draws with partial series
    }
}
