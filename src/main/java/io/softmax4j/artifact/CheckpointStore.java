package io.softmax4j.artifact;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.softmax4j.metrics.EpochMetrics;
import io.softmax4j.metrics.TrainingState;
import io.softmax4j.engine.Engine;
import io.softmax4j.engine.SoftmaxModel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The checkpoints of one run, in its folder ({@code <run>/checkpoints/epoch-000006.zip}). Each
 * checkpoint is a standard DL4J model zip with updater state (so it also loads as a model),
 * plus softmax4j entries: the run state (epoch, history, best epoch, data checksums), the
 * effective config, and with early stopping the best epoch's parameters. Each file is written
 * atomically, so a killed run leaves only complete checkpoints.
 */
public final class CheckpointStore {
    /** The run state, as JSON. */
    public static final String STATE_ENTRY = ModelArtifactWriter.ENTRY_PREFIX + "checkpoint.json";
    /** The best epoch's parameters (ND4J binary), present only with early stopping. */
    public static final String BEST_PARAMS_ENTRY = ModelArtifactWriter.ENTRY_PREFIX + "best-params.bin";
    private static final int FORMAT = 1;
    private static final Pattern NAME = Pattern.compile("epoch-(\\d+)\\.zip");
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path dir;

    /** @param dir the checkpoint folder (created on first save) */
    public CheckpointStore(Path dir) {
        this.dir = dir;
    }

    /** The checkpoint folder of a run folder. */
    public static CheckpointStore inRunFolder(Path runDir) {
        return new CheckpointStore(runDir.resolve("checkpoints"));
    }

    public Path dir() {
        return dir;
    }

    /** A loaded checkpoint. */
    public record Checkpoint(Path file, SoftmaxModel network, TrainingState state, String configYaml,
                             Map<String, Long> dataChecksums) {
    }

    /** What {@link #STATE_ENTRY} holds. */
    record StateJson(int format, int epoch, List<EpochMetrics> history, int bestEpoch, double bestAccuracy,
                     Map<String, Long> dataChecksums) {
    }

    /** Saves a checkpoint atomically, then deletes all but the newest {@code keep}. */
    public Path save(SoftmaxModel model, TrainingState state, String configYaml, Map<String, Long> dataChecksums,
                     int keep) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        StateJson json = new StateJson(FORMAT, state.epoch(), state.history(), state.bestEpoch(), state.bestAccuracy(),
                new LinkedHashMap<>(dataChecksums));
        entries.put(STATE_ENTRY, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
        entries.put(ModelArtifactWriter.CONFIG_ENTRY, configYaml.getBytes(StandardCharsets.UTF_8));
        float[] best = state.bestParams();
        if (best != null) {
            entries.put(BEST_PARAMS_ENTRY, Engine.get().writeVector(best));
        }
        Path file = dir.resolve(String.format("epoch-%06d.zip", state.epoch()));
        ModelArtifactWriter.save(model, file, entries);
        prune(keep);
        return file;
    }

    /** Checkpoint files, oldest epoch first. */
    public List<Path> files() throws IOException {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (DirectoryStream<Path> all = Files.newDirectoryStream(dir, "epoch-*.zip")) {
            for (Path p : all) {
                if (epochOf(p) >= 0) {
                    files.add(p);
                }
            }
        }
        files.sort(Comparator.comparingInt(CheckpointStore::epochOf));
        return files;
    }

    /** The newest checkpoint that loads; unreadable ones are reported to {@code warnings} and skipped. */
    public Optional<Checkpoint> latest(Consumer<String> warnings) throws IOException {
        List<Path> files = files();
        for (int i = files.size() - 1; i >= 0; i--) {
            try {
                return Optional.of(read(files.get(i)));
            } catch (IOException | RuntimeException e) {
                warnings.accept("skipping unreadable checkpoint " + files.get(i) + ": " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** Deletes every checkpoint (of an earlier run); returns how many. */
    public int clear() throws IOException {
        List<Path> files = files();
        for (Path p : files) {
            Files.deleteIfExists(p);
        }
        return files.size();
    }

    /** Loads one checkpoint: model with updater state, run state, config. */
    public static Checkpoint read(Path file) throws IOException {
        SoftmaxModel net = Engine.get().read(file, true);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            StateJson json = JSON.readValue(entry(zip, STATE_ENTRY), StateJson.class);
            if (json.format() != FORMAT) {
                throw new IOException("checkpoint format " + json.format() + " is not supported (expected " + FORMAT + ")");
            }
            String config = new String(entry(zip, ModelArtifactWriter.CONFIG_ENTRY), StandardCharsets.UTF_8);
            float[] best = zip.getEntry(BEST_PARAMS_ENTRY) == null ? null
                    : Engine.get().readVector(entry(zip, BEST_PARAMS_ENTRY));
            TrainingState state = new TrainingState(json.epoch(), json.history(), json.bestEpoch(),
                    json.bestAccuracy(), best);
            Map<String, Long> checksums = json.dataChecksums() == null ? Map.of() : json.dataChecksums();
            return new Checkpoint(file, net, state, config, checksums);
        }
    }

    private void prune(int keep) throws IOException {
        List<Path> files = files();
        for (int i = 0; i < files.size() - keep; i++) {
            Files.deleteIfExists(files.get(i));
        }
    }

    private static byte[] entry(ZipFile zip, String name) throws IOException {
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            throw new IOException("not a softmax4j checkpoint: no " + name);
        }
        try (InputStream in = zip.getInputStream(e)) {
            return in.readAllBytes();
        }
    }

    private static int epochOf(Path file) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }
}
