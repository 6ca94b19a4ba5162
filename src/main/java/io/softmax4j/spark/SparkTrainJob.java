package io.softmax4j.spark;

import io.softmax4j.artifact.AtomicFiles;
import io.softmax4j.artifact.ModelManifest;
import io.softmax4j.artifact.Versions;
import io.softmax4j.config.ConfigLoader;
import io.softmax4j.config.DataConfig;
import io.softmax4j.config.RunConfig;
import io.softmax4j.data.DataException;
import io.softmax4j.data.IdxReader;
import io.softmax4j.data.LabeledImages;
import io.softmax4j.data.MnistProvisioner;
import io.softmax4j.data.MnistSource;
import io.softmax4j.artifact.LinearModelWriter;
import io.softmax4j.pipeline.ManifestFactory;
import io.softmax4j.pipeline.TrainPipeline;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

import static org.apache.spark.sql.functions.col;

/**
 * {@code train --spark}: softmax regression on Spark MLlib's multinomial
 * {@code LogisticRegression} (L-BFGS on all the data each iteration), on data the executors read
 * from shared storage (IDX files, CSV or Parquet tables). Its coefficient matrix and intercepts
 * become the DL4J layer's W and b ({@link LinearModelWriter}), written as the same model zip and
 * manifest as {@code train}, with the engine and its settings recorded.
 */
public final class SparkTrainJob {
    static final StructType LABELED = new StructType()
            .add("label", DataTypes.DoubleType, false)
            .add("features", SQLDataTypes.VectorType(), false);

    private SparkTrainJob() {
    }

    /**
     * What to train.
     *
     * @param master  the Spark master
     * @param config  the run config: its data section says what to read, {@code training.l2} is
     *                MLlib's {@code regParam}, {@code output.model} where to write
     * @param maxIter L-BFGS iterations at most
     * @param tol     convergence tolerance of L-BFGS
     */
    public record Request(String master, RunConfig config, int maxIter, double tol) {
        public Request {
            if (maxIter < 1 || maxIter > 100_000) {
                throw new DataException("--max-iter must be in [1, 100000], got " + maxIter);
            }
            if (!(tol >= 0 && tol < 1)) {
                throw new DataException("--tol must be in [0, 1), got " + tol);
            }
        }
    }

    /**
     * What the job made.
     *
     * @param model         the model zip written
     * @param manifest      its manifest
     * @param iterations    L-BFGS iterations run
     * @param trainAccuracy MLlib's accuracy on the training set
     * @param testAccuracy  MLlib's accuracy on the test set (also in the manifest)
     * @param seconds       wall time, reading the data included
     */
    public record Result(Path model, ModelManifest manifest, int iterations, double trainAccuracy,
                         double testAccuracy, double seconds) {
    }

    /** Runs the job, printing a line per finished stage to {@code out}. */
    public static Result run(Request request, PrintWriter out) {
        long start = System.nanoTime();
        RunConfig config = request.config();
        DataConfig data = config.data();
        if (data.validation() > 0) {
            throw new DataException("data.validation is " + data.validation() + "; train --spark uses no validation "
                    + "set: set data.validation=0");
        }
        try (SparkSessions.Session session = SparkSessions.start(request.master(), "softmax4j train", out)) {
            SparkSession spark = session.spark();
            Tables tables = Tables.read(spark, data);
            Dataset<Row> train = tables.train().cache();
            Dataset<Row> test = tables.test().cache();
            LogisticRegression lr = new LogisticRegression().setFamily("multinomial")
                    .setMaxIter(request.maxIter()).setTol(request.tol())
                    .setRegParam(config.training().l2()).setElasticNetParam(0.0)
                    .setStandardization(false).setFitIntercept(true);
            spark.sparkContext().setCallSite("read data, MLlib LogisticRegression (L-BFGS)");
            LogisticRegressionModel m = lr.fit(train);
            spark.sparkContext().setCallSite("evaluate on the test set");
            double testAccuracy = metric(m, test, "accuracy");
            double testLoss = metric(m, test, "logLoss");
            double trainAccuracy = m.summary().accuracy();
            long trainCount = train.count();
            long testCount = test.count();
            spark.sparkContext().clearCallSite();
            train.unpersist();
            test.unpersist();
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Object> engine = engine(spark, request, m, trainAccuracy, testAccuracy, seconds);
            ModelManifest manifest = manifest(config, tables, trainCount, testCount, testAccuracy, testLoss);
            Path target = config.output().modelPath();
            ModelManifest written = LinearModelWriter.write(coefficients(m.coefficientMatrix()),
                    m.interceptVector().toArray(), config, manifest, engine, target);
            AtomicFiles.write(TrainPipeline.sidecarConfig(target), ConfigLoader.toYaml(config).getBytes(StandardCharsets.UTF_8));
            return new Result(target, written, m.summary().totalIterations(), trainAccuracy, testAccuracy, seconds);
        } catch (IOException e) {
            throw new DataException("cannot write " + config.output().modelPath() + ": " + e.getMessage(), e);
        } catch (Exception e) { // Spark throws its checked SparkException without declaring it
            throw SparkSessions.translate(e);
        }
    }

