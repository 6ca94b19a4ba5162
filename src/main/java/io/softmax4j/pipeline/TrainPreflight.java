package io.softmax4j.pipeline;

import io.softmax4j.config.ConfigException;
import io.softmax4j.config.RunConfig;
import io.softmax4j.config.UpdaterConfig;
import io.softmax4j.data.DataException;
import io.softmax4j.data.Dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Checks, before any training, what would otherwise make a run fail at its end: an output folder
 * that cannot be written or has no room for the model and its checkpoints, and data that cannot
 * be trained on. (The config checks itself when it is loaded.)
 */
public final class TrainPreflight {
    /** Room asked for beyond the estimate: the estimate is rough and other files grow too. */
    static final long SAFETY_BYTES = 8L << 20;

    private TrainPreflight() {
    }

    /** The model's folder and the run folder can be created and written. */
    public static void checkWritable(Path modelPath, Path runDir) {
        Path folder = modelPath.toAbsolutePath().getParent();
        if (Files.isDirectory(modelPath)) {
            throw new ConfigException("output.model", "output.model " + modelPath + " is a folder; name a .zip file");
        }
        if (Files.exists(runDir) && !Files.isDirectory(runDir)) {
            throw new ConfigException("output.model", "the run folder " + runDir + " (checkpoints of output.model "
                    + modelPath + ") exists and is not a folder; move it away or choose another output.model");
        }
        try {
            Files.createDirectories(folder);
            Path probe = Files.createTempFile(folder, ".softmax4j-preflight-", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new ConfigException("output.model", "cannot write to " + folder + " (folder of output.model "
                    + modelPath + "): " + e.getClass().getSimpleName() + " " + e.getMessage()
                    + ". Fix the folder's permissions or choose another output.model.");
        }
    }

    /** The data has examples to train and test on, of at least two classes. */
    public static void checkData(Dataset data) {
        if (data.train().count() == 0 || data.test().count() == 0) {
            throw new DataException(data.name() + ": the training set has " + data.train().count()
                    + " examples and the test set " + data.test().count() + "; both need at least one");
        }
        if (data.train().classes() < 2) {
            throw new DataException(data.name() + ": the training labels are all " + data.train().label(0)
                    + " (" + data.train().classes() + " class); a classifier needs examples of at least two classes. "
                    + "Check the label files (images and labels swapped? the wrong file?)");
        }
        java.util.BitSet seen = new java.util.BitSet();
        for (byte label : data.train().labels()) {
            seen.set(label & 0xFF);
        }
        if (seen.cardinality() < 2) {
            throw new DataException(data.name() + ": every training label is " + data.train().labelNames()
                    .get(seen.nextSetBit(0)) + "; a classifier needs examples of at least two classes. Check the "
                    + "label files (the wrong file? a sorted subset cut by data.limit?)");
        }
    }

    /** The model's folder has room for the model and the checkpoints the config keeps. */
    public static void checkSpace(RunConfig config, Dataset data, Path modelPath) {
        Path folder = modelPath.toAbsolutePath().getParent();
        long needed = bytesNeeded(config, data.train().features(), data.train().classes());
        try {
            requireSpace(folder, needed, Files.getFileStore(folder).getUsableSpace());
        } catch (IOException e) {
            // cannot tell: the write probe passed, so go on
        }
    }

    static void requireSpace(Path folder, long needed, long usable) {
        if (usable < needed) {
            throw new ConfigException("output.model", String.format(Locale.ROOT,
                    "only %.1f MB free in %s; the model and its checkpoints need about %.1f MB. Free some space, "
                            + "choose another output.model, or lower training.checkpoints.keep",
                    usable / 1e6, folder, needed / 1e6));
        }
    }

    /** A generous estimate of the bytes a run writes: model plus kept checkpoints (and one being written). */
    static long bytesNeeded(RunConfig config, int features, int classes) {
        long params = (long) (features + 1) * classes;
        UpdaterConfig updater = config.training().updater();
        long stateCopies = updater instanceof UpdaterConfig.Adam ? 2 : updater instanceof UpdaterConfig.Sgd ? 0 : 1;
        long model = params * 4 * (1 + stateCopies) + (64 << 10);
        long checkpoint = model + params * 4;
        long checkpoints = config.training().checkpoints().enabled() ? (config.training().checkpoints().keep() + 1) * checkpoint : 0;
        return 2 * model + checkpoints + SAFETY_BYTES;
    }
}
