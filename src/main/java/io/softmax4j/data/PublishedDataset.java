package io.softmax4j.data;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a published IDX dataset can be found, in the order {@link PublishedDatasetProvisioner}
 * tries: the configured folder, then system folders (OS packages), then download mirrors.
 *
 * @param displayName  the dataset's name in messages (e.g. {@code Fashion-MNIST})
 * @param files        its files and checksums
 * @param systemDirs   read-only folders an OS package installs the files into
 * @param packages     OS packages that hold the files and can be fetched without root
 * @param mirrors      base URLs (ending in {@code /}) the {@code .gz} files are downloaded from
 * @param howToInstall what to tell the user when every source failed (one sentence or more)
 */
public record PublishedDataset(String displayName, List<PublishedFile> files, List<Path> systemDirs,
                               List<PackageSource> packages, List<String> mirrors, String howToInstall) {
    public PublishedDataset {
        files = List.copyOf(files);
        systemDirs = List.copyOf(systemDirs);
        packages = List.copyOf(packages);
        mirrors = List.copyOf(mirrors);
    }

    /** Without packages to fetch. */
    public PublishedDataset(String displayName, List<PublishedFile> files, List<Path> systemDirs,
                            List<String> mirrors, String howToInstall) {
        this(displayName, files, systemDirs, List.of(), mirrors, howToInstall);
    }
}