    private static double metric(LogisticRegressionModel m, Dataset<Row> test, String name) {
        return new MulticlassClassificationEvaluator().setMetricName(name).evaluate(m.transform(test));
    }

    private static double[][] coefficients(Matrix matrix) {
        double[][] out = new double[matrix.numRows()][matrix.numCols()];
        for (int k = 0; k < matrix.numRows(); k++) {
            for (int i = 0; i < matrix.numCols(); i++) {
                out[k][i] = matrix.apply(k, i);
            }
        }
        return out;
    }

    private static Map<String, Object> engine(SparkSession spark, Request request, LogisticRegressionModel m,
                                              double trainAccuracy, double testAccuracy, double seconds) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("name", "spark-mllib");
        e.put("algorithm", "org.apache.spark.ml.classification.LogisticRegression (multinomial, L-BFGS)");
        e.put("sparkVersion", spark.version());
        e.put("master", spark.sparkContext().master());
        e.put("maxIter", request.maxIter());
        e.put("tol", request.tol());
        e.put("regParam", request.config().training().l2());
        e.put("elasticNetParam", 0.0);
        e.put("standardization", false);
        e.put("fitIntercept", true);
        e.put("iterations", m.summary().totalIterations());
        double[] history = m.summary().objectiveHistory();
        e.put("finalObjective", history.length == 0 ? null : history[history.length - 1]);
        e.put("trainAccuracy", trainAccuracy);
        e.put("testAccuracy", testAccuracy);
        e.put("seconds", Math.round(seconds * 100) / 100.0);
        return e;
    }

    private static ModelManifest manifest(RunConfig config, Tables tables, long trainCount, long testCount,
                                          double accuracy, double loss) {
        return new ModelManifest(ModelManifest.FORMAT_VERSION, Versions.softmax4j(), Versions.dl4j(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(),
                ModelManifest.InputContract.grayscale(tables.side(), tables.side()), tables.labels(),
                ManifestFactory.configTree(config),
                new ModelManifest.DatasetIdentity(config.data().dataset().name(), (int) trainCount, 0, (int) testCount,
                        tables.checksums()),
                config.training().seed(), List.of(), new ModelManifest.TestMetrics((int) testCount, accuracy, loss), null);
    }

    /**
     * The training and test sets as (label, features) tables, read on the executors.
     *
     * @param side      image side (inputs = side * side)
     * @param labels    class names in label order
     * @param checksums file checksums known without reading the files on the driver (MNIST's)
     */
    record Tables(Dataset<Row> train, Dataset<Row> test, int side, List<String> labels, Map<String, String> checksums) {
        static Tables read(SparkSession spark, DataConfig data) {
            return switch (data.dataset().name()) {
                case "mnist" -> mnist(spark, data);
                case "idx" -> idx(spark, data, data.train().imagesPath(), data.train().labelsPath(),
                        data.test().imagesPath(), data.test().labelsPath(), data.labels(), Map.of());
                case "csv" -> tables(spark, data);
                default -> throw new DataException("data.dataset " + data.dataset().name() + " is not read by train --spark; "
                        + "use mnist, idx (e.g. Fashion-MNIST's IDX files) or csv (a .parquet file or folder reads as Parquet)");
            };
        }

        private static Tables mnist(SparkSession spark, DataConfig data) {
            Path dir = new MnistProvisioner(data.dirPath(), s -> { }).provision();
            Map<String, Long> sums = new LinkedHashMap<>();
            MnistProvisioner.FILES.forEach(f -> sums.put(f.name(), f.adler32()));
            return idx(spark, data, dir.resolve(MnistProvisioner.TRAIN_IMAGES.name()),
                    dir.resolve(MnistProvisioner.TRAIN_LABELS.name()), dir.resolve(MnistProvisioner.TEST_IMAGES.name()),
                    dir.resolve(MnistProvisioner.TEST_LABELS.name()), MnistSource.LABELS, ManifestFactory.checksums(sums));
        }

        private static Tables idx(SparkSession spark, DataConfig data, Path trainImages, Path trainLabels,
                                  Path testImages, Path testLabels, List<String> names, Map<String, String> checksums) {
            int classes = names != null ? names.size() : maxLabel(ExecutorData.idxLabels(trainLabels.toString())) + 1;
            List<String> labels = names != null ? names
                    : IntStream.range(0, classes).mapToObj(Integer::toString).toList();
            int side = idxSide(trainImages);
            return new Tables(idxTable(spark, trainImages, trainLabels, data.limit(), classes),
                    idxTable(spark, testImages, testLabels, data.limit(), classes), side, labels, checksums);
        }

        private static int idxSide(Path images) {
            int count = ExecutorData.idxCount(images, true);
            try (java.io.DataInputStream in = new java.io.DataInputStream(images.toString().endsWith(".gz")
                    ? new java.util.zip.GZIPInputStream(Files.newInputStream(images)) : Files.newInputStream(images))) {
                in.skipNBytes(8);
                int rows = in.readInt();
                int cols = in.readInt();
                if (rows != cols || count <= 0) {
                    throw new DataException(images + ": images are " + cols + "x" + rows + "; train --spark takes square images");
                }
                return rows;
            } catch (IOException e) {
                throw new DataException(images + ": cannot read the IDX header: " + e.getMessage(), e);
            }
        }

        private static Dataset<Row> idxTable(SparkSession spark, Path images, Path labels, Integer limit, int classes) {
            int count = ExecutorData.idxCount(labels, false);
            int n = limit == null ? count : Math.min(count, limit);
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            List<int[]> ranges = SparkPredictJob.ranges(n, sc.defaultParallelism() * 2);
            IdxRows reader = new IdxRows(images.toAbsolutePath().toString(), labels.toAbsolutePath().toString(), classes);
            JavaRDD<Row> rows = sc.parallelize(ranges, ranges.size()).mapPartitions(reader::rows);
            return withClasses(spark.createDataFrame(rows, LABELED), classes);
        }

        private static Tables tables(SparkSession spark, DataConfig data) {
            DataConfig.Csv layout = data.csv();
            Dataset<Row> rawTrain = raw(spark, data.train().filePath(), layout);
            Dataset<Row> rawTest = raw(spark, data.test().filePath(), layout);
            if (data.limit() != null) {
                rawTrain = rawTrain.limit(data.limit());
                rawTest = rawTest.limit(data.limit());
            }
            boolean parquet = isParquet(data.train().filePath());
            int labelColumn = parquet ? List.of(rawTrain.columns()).indexOf("label") : layout.labelColumn();
            if (labelColumn < 0 || labelColumn >= rawTrain.columns().length) {
                throw new DataException(data.train().file() + ": no label column (" + (parquet ? "a Parquet table needs "
                        + "a column named label" : "data.csv.labelColumn is " + layout.labelColumn()) + ")");
            }
            int inputs = rawTrain.columns().length - 1;
            int side = (int) Math.round(Math.sqrt(inputs));
            if (side * side != inputs) {
                throw new DataException(data.train().file() + ": has " + inputs + " pixel columns, not a square image; "
                        + "train --spark takes square images (e.g. 784 = 28x28)");
            }
            double max = parquet ? 255.0 : layout.pixelMax();
            int limitClasses = data.labels() == null ? DataConfig.MAX_CLASSES : data.labels().size();
            TableRows trainRows = new TableRows(data.train().file(), labelColumn, max, limitClasses);
            TableRows testRows = new TableRows(data.test().file(), labelColumn, max, limitClasses);
            Dataset<Row> train = spark.createDataFrame(rawTrain.javaRDD().map(trainRows::parse), LABELED);
            Dataset<Row> test = spark.createDataFrame(rawTest.javaRDD().map(testRows::parse), LABELED);
            int classes = data.labels() != null ? data.labels().size()
                    : (int) train.agg(org.apache.spark.sql.functions.max("label")).first().getDouble(0) + 1;
            List<String> labels = data.labels() != null ? data.labels()
                    : IntStream.range(0, classes).mapToObj(Integer::toString).toList();
            return new Tables(withClasses(train, classes), withClasses(test, classes), side, labels, Map.of());
        }

        private static Dataset<Row> raw(SparkSession spark, Path file, DataConfig.Csv layout) {
            if (!Files.exists(file)) {
                throw new DataException(file + ": not found; check data.train.file and data.test.file");
            }
            String path = file.toAbsolutePath().toString();
            return isParquet(file) ? spark.read().parquet(path)
                    : spark.read().option("header", layout.header()).option("sep", layout.delimiter()).csv(path);
        }

        private static boolean isParquet(Path file) {
            return file.toString().toLowerCase(Locale.ROOT).endsWith(".parquet") || Files.isDirectory(file);
        }

        /** Tells MLlib how many classes there are (a class missing from the data still gets its row). */
        private static Dataset<Row> withClasses(Dataset<Row> table, int classes) {
            return table.withColumn("label", col("label").as("label",
                    NominalAttribute.defaultAttr().withName("label").withNumValues(classes).toMetadata()));
        }

        private static int maxLabel(byte[] labels) {
            int max = 0;
            for (byte b : labels) {
                max = Math.max(max, b & 0xFF);
            }
            return max;
        }
    }

    /** Reads (label, features) rows of an index range of IDX files on an executor. */
    record IdxRows(String images, String labels, int classes) implements Serializable {
        Iterator<Row> rows(Iterator<int[]> ranges) {
            IdxReader.Images im = ExecutorData.idxImages(images);
            byte[] lb = ExecutorData.idxLabels(labels);
            if (im.count() != lb.length) {
                throw new DataException(images + " has " + im.count() + " images but " + labels + " has " + lb.length
                        + " labels; give matching files");
            }
            int size = im.rows() * im.cols();
            List<Row> out = new ArrayList<>();
            while (ranges.hasNext()) {
                int[] r = ranges.next();
                for (int i = r[0]; i < r[1]; i++) {
                    int label = lb[i] & 0xFF;
                    if (label >= classes) {
                        throw new DataException(labels + ": label " + label + " at index " + i + " is outside the "
                                + classes + " classes (data.labels)");
                    }
                    double[] x = new double[size];
                    for (int k = 0; k < size; k++) {
                        x[k] = (im.pixels()[i * size + k] & 0xFF) * LabeledImages.PIXEL_SCALE;
                    }
                    out.add(RowFactory.create((double) label, Vectors.dense(x)));
                }
            }
            return out.iterator();
        }
    }

    /** Parses a CSV/Parquet row into (label, features) exactly as the local CSV reader scales pixels. */
    record TableRows(String file, int labelColumn, double pixelMax, int classes) implements Serializable {
        Row parse(Row row) {
            double[] x = new double[row.length() - 1];
            int label = -1;
            for (int c = 0, k = 0; c < row.length(); c++) {
                double v = number(row, c);
                if (c == labelColumn) {
                    if (v != Math.rint(v) || v < 0 || v >= classes) {
                        throw new DataException(file + ": label '" + row.get(c) + "' (column " + (c + 1)
                                + ") is not a class 0.." + (classes - 1) + "; fix the row or set data.labels");
                    }
                    label = (int) v;
                } else {
                    if (!(v >= 0 && v <= pixelMax)) {
                        throw new DataException(file + ": pixel " + k + " (column " + (c + 1) + ") is '" + row.get(c)
                                + "', outside [0, " + pixelMax + "] (set data.csv.pixelMax to the value meaning full intensity)");
                    }
                    // the local CSV reader keeps pixels as bytes: round to 0..255, then scale by 1/255
                    x[k++] = (int) Math.round(v * 255.0 / pixelMax) * LabeledImages.PIXEL_SCALE;
                }
            }
            return RowFactory.create((double) label, Vectors.dense(x));
        }

        private static double number(Row row, int c) {
            Object v = row.get(c);
            if (v instanceof Number n) {
                return n.doubleValue();
            }
            try {
                return v == null ? Double.NaN : Double.parseDouble(v.toString().trim());
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
    }
}
