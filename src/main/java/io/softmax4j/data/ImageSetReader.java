package io.softmax4j.data;

/** Reads one file of labelled images (a training or a test file) into memory. */
public interface ImageSetReader {
    /**
     * Reads the whole file.
     *
     * @throws DataException naming the file (and the line, for text formats) when it cannot be used
     */
    LabeledImages read();
}
