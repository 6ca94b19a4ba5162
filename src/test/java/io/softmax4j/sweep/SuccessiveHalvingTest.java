package io.softmax4j.sweep;

import io.softmax4j.config.SweepConfig.Metric;
import io.softmax4j.config.SweepConfig.Objective;
import io.softmax4j.config.SweepConfig.Pruner;
import io.softmax4j.training.StopSignal;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SuccessiveHalvingTest {
    static final Pruner HALVING = new Pruner(1, 2, 3);
    static final Objective ACC = Objective.DEFAULT;

    @Test
    void rungsAreGeometricBelowTheLastEpoch() {
        assertEquals(List.of(1, 2, 4, 8), HALVING.rungs(10));
        assertEquals(List.of(2, 6), new Pruner(2, 3, 3).rungs(18));
        assertEquals(List.of(), HALVING.rungs(1));
    }

    @Test
    void theDefaultsAreOptunasAndAshas() {
        Pruner d = Pruner.defaults();
        assertEquals(List.of(1, 4), d.rungs(10), "reduction factor 4 from epoch 1");
        assertTrue(SuccessiveHalving.decide(0.1, List.of(), 1, d, ACC).keep(), "the first trial at a rung goes on");
        assertFalse(SuccessiveHalving.decide(0.5, List.of(0.9), 1, d, ACC).keep(), "no bootstrap: the second must beat the first");
        assertTrue(SuccessiveHalving.decide(0.95, List.of(0.9), 1, d, ACC).keep());
        assertFalse(SuccessiveHalving.decide(0.85, List.of(0.9, 0.1, 0.2, 0.3, 0.4, 0.5), 4, d, ACC).keep(),
                "7 at the rung: only the best goes on");
        assertTrue(SuccessiveHalving.decide(0.85, List.of(0.9, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6), 1, d, ACC).keep(),
                "8 at the rung: the top 2 go on");
    }

    @Test
    void keepsTheTopHalfOfTheTrialsAtARung() {
        assertTrue(SuccessiveHalving.decide(0.5, List.of(0.9), 1, HALVING, ACC).keep(), "fewer than minTrials: never pruned");
        assertFalse(SuccessiveHalving.decide(0.5, List.of(0.9, 0.8), 1, HALVING, ACC).keep(), "3 at the rung, keep 1");
        assertTrue(SuccessiveHalving.decide(0.95, List.of(0.9, 0.8), 1, HALVING, ACC).keep());
        assertTrue(SuccessiveHalving.decide(0.85, List.of(0.9, 0.8, 0.1), 1, HALVING, ACC).keep(), "4 at the rung, keep 2");
        assertFalse(SuccessiveHalving.decide(0.85, List.of(0.9, 0.88, 0.1), 1, HALVING, ACC).keep());
        assertTrue(SuccessiveHalving.decide(0.9, List.of(0.9, 0.9), 1, HALVING, ACC).keep(), "ties are not better");
        assertFalse(SuccessiveHalving.decide(Double.NaN, List.of(0.1, 0.2), 1, HALVING, ACC).keep(), "NaN is worst");
        TrialRunner.Decision d = SuccessiveHalving.decide(0.5, List.of(0.9, 0.8), 2, HALVING, ACC);
        assertEquals("pruned after epoch 2: validationAccuracy 0.5000 ranks 3 of 3 trials at that epoch (top 1 go on)", d.reason());
    }

    @Test
    void aLossObjectivePrunesTheLargest() {
        Objective loss = new Objective(Metric.loss, false);
        assertFalse(SuccessiveHalving.decide(0.9, List.of(0.3, 0.4), 1, HALVING, loss).keep());
        assertTrue(SuccessiveHalving.decide(0.2, List.of(0.3, 0.4), 1, HALVING, loss).keep());
    }

    @Test
    void aTrialWaitsAtARungForTheTrialsBeforeItSoDecisionsDoNotDependOnTiming() throws Exception {
        SuccessiveHalving sh = new SuccessiveHalving(HALVING, ACC, new StopSignal());
        sh.ended(1, List.of(0.9, 0.95));
        // trial 3 reaches epoch 1 before trial 2 does: it must wait for trial 2's epoch 1
        CompletableFuture<TrialRunner.Decision> third = CompletableFuture.supplyAsync(() -> sh.atEpoch(3, 1, 0.5, 4));
        Thread.sleep(300);
        assertFalse(third.isDone(), "trial 3 waits for trial 2");
        assertTrue(sh.atEpoch(2, 1, 0.8, 4).keep(), "trial 2: only two trials at the rung");
        TrialRunner.Decision d = third.get(10, TimeUnit.SECONDS);
        assertFalse(d.keep(), "trial 3 is the worst of three at epoch 1");
        assertTrue(sh.atEpoch(2, 3, 0.1, 4).keep(), "epoch 3 is no rung");
    }

    @Test
    void aTrialBeforeThatEndedEarlyDoesNotHoldUpTheRung() throws Exception {
        SuccessiveHalving sh = new SuccessiveHalving(HALVING, ACC, new StopSignal());
        sh.ended(1, List.of(0.9));
        sh.ended(2, List.of());          // diverged in its first epoch
        assertTrue(sh.atEpoch(3, 2, 0.5, 4).keep(), "only one trial before it reached epoch 2");
    }
}
