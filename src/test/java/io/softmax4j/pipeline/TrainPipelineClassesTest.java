package io.softmax4j.pipeline;

import io.softmax4j.data.FashionMnistSource;
import io.softmax4j.data.LabelNames;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainPipelineClassesTest {
    @Test
    void theClassesLineNamesEveryClassUpToTwenty() {
        assertEquals("T-shirt/top, Trouser, Pullover, Dress, Coat, Sandal, Shirt, Sneaker, Bag, Ankle boot",
                TrainPipeline.classes(FashionMnistSource.LABELS));
        String emnist = TrainPipeline.classes(LabelNames.numbered(47));
        assertTrue(emnist.startsWith("0, 1, 2,") && emnist.endsWith(", 19, ... (47 classes)"), emnist);
    }
}
