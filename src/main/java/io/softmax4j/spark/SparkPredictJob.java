package io.softmax4j.spark;

import io.softmax4j.data.DataException;
import io.softmax4j.data.IdxReader;
import io.softmax4j.imaging.SafeImageReader;
import io.softmax4j.pipeline.PredictPipeline;
import io.softmax4j.serving.Classifier;
import io.softmax4j.serving.InvalidInputException;
import io.softmax4j.serving.Prediction;
import io.softmax4j.engine.Engine;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * {@code predict --spark}: scores a folder of images, an IDX images file or a CSV/Parquet table
 * of pixels on Spark. The model is checked by the safe loader on the driver, shipped with
 * a broadcast and loaded once per partition; images are prepared and classified
 * by the same code as the local {@code predict} ({@link PredictPipeline}, {@link Classifier}).
 * Inputs that cannot be classified go to the error output with their reason; the job goes on.
 */
public final class SparkPredictJob {
    /** Inputs classified per forward pass. */
    private static final int BATCH = 512;
    /** Files listed from an image folder, at most. */
    private static final int MAX_FILES = 50_000_000;
    private static final StructType PREDICTIONS = new StructType()
            .add("id", DataTypes.StringType, false)
            .add("label", DataTypes.IntegerType, true)
            .add("name", DataTypes.StringType, true)
            .add("probability", DataTypes.DoubleType, true)
            .add("top", DataTypes.StringType, true)
            .add("actual", DataTypes.StringType, true)
            .add("error", DataTypes.StringType, true);

    private SparkPredictJob() {
    }

    /**
     * What to score and where to write it.
     *
     * @param master the Spark master ({@code local[2]}, {@code spark://host:7077}, ...)
     * @param model  the model zip
     * @param input  an image folder, an IDX images file, a CSV file or a Parquet file/folder
     * @param output a new folder: {@code predictions/} and {@code errors/} are written inside
     * @param format {@code csv} or {@code parquet}
     * @param top    labels listed in the {@code top} column
     */
    public record Request(String master, Path model, Path input, Path output, String format, int top) {
        public Request {
            if (!format.equals("csv") && !format.equals("parquet")) {
                throw new DataException("--format must be csv or parquet, got " + format);
            }
        }
    }

    /**
     * What the job wrote.
     *
     * @param inputs      inputs scored or refused
     * @param predictions rows in {@code output/predictions}
     * @param errors      rows in {@code output/errors}
     * @param seconds     wall time of the job
     */
    public record Summary(long inputs, long predictions, long errors, double seconds) {
    }

    /** Runs the job, printing a line per finished stage to {@code out}. */
    public static Summary run(Request request, PrintWriter out) {
        long start = System.nanoTime();
        Classifier checked = Classifier.load(request.model()); // the safe loader, on the driver, before anything runs
        InputKind kind = InputKind.of(request.input());
        refuseExistingOutput(request.output());
        try (SparkSessions.Session session = SparkSessions.start(request.master(), "softmax4j predict", out)) {
            SparkSession spark = session.spark();
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            // the checked bytes travel as a broadcast: the executors load exactly what the driver verified
            byte[] bytes = ExecutorData.readModel(request.model());
            Shipped model = new Shipped(sc.broadcast(bytes), ExecutorData.sha256(bytes), request.top());
            JavaRDD<Row> scored = score(spark, sc, kind, request.input(), model, checked.manifest().input().length());
            Dataset<Row> all = spark.createDataFrame(scored, PREDICTIONS).cache();
            Dataset<Row> good = all.filter("error IS NULL").drop("error");
            Dataset<Row> bad = all.filter("error IS NOT NULL").select("id", "error");
            sc.setCallSite("score and write predictions");
            write(good, request.output().resolve("predictions"), request.format());
            sc.setCallSite("write errors");
            write(bad, request.output().resolve("errors"), request.format());
            sc.setCallSite("count");
            long errors = bad.count();
            long total = all.count();
            sc.clearCallSite();
            all.unpersist();
            return new Summary(total, total - errors, errors, (System.nanoTime() - start) / 1e9);
        } catch (Exception e) { // Spark throws its checked SparkException without declaring it
            throw SparkSessions.translate(e);
        }
    }

    private static void write(Dataset<Row> rows, Path dir, String format) {
        rows.write().mode(SaveMode.ErrorIfExists).option("header", "true").format(format)
                .save(dir.toAbsolutePath().toString());
    }

    private static void refuseExistingOutput(Path output) {
        try {
            if (Files.exists(output) && (!Files.isDirectory(output) || Files.list(output).findAny().isPresent())) {
                throw new DataException("--output " + output + " already exists; give a new folder (the job writes "
                        + "predictions/ and errors/ into it)");
            }
        } catch (IOException e) {
            throw new DataException("--output " + output + ": cannot be read: " + e.getMessage(), e);
        }
    }

