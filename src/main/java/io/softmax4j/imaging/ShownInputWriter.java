package io.softmax4j.imaging;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes the 28x28 picture a model actually saw for a user's image ({@code predict --show-input
 * DIR}), so the user can check the preparation: {@code photo.jpg -> DIR/photo-28x28.png}.
 */
public final class ShownInputWriter {
    private ShownInputWriter() {
    }

    /** The file {@link #write} uses for {@code source} in {@code dir}, for a 28x28 image. */
    public static Path target(Path dir, Path source) {
        return target(dir, source, MnistStylePreprocessor.SIDE, MnistStylePreprocessor.SIDE);
    }

    /** The file {@link #write} uses first for {@code source} in {@code dir}, for a {@code rows x cols} image. */
    public static Path target(Path dir, Path source, int rows, int cols) {
        return target(dir, source, rows, cols, 1);
    }

    private static Path target(Path dir, Path source, int rows, int cols, int n) {
        String name = source.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return dir.resolve(stem + (n > 1 ? "-" + n : "") + "-" + cols + "x" + rows + ".png");
    }

    /** Writes {@code image} as a grayscale PNG (whole file or nothing) and returns its path. */
    public static Path write(Path dir, Path source, PreparedImage image) {
        return write(dir, source, image, new java.util.HashSet<>());
    }

    /**
     * Like {@link #write(Path, Path, PreparedImage)}, but never over a path in {@code taken}
     * (files of one call that share a name, e.g. {@code a/7.png} and {@code b/7.jpg}, get
     * {@code 7-28x28.png} and {@code 7-2-28x28.png}), and never over an existing file (a file of an
     * earlier call, or the user's own, is kept: the next free name is used); the path written is
     * added to {@code taken}.
     */
    public static Path write(Path dir, Path source, PreparedImage image, java.util.Set<Path> taken) {
        int n = 1;
        Path target = target(dir, source, image.rows(), image.cols(), n);
        while (taken.contains(target) || Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            target = target(dir, source, image.rows(), image.cols(), ++n);
        }
        taken.add(target);
        try {
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            try {
                if (!ImageIO.write(image.toImage(), "png", temp.toFile())) {
                    throw new IOException("no PNG writer available");
                }
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the prepared input to " + target + ": " + e.getMessage(), e);
        }
        return target;
    }
}
