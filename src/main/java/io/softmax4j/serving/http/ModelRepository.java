package io.softmax4j.serving.http;

import io.softmax4j.artifact.ModelFileException;
import io.softmax4j.serving.Classifier;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The models the service serves: every valid {@code *.zip} of a folder (or one zip), named by file
 * name. {@link #refresh()} looks at the files again (the server calls it on a timer): a new or
 * replaced file is loaded through the safe loader ({@link Classifier#load}) and swapped in
 * atomically, so requests already running finish on the old version and later ones get the new
 * one. A file that fails the checks is refused and logged, and the version already loaded keeps
 * serving; it is not retried until the file changes again. A deleted file stops being served.
 * Hidden files (such as {@code train}'s temp files, {@code .name.zip.tmp-...}) are ignored.
 */
public final class ModelRepository {
    /** Model names that are safe in a URL path segment and a file name. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    /** A folder holding more model zips than this is refused (the repository keeps them all in memory). */
    static final int MAX_MODELS = 256;

    private final Path source;
    private final boolean folder;
    private final Consumer<String> log;
    private final Map<String, Entry> models = new ConcurrentHashMap<>();
    /** Files whose current stamp failed to load: not retried until they change. */
    private final Map<Path, Stamp> refused = new ConcurrentHashMap<>();
    private final AtomicLong reloadFailures = new AtomicLong();
    private final AtomicLong reloads = new AtomicLong();

    private record Stamp(long modified, long size, Object fileKey) {
    }

    private record Entry(ServedModel model, Stamp stamp) {
    }

    /**
     * @param source a folder of model zips, or one model zip
     * @param log    where load and refusal messages go
     */
    public ModelRepository(Path source, Consumer<String> log) {
        this.source = Objects.requireNonNull(source, "source");
        this.folder = Files.isDirectory(source);
        this.log = Objects.requireNonNull(log, "log");
    }

    /**
     * Loads the models for the first time. With one zip, a bad file is an error (the service
     * would have nothing to serve); in a folder, bad files are logged and skipped.
     *
     * @throws ModelFileException for a single zip that fails the checks
     * @throws IllegalArgumentException when the source does not exist or is neither a folder nor a file
     */
    public void loadInitial() {
        if (!folder) {
            if (!Files.isRegularFile(source)) {
                throw new IllegalArgumentException(source + ": no such model file or folder; give --models DIR "
                        + "or --model ZIP");
            }
            String name = nameOf(source);
            if (name == null) {
                throw new IllegalArgumentException(source + ": a model file name must be letters, digits, '.', '-' "
                        + "or '_' and end in .zip, e.g. mnist-softmax.zip");
            }
            Stamp stamp = stamp(source);
            models.put(name, new Entry(load(name, source), stamp));
            return;
        }
        refresh();
    }

    /** Looks at the files again: loads new and changed ones, drops deleted ones. Returns how many models are served. */
    public synchronized int refresh() {
        Set<String> seen = new HashSet<>();
        for (Path file : candidates()) {
            String name = nameOf(file);
            seen.add(name);
            Stamp stamp = stamp(file);
            if (stamp == null) {
                continue; // vanished between listing and reading
            }
            Entry current = models.get(name);
            if (current != null && current.stamp().equals(stamp) || stamp.equals(refused.get(file))) {
                continue;
            }
            try {
                ServedModel loaded = load(name, file);
                models.put(name, new Entry(loaded, stamp));
                refused.remove(file);
                if (current != null) {
                    reloads.incrementAndGet();
                    log.accept("reloaded model " + name + " from " + file + ": version " + loaded.version()
                            + " (was " + current.model().version() + ")");
                }
            } catch (ModelFileException | IllegalArgumentException e) {
                refused.put(file, stamp);
                reloadFailures.incrementAndGet();
                log.accept("refused " + file + ": " + e.getMessage()
                        + (current != null ? "; still serving version " + current.model().version() : ""));
            }
        }
        if (folder) {
            for (String name : List.copyOf(models.keySet())) {
                if (!seen.contains(name)) {
                    models.remove(name);
                    log.accept("model " + name + " is no longer served: its file is gone");
                }
            }
        }
        return models.size();
    }

    private List<Path> candidates() {
        if (!folder) {
            return Files.isRegularFile(source) ? List.of(source) : List.of();
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(source, "*.zip")) {
            for (Path p : dir) {
                if (nameOf(p) != null && Files.isRegularFile(p) && files.size() < MAX_MODELS) {
                    files.add(p);
                }
            }
        } catch (IOException e) {
            log.accept("cannot list " + source + ": " + e.getMessage() + "; keeping the models already loaded");
            return List.copyOf(models.values().stream().map(en -> en.model().file()).toList());
        }
        files.sort(Comparator.naturalOrder());
        return files;
    }

    private ServedModel load(String name, Path file) {
        Classifier classifier = Classifier.load(file);
        String version = classifier.manifest().parametersSha256();
        log.accept("loaded model " + name + " from " + file + " (version " + version + ")");
        return new ServedModel(name, version, file, Instant.now(), classifier);
    }

    private static Stamp stamp(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(a.lastModifiedTime().toMillis(), a.size(), a.fileKey());
        } catch (IOException e) {
            return null;
        }
    }

    /** The model name of a file ({@code mnist-softmax.zip} -> {@code mnist-softmax}), or null when not servable. */
    static String nameOf(Path file) {
        String f = file.getFileName() == null ? "" : file.getFileName().toString();
        if (!f.endsWith(".zip")) {
            return null;
        }
        String name = f.substring(0, f.length() - 4);
        return NAME.matcher(name).matches() ? name : null;
    }

    /** The model of that name, if served. */
    public Optional<ServedModel> get(String name) {
        Entry e = models.get(name);
        return e == null ? Optional.empty() : Optional.of(e.model());
    }

    /** Every served model, by name. */
    public List<ServedModel> all() {
        return models.values().stream().map(Entry::model).sorted(Comparator.comparing(ServedModel::name)).toList();
    }

    public int size() {
        return models.size();
    }

    /** Replacements refused since start (bad or half-written files). */
    public long reloadFailures() {
        return reloadFailures.get();
    }

    /** Successful replacements since start. */
    public long reloads() {
        return reloads.get();
    }

    public Path source() {
        return source;
    }
}