    private static JavaRDD<Row> score(SparkSession spark, JavaSparkContext sc, InputKind kind, Path input,
                                      Shipped model, int length) {
        int slices = sc.defaultParallelism();
        switch (kind) {
            case IMAGES -> {
                List<String> files = imageFiles(input);
                return sc.parallelize(files, Math.max(1, Math.min(files.size(), slices * 4)))
                        .mapPartitions(model::scoreFiles);
            }
            case IDX -> {
                String path = input.toAbsolutePath().toString();
                int count = ExecutorData.idxCount(input, true);
                List<int[]> ranges = ranges(count, slices * 4);
                return sc.parallelize(ranges, ranges.size())
                        .mapPartitions(r -> model.scoreRows(idxRows(path, r)));
            }
            default -> {
                Dataset<Row> table = kind == InputKind.CSV
                        ? spark.read().option("header", "true").csv(input.toAbsolutePath().toString())
                        : spark.read().parquet(input.toAbsolutePath().toString());
                TableLayout layout = TableLayout.of(table.columns(), length, input);
                return table.javaRDD().zipWithIndex().mapPartitions(rows -> model.scoreRows(layout.rows(rows)));
            }
        }
    }

    /** The image files directly inside {@code dir}, sorted (subfolders are not searched). */
    private static List<String> imageFiles(Path dir) {
        try (Stream<Path> listing = Files.list(dir)) {
            List<String> files = listing.filter(Files::isRegularFile)
                    .filter(p -> isImageName(p.getFileName().toString()))
                    .limit(MAX_FILES).map(Path::toString).sorted().collect(Collectors.toList());
            if (files.isEmpty()) {
                throw new DataException("--input " + dir + ": no image files (" + SafeImageReader.FORMATS
                        + ") in this folder; give a folder of images, an IDX file or a CSV/Parquet table");
            }
            return files;
        } catch (IOException e) {
            throw new DataException("--input " + dir + ": cannot list the folder: " + e.getMessage(), e);
        }
    }

