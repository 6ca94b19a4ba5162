package io.softmax4j.report;

import io.softmax4j.artifact.AtomicFiles;
import io.softmax4j.run.RunLayout;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Writes the pictures of a run and the HTML report into a folder. The entry point for both
 * {@code train} (pictures beside the model) and {@code evaluate --report DIR}. Reads result
 * records only; every file is written atomically, so an interrupted run leaves either the old
 * file or the new one.
 */
public final class ReportWriter {
    public static final String PREDICTIONS = RunLayout.PREDICTIONS;
    public static final String MISTAKES = RunLayout.MISTAKES;
    public static final String CURVES = RunLayout.CURVES;
    public static final String CONFUSION = RunLayout.CONFUSION;
    public static final String HTML = RunLayout.REPORT;

    private ReportWriter() {
    }

    /** {@code models/x.zip} -> {@code models/x/}: where a model's pictures go ({@link RunLayout#reportDir()}). */
    public static Path reportDir(Path modelPath) {
        String name = modelPath.getFileName().toString();
        return name.endsWith(".zip") && name.length() > ".zip".length() ? new RunLayout(modelPath).reportDir()
                : modelPath.resolveSibling(name + "-report");
    }

    /**
     * Writes {@value #PREDICTIONS}, {@value #MISTAKES}, {@value #CURVES} (only when the report has
     * a training history), {@value #CONFUSION} and {@value #HTML} into {@code dir}, creating it.
     *
     * @return the files written, the HTML report last
     */
    public static List<Path> write(RunReport report, Path dir) {
        headless();
        List<HtmlReportBuilder.Picture> pictures = new ArrayList<>();
        pictures.add(picture(PREDICTIONS, "First test images with true and predicted labels; wrong ones in red",
                () -> ImageGridRenderer.predictions(report.predictions())));
        if (!report.history().isEmpty()) {
            pictures.add(picture(CURVES, "Per epoch: training loss (top); train, validation and test accuracy (bottom)",
                    () -> CurvesRenderer.render(report.history())));
        }
        pictures.add(picture(CONFUSION, "Confusion matrix: rows true class, columns predicted, shade = share of the row",
                () -> ConfusionMatrixRenderer.render(report.evaluation())));
        pictures.add(picture(MISTAKES, "Misclassified test images, most confident first",
                () -> ImageGridRenderer.mistakes(report.predictions())));
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (HtmlReportBuilder.Picture p : pictures) {
                written.add(save(dir.resolve(p.fileName()), p.png()));
            }
            byte[] html = HtmlReportBuilder.build(report, pictures).getBytes(StandardCharsets.UTF_8);
            written.add(save(dir.resolve(HTML), html));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report pictures to " + dir + ": " + e.getMessage(), e);
        }
        return written;
    }

    private static HtmlReportBuilder.Picture picture(String file, String caption, Supplier<BufferedImage> render) {
        return new HtmlReportBuilder.Picture(file, caption, Pngs.encode(render.get()));
    }

    private static Path save(Path target, byte[] content) throws IOException {
        AtomicFiles.write(target, content);
        return target;
    }

    /** Pictures are drawn off-screen; never try to open a display (CI, servers, ssh). */
    private static void headless() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }
}
