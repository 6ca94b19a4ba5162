package io.softmax4j.data;

/**
 * One file of a dataset published as gzipped IDX files, and the checksums it must have.
 *
 * @param name       the uncompressed file name (e.g. {@code train-images-idx3-ubyte}); the
 *                   download is {@code name + ".gz"}
 * @param gzipMd5    MD5 of the published {@code .gz} file, as the dataset's authors list it
 * @param contentMd5 MD5 of the uncompressed IDX bytes: what is verified, since it is the same for
 *                   the published file, a plain copy and a re-compressed copy (such as Debian's)
 */
public record PublishedFile(String name, String gzipMd5, String contentMd5) {
}
