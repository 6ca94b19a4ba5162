package io.softmax4j.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * An OS package that holds a dataset's files and can be fetched without root (for Debian,
 * {@code apt-get download}): the provisioner extracts the files from it, verifies them and
 * installs them into the data folder.
 */
public interface PackageSource {
    /** What is fetched and how, for messages: e.g. {@code Debian package dataset-fashion-mnist (apt-get download)}. */
    String describe();

    /**
     * Fetches the package into {@code workDir} and extracts the named files there.
     *
     * @param fileNames the file names wanted (e.g. {@code train-images-idx3-ubyte.gz})
     * @return name to extracted (not yet verified) file
     * @throws IOException when the package cannot be fetched or lacks a file
     */
    Map<String, Path> fetch(List<String> fileNames, Path workDir) throws IOException;
}
