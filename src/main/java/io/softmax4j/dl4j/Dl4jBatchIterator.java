package io.softmax4j.dl4j;

import io.softmax4j.data.ImageBatchIterator;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/** DL4J's {@link DataSetIterator} over softmax4j's {@link ImageBatchIterator}: the same batches, as ND4J arrays. */
final class Dl4jBatchIterator implements DataSetIterator {
    private final ImageBatchIterator batches;
    private DataSetPreProcessor preProcessor;

    Dl4jBatchIterator(ImageBatchIterator batches) {
        this.batches = batches;
    }

    @Override
    public boolean hasNext() {
        return batches.hasNext();
    }

    @Override
    public DataSet next() {
        return next(batches.batch());
    }

    @Override
    public DataSet next(int num) {
        ImageBatchIterator.Batch b = batches.next(num);
        DataSet ds = new DataSet(Nd4j.create(b.features(), new long[]{b.size(), batches.features()}, 'c'),
                Nd4j.create(b.labels(), new long[]{b.size(), batches.classes()}, 'c'));
        if (preProcessor != null) {
            preProcessor.preProcess(ds);
        }
        return ds;
    }

    @Override
    public int inputColumns() {
        return batches.features();
    }

    @Override
    public int totalOutcomes() {
        return batches.classes();
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    /** Moves to the next epoch's order. */
    @Override
    public void reset() {
        batches.reset();
    }

    @Override
    public int batch() {
        return batches.batch();
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        return batches.labelNames();
    }
}
