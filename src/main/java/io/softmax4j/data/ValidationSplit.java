package io.softmax4j.data;

import java.util.Arrays;
import java.util.Random;

/**
 * Holds out a fraction of the training set for validation, so that choices (learning rate,
 * epochs) can be made without looking at the test set. The split is seeded by a constant, not
 * the training seed: every run of a dataset holds out the same examples, so runs with
 * different seeds are compared on the same validation set.
 */
public final class ValidationSplit {
    /** Seeds the choice of held-out examples. */
    public static final long SEED = 20_260_501L;

    private ValidationSplit() {
    }

    /**
     * Moves {@code round(fraction * count)} training examples, chosen by a seeded shuffle, into
     * the validation set; the rest stay in the training set in their original order.
     *
     * @param fraction in (0, 1); 0 returns the dataset unchanged
     */
    public static Dataset apply(Dataset data, double fraction) {
        if (fraction <= 0) {
            return data;
        }
        LabeledImages all = data.train();
        int held = (int) Math.round(fraction * all.count());
        if (held < 1 || held >= all.count()) {
            throw new DataException(data.name() + ": data.validation " + fraction + " of " + all.count()
                    + " training examples leaves " + (all.count() - held) + " to train on and " + held
                    + " to validate on; both need at least one (use a larger training set or another fraction)");
        }
        int[] order = shuffled(all.count());
        int[] validation = Arrays.copyOfRange(order, 0, held);
        int[] train = Arrays.copyOfRange(order, held, order.length);
        Arrays.sort(validation);
        Arrays.sort(train);
        return new Dataset(data.name(), all.select(train), data.test(), data.checksums(), all.select(validation));
    }

    private static int[] shuffled(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random rng = new Random(SEED);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
