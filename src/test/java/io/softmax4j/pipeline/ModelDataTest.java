package io.softmax4j.pipeline;

import io.softmax4j.artifact.ModelManifest;
import io.softmax4j.config.RunConfig;
import io.softmax4j.data.Dataset;
import io.softmax4j.testing.SyntheticImages;
import io.softmax4j.testing.TestModels;
import io.softmax4j.training.TrainingResult;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ModelDataTest {
    static final Dataset DATA = new Dataset("synthetic", SyntheticImages.make(30, 10, 1), SyntheticImages.make(10, 10, 2),
            Map.of("a.idx", 1L, "b.idx", 0xabcdefL));

    static ModelManifest manifest() {
        TrainingResult result = TestModels.trainSynthetic();
        return TestModels.manifest(RunConfig.defaults(), DATA, result);
    }

    @Test
    void theRecordedConfigIsReadBackWithTheDataFolderOverridden() {
        ModelManifest m = manifest();
        assertEquals(RunConfig.defaults(), ModelData.config(Path.of("m.zip"), m, null));
        assertEquals("/data/elsewhere", ModelData.config(Path.of("m.zip"), m, "/data/elsewhere").data().dir());
        assertEquals(Map.of("a.idx", "adler32:00000001", "b.idx", "adler32:00abcdef"), m.dataset().checksums());
    }

    @Test
    void differencesFromTheTrainingDataAreNoted() {
        ModelManifest m = manifest();
        assertEquals(List.of(), ModelData.differences(m, DATA));
        Dataset changed = new Dataset("other", DATA.train(), DATA.test(), Map.of("a.idx", 2L, "b.idx", 0xabcdefL));
        assertEquals(List.of("the model was trained on synthetic, evaluating on other",
                "the dataset files' checksums differ from those recorded at training time"), ModelData.differences(m, changed));
    }
}
