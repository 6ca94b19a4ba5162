package io.softmax4j.data;

import java.nio.file.Path;
import java.util.List;

/** Builds {@link LabeledImages} from an IDX image file and its IDX label file. */
public final class IdxDatasets {
    private IdxDatasets() {
    }

    /** Reads and cross-checks an images/labels pair; every label must name a class. */
    public static LabeledImages pair(Path imagesFile, Path labelsFile, List<String> labelNames) {
        IdxReader.Images images = IdxReader.readImages(imagesFile);
        byte[] labels = IdxReader.readLabels(labelsFile);
        if (labels.length != images.count()) {
            throw new DataException(labelsFile + ": has " + labels.length + " labels but " + imagesFile + " has "
                    + images.count() + " images");
        }
        for (int i = 0; i < labels.length; i++) {
            int label = labels[i] & 0xFF;
            if (label >= labelNames.size()) {
                throw new DataException(labelsFile + ": label " + label + " at item " + i + " is outside the "
                        + labelNames.size() + " classes [0, " + (labelNames.size() - 1) + "]");
            }
        }
        return new LabeledImages(images.pixels(), labels, images.rows(), images.cols(), labelNames);
    }
}
