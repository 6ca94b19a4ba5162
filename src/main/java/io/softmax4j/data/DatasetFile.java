package io.softmax4j.data;

/**
 * One file of a published dataset and the checksum it must have.
 *
 * @param name    the file name inside the data folder
 * @param adler32 the expected Adler32 checksum of the file's bytes
 */
public record DatasetFile(String name, long adler32) {
}
