package io.softmax4j.imaging;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and prepares a list of user images, one result per file in order: a bad file gives its
 * own error and never stops the others.
 */
public final class UserImageLoader {
    private final SafeImageReader reader;
    private final MnistStylePreprocessor preprocessor;

    public UserImageLoader() {
        this(new SafeImageReader(), new MnistStylePreprocessor());
    }

    public UserImageLoader(SafeImageReader reader, MnistStylePreprocessor preprocessor) {
        this.reader = reader;
        this.preprocessor = preprocessor;
    }

    /**
     * One file's outcome: exactly one of {@code image} and {@code error} is set.
     *
     * @param file  the file as given
     * @param image the prepared 28x28 input, or null
     * @param error why the file cannot be used, or null
     */
    public record Loaded(Path file, PreparedImage image, ImageInputException error) {
        public boolean ok() {
            return error == null;
        }
    }

    public Loaded load(Path file) {
        try {
            return new Loaded(file, preprocessor.prepare(reader.read(file), file), null);
        } catch (ImageInputException e) {
            return new Loaded(file, null, e);
        }
    }

    public List<Loaded> loadAll(List<Path> files) {
        List<Loaded> out = new ArrayList<>(files.size());
        for (Path f : files) {
            out.add(load(f));
        }
        return out;
    }
}
