import org.deeplearning4j.datasets.iterator.impl.MnistDataSetIterator;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.File;
import java.util.Locale;

/**
 * The reference recipe the stock DL4J way: {@link MnistDataSetIterator} (batch 256, shuffled,
 * reading the IDX files from DIR, default ~/.deeplearning4j), one softmax OutputLayer with
 * MCXENT, normal(0, 0.01) weights, SGD 0.005, {@code net.fit(iterator)} per epoch and
 * {@code net.evaluate(testIterator)} after each, default ND4J threads. No softmax4j code.
 *
 * <p>Run with the source launcher: {@code java -cp "target/softmax4j.jar:target/lib/*" bench/StockDl4j.java [DIR] [EPOCHS]}.
 * Prints epoch lines and one {@code RESULT train_s=... test_acc=...} line.
 */
public class StockDl4j {
    public static void main(String[] args) throws Exception {
        File dir = new File(args.length > 0 ? args[0] : System.getProperty("user.home") + "/.deeplearning4j");
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        MnistDataSetIterator train = new MnistDataSetIterator(256, 60000, false, true, true, 42, dir);
        MnistDataSetIterator test = new MnistDataSetIterator(256, 10000, false, false, false, 42, dir);
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(42)
                .updater(new Sgd(0.005))
                .list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn(784).nOut(10)
                        .activation(Activation.SOFTMAX)
                        .weightInit(new WeightInitDistribution(new NormalDistribution(0, 0.01)))
                        .biasInit(0)
                        .build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        long start = System.nanoTime();
        double acc = 0;
        for (int e = 1; e <= epochs; e++) {
            net.fit(train);
            acc = net.evaluate(test).accuracy();
            test.reset();
            System.out.printf(Locale.ROOT, "epoch %d, test acc %.3f%n", e, acc);
        }
        System.out.printf(Locale.ROOT, "RESULT train_s=%.3f test_acc=%.4f%n", (System.nanoTime() - start) / 1e9, acc);
    }
}
