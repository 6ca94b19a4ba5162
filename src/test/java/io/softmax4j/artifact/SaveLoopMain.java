package io.softmax4j.artifact;

import io.softmax4j.engine.SoftmaxModel;
import io.softmax4j.engine.Engine;
import io.softmax4j.dl4j.Dl4jModel;
import io.softmax4j.config.RunConfig;
import io.softmax4j.dl4j.SoftmaxNetworkFactory;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * A process for {@link KillDuringSaveTest} to kill: saves new versions of the model at
 * {@code target} (reusing its manifest) and reports on stdout.
 *
 * <ul>
 *   <li>{@code hang TARGET}: starts an atomic save, writes half of the zip to the temp file,
 *       prints {@code WRITING <temp>} and waits to be killed.</li>
 *   <li>{@code loop TARGET}: saves again and again, printing {@code SAVED <n>} after each.</li>
 * </ul>
 */
public final class SaveLoopMain {
    private SaveLoopMain() {
    }

    public static void main(String[] args) throws Exception {
        Path target = Path.of(args[1]);
        ModelManifest manifest = SafeModelLoader.load(target).manifest();
        RunConfig rc = RunConfig.defaults();
        SoftmaxModel net = Engine.get().create(rc.model(), rc.training(), 784, manifest.labels().size());
        if (args[0].equals("hang")) {
            byte[] zip = zipBytes(net, manifest);
            AtomicFiles.write(target, temp -> {
                Files.write(temp, Arrays.copyOf(zip, zip.length / 2));
                System.out.println("WRITING " + temp);
                System.out.flush();
                sleepForever();
            });
        } else {
            for (int n = 1; ; n++) {
                Dl4jModel.network(net).params().addi(0.001);
                ModelArtifactWriter.save(net, target, manifest);
                System.out.println("SAVED " + n);
                System.out.flush();
            }
        }
    }

    private static byte[] zipBytes(SoftmaxModel net, ModelManifest manifest) throws java.io.IOException {
        ModelManifest complete = ModelArtifactWriter.complete(net, manifest);
        Map<String, byte[]> entries = ModelArtifactWriter.entries(net,
                Map.of(ModelArtifactWriter.MANIFEST_ENTRY, ManifestCodec.toJson(complete)));
        Path scratch = Files.createTempFile("save-loop", ".zip");
        ModelArtifactWriter.writeZip(entries, scratch);
        byte[] bytes = Files.readAllBytes(scratch);
        Files.delete(scratch);
        return bytes;
    }

    private static void sleepForever() {
        while (true) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
