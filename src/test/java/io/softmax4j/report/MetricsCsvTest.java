package io.softmax4j.report;

import io.softmax4j.metrics.EpochMetrics;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MetricsCsvTest {

    @Test
    void lossColumnsComeLastAndAreEmptyWhenNotMeasured() {
        String csv = MetricsCsv.format(List.of(
                new EpochMetrics(1, 0.9, 0.7, 0.8, 1.25),
                new EpochMetrics(2, 0.5, 0.85, 0.86, 1.5, null, 0.45, null),
                new EpochMetrics(3, 0.4, 0.875, 0.87, 2, 0.9, 0.41, 0.375)));
        assertEquals("epoch,train_loss,train_acc,val_acc,test_acc,seconds,test_loss,val_loss\n"
                + "1,0.900000,0.700000,,0.800000,1.250,,\n"
                + "2,0.500000,0.850000,,0.860000,1.500,0.450000,\n"
                + "3,0.400000,0.875000,0.900000,0.870000,2.000,0.410000,0.375000\n", csv);
    }
}
