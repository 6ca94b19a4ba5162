package io.softmax4j.sweep;

import io.softmax4j.config.SweepConfig.Metric;
import io.softmax4j.metrics.EpochMetrics;

/** Reads a sweep's objective metric from an epoch's figures. */
final class Objectives {
    private Objectives() {
    }

    static double value(Metric metric, EpochMetrics m) {
        return switch (metric) {
            case validationAccuracy -> m.hasValidation() ? m.validationAccuracy() : Double.NaN;
            case trainAccuracy -> m.trainAccuracy();
            case loss -> m.loss();
        };
    }
}
