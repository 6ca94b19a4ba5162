package io.softmax4j.serving.http;

import io.softmax4j.artifact.ModelArtifactWriter;
import io.softmax4j.config.ConfigLoader;
import io.softmax4j.config.RunConfig;
import io.softmax4j.data.Dataset;
import io.softmax4j.data.DatasetSources;
import io.softmax4j.data.LabeledImages;
import io.softmax4j.pipeline.PredictPipeline;
import io.softmax4j.serving.Classifier;
import io.softmax4j.testing.TestModels;
import io.softmax4j.training.SoftmaxTrainer;
import io.softmax4j.training.TrainingListener;
import io.softmax4j.training.TrainingResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The drawing page in a real browser (Debian's chromium + chromedriver through Selenium): strokes
 * drawn with pointer actions are read by a model trained for one epoch on real MNIST. Skipped, with
 * the reason, when chromium or chromedriver is not installed.
 */
class DrawingPageBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path dir;

    @Test
    void drawingAOneShowsOneAndAnUploadShowsWhatPredictSays() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "needs " + CHROMIUM + " (apt-get install chromium)");
        assumeTrue(Files.isExecutable(CHROMEDRIVER), "needs " + CHROMEDRIVER + " (apt-get install chromium-driver)");
        Path models = Files.createDirectories(dir.resolve("models"));
        Path zip = models.resolve("mnist.zip");
        RunConfig rc = ConfigLoader.load(Path.of("config/mnist-softmax.yaml"), List.of("training.epochs=1"));
        Dataset data = DatasetSources.forConfig(rc.data(), s -> { }).load();
        TrainingResult result = new SoftmaxTrainer(rc, TrainingListener.Defaults.none()).train(data);
        ModelArtifactWriter.save(result.network(), zip, TestModels.manifest(rc, data, result));
        Path upload = dir.resolve("test-0.png");
        ImageIO.write(picture(data.test(), 0), "png", upload.toFile());
        String expectedUpload = PredictPipeline.files(Classifier.load(zip), List.of(upload)).get(0).prediction().label();

        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1000,900",
                "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")));
        try (PredictionServer server = PredictionServer.start(ServeSettings.local(models, 0), line -> { })) {
            WebDriver browser = new ChromeDriver(service, options);
            try {
                browser.get("http://127.0.0.1:" + server.port() + "/");
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
                wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
                WebElement pad = browser.findElement(By.id("pad"));
                WebElement prediction = browser.findElement(By.id("prediction"));
                assertEquals("-", prediction.getText());

                // a vertical stroke down the middle: a "1"
                Actions stroke = new Actions(browser).moveToElement(pad, 0, -100).clickAndHold();
                for (int i = 0; i < 10; i++) {
                    stroke = stroke.moveByOffset(0, 20);
                }
                stroke.release().perform();
                wait.until(d -> !"-".equals(prediction.getText()));
                Thread.sleep(500); // the last stroke's answer
                assertEquals("1", prediction.getText(), "the page's prediction for a drawn 1");
                assertEquals(10, browser.findElements(By.cssSelector("#bars .bar")).size(), "a bar per class");
                assertEquals("1", browser.findElement(By.cssSelector("#bars .bar.best")).getAttribute("data-label"));
                Number ink = (Number) ((JavascriptExecutor) browser).executeScript(
                        "const d = document.getElementById('seen').getContext('2d').getImageData(0, 0, 28, 28).data;"
                                + "let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i] > 128) n++; return n;");
                assertTrue(ink.intValue() > 10, "the 28x28 picture the model saw shows the stroke: " + ink);

                browser.findElement(By.id("clear")).click();
                assertEquals("-", prediction.getText());

                browser.findElement(By.id("file")).sendKeys(upload.toString());
                wait.until(d -> !"-".equals(prediction.getText()));
                assertEquals(expectedUpload, prediction.getText(), "the page shows what predict says for the file");
            } finally {
                browser.quit();
            }
        }
    }

    private static BufferedImage picture(LabeledImages set, int i) {
        BufferedImage img = new BufferedImage(set.cols(), set.rows(), BufferedImage.TYPE_BYTE_GRAY);
        int n = set.rows() * set.cols();
        for (int k = 0; k < n; k++) {
            img.getRaster().setSample(k % set.cols(), k / set.cols(), 0, set.pixels()[i * n + k] & 0xFF);
        }
        return img;
    }
}
