package io.softmax4j.data;

import java.nio.file.Path;
import java.util.List;

/** Builds {@link LabeledImages} from an IDX image file and its IDX label file. */
public final class IdxDatasets {
    private IdxDatasets() {
    }

    /** Reads and cross-checks an images/labels pair; every label must name a class. */
    public static LabeledImages pair(Path imagesFile, Path labelsFile, List<String> labelNames) {
        LabeledImages set = pair(imagesFile, labelsFile);
        checkLabels(set.labels(), labelNames, labelsFile);
        return set.withLabelNames(labelNames);
    }

    /**
     * Reads and cross-checks an images/labels pair, naming the classes by number
     * ({@code "0"} up to the largest label seen).
     */
    public static LabeledImages pair(Path imagesFile, Path labelsFile) {
        IdxReader.Images images = IdxReader.readImages(imagesFile);
        byte[] labels = IdxReader.readLabels(labelsFile);
        if (labels.length != images.count()) {
            throw new DataException(labelsFile + ": has " + labels.length + " labels but " + imagesFile + " has "
                    + images.count() + " images; the two files of a split must hold the same examples");
        }
        return new LabeledImages(images.pixels(), labels, images.rows(), images.cols(),
                LabelNames.numbered(LabelNames.maxLabel(labels) + 1));
    }

    /** Fails, naming the file and the item, when a label is outside {@code [0, names.size())}. */
    static void checkLabels(byte[] labels, List<String> names, Path labelsFile) {
        for (int i = 0; i < labels.length; i++) {
            int label = labels[i] & 0xFF;
            if (label >= names.size()) {
                throw new DataException(labelsFile + ": label " + label + " at item " + i + " is outside the "
                        + names.size() + " classes [0, " + (names.size() - 1) + "]"
                        + (names.size() > 1 ? " (" + LabelNames.describe(names) + ")" : ""));
            }
        }
    }
}