    private static boolean isImageName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".bmp") || n.endsWith(".gif");
    }

    /** {@code [from, to)} ranges covering {@code 0..count-1} in about {@code parts} pieces. */
    static List<int[]> ranges(int count, int parts) {
        int n = Math.max(1, Math.min(count, parts));
        return IntStream.range(0, n).mapToObj(i -> new int[]{(int) ((long) count * i / n), (int) ((long) count * (i + 1) / n)})
                .collect(Collectors.toList());
    }

    private static Iterator<PixelRow> idxRows(String path, Iterator<int[]> ranges) {
        IdxReader.Images images = ExecutorData.idxImages(path);
        int size = images.rows() * images.cols();
        List<PixelRow> rows = new ArrayList<>();
        while (ranges.hasNext()) {
            int[] r = ranges.next();
            for (int i = r[0]; i < r[1]; i++) {
                float[] pixels = new float[size];
                for (int k = 0; k < size; k++) {
                    pixels[k] = (images.pixels()[i * size + k] & 0xFF) * io.softmax4j.data.LabeledImages.PIXEL_SCALE;
                }
                rows.add(PixelRow.ok(Path.of(path).getFileName() + "#" + i, pixels, null));
            }
        }
        return rows.iterator();
    }

    /** The kinds of input {@code --input} accepts, told apart by name and content. */
    enum InputKind {
        IMAGES, IDX, CSV, PARQUET;

        static InputKind of(Path input) {
            String name = input.getFileName() == null ? "" : input.getFileName().toString().toLowerCase(Locale.ROOT);
            if (Files.isDirectory(input)) {
                return name.endsWith(".parquet") || hasParquet(input) ? PARQUET : IMAGES;
            }
            if (!Files.isRegularFile(input)) {
                throw new DataException("--input " + input + ": no such file or folder; give a folder of images, an IDX "
                        + "images file or a CSV/Parquet table of pixels");
            }
            if (name.endsWith(".csv") || name.endsWith(".csv.gz")) {
                return CSV;
            }
            return name.endsWith(".parquet") ? PARQUET : IDX;
        }

        private static boolean hasParquet(Path dir) {
            try (Stream<Path> listing = Files.list(dir)) {
                return listing.anyMatch(p -> p.getFileName().toString().endsWith(".parquet"));
            } catch (IOException e) {
                return false;
            }
        }
    }

    /** What each task needs to find and use the model: plain, serializable. */
    record Shipped(Broadcast<byte[]> model, String sha256, int top) implements Serializable {
        private Classifier load() {
            TaskContext task = TaskContext.get();
            Engine.get().setThreads(task == null ? 1 : task.cpus()); // one ND4J thread per task core
            return Classifier.load(ExecutorData.modelFile(sha256, model));
        }

        Iterator<Row> scoreFiles(Iterator<String> files) {
            if (!files.hasNext()) {
                return java.util.Collections.emptyIterator();
            }
            Classifier classifier = load();
            List<Row> out = new ArrayList<>();
            List<Path> chunk = new ArrayList<>();
            while (files.hasNext()) {
                chunk.add(Path.of(files.next()));
                if (chunk.size() == BATCH || !files.hasNext()) {
                    for (PredictPipeline.Outcome o : PredictPipeline.files(classifier, chunk)) {
                        out.add(o.ok() ? row(o.input(), o.prediction(), null) : error(o.input(), o.error()));
                    }
                    chunk.clear();
                }
            }
            return out.iterator();
        }

        Iterator<Row> scoreRows(Iterator<PixelRow> rows) {
            if (!rows.hasNext()) {
                return java.util.Collections.emptyIterator();
            }
            Classifier classifier = load();
            List<Row> out = new ArrayList<>();
            List<PixelRow> batch = new ArrayList<>();
            while (rows.hasNext()) {
                PixelRow r = rows.next();
                if (r.error() != null) {
                    out.add(error(r.id(), r.error()));
                } else {
                    batch.add(r);
                }
                if (batch.size() == BATCH || (!rows.hasNext() && !batch.isEmpty())) {
                    scoreBatch(classifier, batch, out);
                    batch.clear();
                }
            }
            return out.iterator();
        }

        private void scoreBatch(Classifier classifier, List<PixelRow> batch, List<Row> out) {
            try {
                List<Prediction> ps = classifier.predictAll(batch.stream().map(PixelRow::pixels).toArray(float[][]::new));
                for (int i = 0; i < batch.size(); i++) {
                    out.add(row(batch.get(i).id(), ps.get(i), batch.get(i).actual()));
                }
            } catch (InvalidInputException e) { // one bad row: score them one by one so only it fails
                for (PixelRow r : batch) {
                    try {
                        out.add(row(r.id(), classifier.predict(r.pixels()), r.actual()));
                    } catch (InvalidInputException one) {
                        out.add(error(r.id(), one.getMessage()));
                    }
                }
            }
        }

        private Row row(String id, Prediction p, String actual) {
            String ranking = p.top(top).stream()
                    .map(s -> String.format(Locale.ROOT, "%s:%.4f", s.label(), s.probability()))
                    .collect(Collectors.joining(" "));
            return RowFactory.create(id, p.index(), p.label(), p.probability(), ranking, actual, null);
        }

        private static Row error(String id, String reason) {
            return RowFactory.create(id, null, null, null, null, null, reason);
        }
    }

    /** One input row: its pixels in 0..1, or why it has none. */
    record PixelRow(String id, float[] pixels, String actual, String error) implements Serializable {
        static PixelRow ok(String id, float[] pixels, String actual) {
            return new PixelRow(id, pixels, actual, null);
        }

        static PixelRow failed(String id, String error) {
            return new PixelRow(id, null, null, error);
        }
    }

    /**
     * Where a table keeps what: an optional {@code id} column, an optional {@code label} column
     * (the true label, copied to {@code actual}), every other column a pixel 0..255 in row-major order.
     */
    record TableLayout(int idColumn, int labelColumn, int[] pixelColumns) implements Serializable {
        static TableLayout of(String[] columns, int length, Path input) {
            int id = -1;
            int label = -1;
            List<Integer> pixels = new ArrayList<>();
            for (int i = 0; i < columns.length; i++) {
                String c = columns[i].trim().toLowerCase(Locale.ROOT);
                if (c.equals("id")) {
                    id = i;
                } else if (c.equals("label")) {
                    label = i;
                } else {
                    pixels.add(i);
                }
            }
            if (pixels.size() != length) {
                throw new DataException("--input " + input + ": has " + pixels.size() + " pixel columns, the model takes "
                        + length + "; give a table with a header row: optional id and label columns, then " + length
                        + " pixel columns 0..255");
            }
            return new TableLayout(id, label, pixels.stream().mapToInt(Integer::intValue).toArray());
        }

        Iterator<PixelRow> rows(Iterator<Tuple2<Row, Long>> rows) {
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return rows.hasNext();
                }

                @Override
                public PixelRow next() {
                    Tuple2<Row, Long> t = rows.next();
                    return parse(t._1(), t._2());
                }
            };
        }

        PixelRow parse(Row row, long index) {
            String id = idColumn >= 0 && !row.isNullAt(idColumn) ? String.valueOf(row.get(idColumn)) : "row " + index;
            String actual = labelColumn >= 0 && !row.isNullAt(labelColumn) ? String.valueOf(row.get(labelColumn)) : null;
            float[] pixels = new float[pixelColumns.length];
            for (int k = 0; k < pixelColumns.length; k++) {
                Object v = row.get(pixelColumns[k]);
                double d;
                try {
                    d = v == null ? Double.NaN : v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString().trim());
                } catch (NumberFormatException e) {
                    d = Double.NaN;
                }
                if (!(d >= 0 && d <= 255)) {
                    return PixelRow.failed(id, "pixel " + k + " (column " + (pixelColumns[k] + 1) + ") is "
                            + (v == null ? "empty" : "'" + v + "'") + ", not a number 0..255");
                }
                pixels[k] = (float) (d / 255.0);
            }
            return PixelRow.ok(id, pixels, actual);
        }
    }
}
