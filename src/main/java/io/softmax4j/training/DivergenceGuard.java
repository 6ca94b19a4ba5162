package io.softmax4j.training;

import io.softmax4j.config.UpdaterConfig;

import java.util.Locale;

/**
 * Detects a diverged run: a non-finite minibatch loss (checked for every batch: the score is
 * already computed, so the check is one comparison) or non-finite weights (checked at epoch
 * ends and before anything is written, one pass over the parameters).
 */
public final class DivergenceGuard {
    private DivergenceGuard() {
    }

    /** Throws when {@code loss} is NaN or infinite. */
    public static void checkLoss(double loss, int epoch, int batch, UpdaterConfig updater) {
        if (!Double.isFinite(loss)) {
            throw diverged("the loss became " + loss + " in epoch " + epoch + ", batch " + batch, updater);
        }
    }

    /** Throws when any weight or bias is NaN or infinite; {@code when} says when it was checked. */
    public static void checkParameters(float[] params, String when, UpdaterConfig updater) {
        if (!finite(params)) {
            throw diverged("the weights became NaN or infinite " + when, updater);
        }
    }

    /** Whether every element is finite. */
    public static boolean finite(float[] params) {
        for (float p : params) {
            if (!Float.isFinite(p)) {
                return false;
            }
        }
        return true;
    }

    private static TrainingFailedException diverged(String what, UpdaterConfig updater) {
        double lr = updater.learningRate();
        return new TrainingFailedException(TrainingFailedException.Kind.DIVERGED, String.format(Locale.ROOT,
                "training diverged: %s. No model was written. Try a lower learning rate: "
                        + "training.updater.learningRate is %s, e.g. --set training.updater.learningRate=%s",
                what, lr, lr / 10));
    }
}
