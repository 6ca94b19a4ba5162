package io.softmax4j.artifact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.softmax4j.engine.Engine;
import io.softmax4j.engine.SoftmaxModel;
import io.softmax4j.io.JsonMessages;
import io.softmax4j.io.Printable;
import io.softmax4j.metrics.EpochMetrics;
import io.softmax4j.metrics.TrainingState;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

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
    /** 2: the state records the network's shape and a SHA-256 of every other entry. */
    private static final int FORMAT = 2;
    /** The only entries a checkpoint may hold. */
    static final Set<String> ALLOWED_ENTRIES = Set.of(SafeModelLoader.CONFIGURATION_JSON,
            SafeModelLoader.COEFFICIENTS_BIN, SafeModelLoader.UPDATER_BIN, ModelArtifactWriter.CONFIG_ENTRY,
            STATE_ENTRY, BEST_PARAMS_ENTRY);
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
        return new CheckpointStore(runDir.resolve(io.softmax4j.run.RunLayout.CHECKPOINTS));
    }

    public Path dir() {
        return dir;
    }

    /** A loaded checkpoint. */
    public record Checkpoint(Path file, SoftmaxModel network, TrainingState state, String configYaml,
                             Map<String, Long> dataChecksums) {
    }

    /**
     * What {@link #STATE_ENTRY} holds.
     *
     * @param inputs        the network's inputs
     * @param outputs       the network's outputs
     * @param entriesSha256 entry name to hex SHA-256 of its bytes, for every other entry of the zip
     */
    record StateJson(int format, int epoch, List<EpochMetrics> history, int bestEpoch, double bestAccuracy,
                     Map<String, Long> dataChecksums, long inputs, long outputs, Map<String, String> entriesSha256) {
    }

    /** Saves a checkpoint atomically, then deletes all but the newest {@code keep}. */
    public Path save(SoftmaxModel model, TrainingState state, String configYaml, Map<String, Long> dataChecksums,
                     int keep) throws IOException {
        Map<String, byte[]> extra = new LinkedHashMap<>();
        extra.put(ModelArtifactWriter.CONFIG_ENTRY, configYaml.getBytes(StandardCharsets.UTF_8));
        float[] best = state.bestParams();
        if (best != null) {
            extra.put(BEST_PARAMS_ENTRY, Engine.get().writeVector(best));
        }
        Map<String, byte[]> entries = ModelArtifactWriter.entries(model, extra);
        Map<String, String> digests = new TreeMap<>();
        entries.forEach((name, bytes) -> digests.put(name, sha256(bytes)));
        StateJson json = new StateJson(FORMAT, state.epoch(), state.history(), state.bestEpoch(), state.bestAccuracy(),
                new LinkedHashMap<>(dataChecksums), model.inputs(), model.classes(), digests);
        entries.put(STATE_ENTRY, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
        Path file = dir.resolve(String.format("epoch-%06d.zip", state.epoch()));
        AtomicFiles.write(file, temp -> ModelArtifactWriter.writeZip(entries, temp));
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
            } catch (RuntimeException e) {
                warnings.accept(e instanceof ModelFileException ? "skipping unreadable checkpoint " + e.getMessage()
                        : "skipping unreadable checkpoint " + Printable.escape(files.get(i) + ": " + e.getMessage()));
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

    /**
     * Loads one checkpoint: network with updater state, run state, config. The file is checked as
     * models are ({@link SafeModelLoader}: a bounded read of a regular file, only known entries,
     * capped inflation, the configuration's shape, finite float32 arrays of the right sizes, and
     * every entry's SHA-256) before DL4J sees it; nothing in it is Java-deserialized.
     *
     * @throws ModelFileException naming the file and what is wrong
     */
    public static Checkpoint read(Path file) {
        Map<String, byte[]> entries = SafeModelLoader.unzip(SafeModelLoader.readFile(file), file, ALLOWED_ENTRIES);
        StateJson json = state(entries, file);
        SafeModelLoader.checkConfiguration(entries.get(SafeModelLoader.CONFIGURATION_JSON), json.inputs(),
                json.outputs(), "its " + STATE_ENTRY + " says", file);
        long params = (json.inputs() + 1) * json.outputs();
        CoefficientsReader.read(entries.get(SafeModelLoader.COEFFICIENTS_BIN), new long[]{params}, file,
                SafeModelLoader.COEFFICIENTS_BIN);
        if (entries.containsKey(SafeModelLoader.UPDATER_BIN)) {
            // Nesterovs and AdaGrad keep one value per parameter, Adam two
            CoefficientsReader.read(entries.get(SafeModelLoader.UPDATER_BIN), new long[]{params, 2 * params}, file,
                    SafeModelLoader.UPDATER_BIN);
        }
        float[] bestValues = entries.containsKey(BEST_PARAMS_ENTRY)
                ? CoefficientsReader.read(entries.get(BEST_PARAMS_ENTRY), new long[]{params}, file, BEST_PARAMS_ENTRY) : null;
        SoftmaxModel net = SafeModelLoader.restore(entries, file, true);
        float[] best = bestValues;
        String config = new String(entries.get(ModelArtifactWriter.CONFIG_ENTRY), StandardCharsets.UTF_8);
        TrainingState state = new TrainingState(json.epoch(), json.history(), json.bestEpoch(),
                json.bestAccuracy(), best);
        Map<String, Long> checksums = json.dataChecksums() == null ? Map.of() : json.dataChecksums();
        return new Checkpoint(file, net, state, config, checksums);
    }

    /** The state entry, its format, the shape it declares and the digests of the other entries. */
    private static StateJson state(Map<String, byte[]> entries, Path file) {
        for (String required : List.of(STATE_ENTRY, ModelArtifactWriter.CONFIG_ENTRY, SafeModelLoader.CONFIGURATION_JSON,
                SafeModelLoader.COEFFICIENTS_BIN)) {
            if (!entries.containsKey(required)) {
                throw invalid(file, "missing entry " + required + "; not a softmax4j checkpoint");
            }
        }
        StateJson json;
        try {
            json = JSON.readValue(entries.get(STATE_ENTRY), StateJson.class);
        } catch (JsonProcessingException e) {
            throw invalid(file, "entry " + STATE_ENTRY + " cannot be read: " + JsonMessages.describe(e));
        } catch (IOException e) {
            throw invalid(file, "entry " + STATE_ENTRY + " cannot be read: " + e.getMessage());
        }
        if (json == null || json.format() != FORMAT) {
            throw invalid(file, "checkpoint format " + (json == null ? "none" : json.format())
                    + " is not supported (expected " + FORMAT + ")");
        }
        if (json.inputs() < 1 || json.outputs() < 2 || json.inputs() > Integer.MAX_VALUE / 2
                || json.outputs() > Integer.MAX_VALUE / 2
                || (json.inputs() + 1) * json.outputs() * Float.BYTES > SafeModelLoader.MAX_ENTRY_BYTES) {
            throw invalid(file, "entry " + STATE_ENTRY + " declares a " + json.inputs() + " -> " + json.outputs()
                    + " network, not a plausible softmax model");
        }
        Map<String, String> digests = json.entriesSha256() == null ? Map.of() : json.entriesSha256();
        Set<String> others = new TreeSet<>(entries.keySet());
        others.remove(STATE_ENTRY);
        if (!others.equals(digests.keySet())) {
            throw new ModelFileException(file, ModelFileException.Reason.CHECKSUM_MISMATCH, "holds entries "
                    + others + " but its " + STATE_ENTRY + " lists " + Printable.escape(digests.keySet().toString())
                    + "; the file was altered or corrupted after it was saved");
        }
        for (String name : others) {
            if (!sha256(entries.get(name)).equals(digests.get(name))) {
                throw new ModelFileException(file, ModelFileException.Reason.CHECKSUM_MISMATCH, "entry " + name
                        + " does not match its SHA-256 in " + STATE_ENTRY + "; the file was altered or corrupted");
            }
        }
        return json;
    }

    private static ModelFileException invalid(Path file, String what) {
        return new ModelFileException(file, ModelFileException.Reason.INVALID_MANIFEST, what);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    private void prune(int keep) throws IOException {
        List<Path> files = files();
        for (int i = 0; i < files.size() - keep; i++) {
            Files.deleteIfExists(files.get(i));
        }
    }

    private static int epochOf(Path file) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }
}
