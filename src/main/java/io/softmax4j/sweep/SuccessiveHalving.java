package io.softmax4j.sweep;

import io.softmax4j.config.SweepConfig.Objective;
import io.softmax4j.config.SweepConfig.Pruner;
import io.softmax4j.training.StopSignal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The successive-halving pruner (as in ASHA): at each rung epoch a trial goes on only if its
 * metric is in the top {@code 1 / reductionFactor} of the trials that reached that epoch.
 *
 * <p>Unlike ASHA, a trial is compared only with the trials numbered before it, and waits at a
 * rung until each of those has reached it or ended. Trials start in number order, so the wait is
 * short (one trial's head start at most), and in return every decision depends only on the
 * trials' own numbers, never on which thread was faster: a sweep gives the same table with any
 * {@code --parallel}, and a resumed sweep the same table as an uninterrupted one.
 */
public final class SuccessiveHalving implements TrialRunner.RungGate {
    private final Pruner pruner;
    private final Objective objective;
    private final StopSignal stop;
    private final Map<Integer, Map<Integer, Double>> values = new HashMap<>();
    private final Set<Integer> ended = new HashSet<>();

    public SuccessiveHalving(Pruner pruner, Objective objective, StopSignal stop) {
        this.pruner = pruner;
        this.objective = objective;
        this.stop = stop;
    }

    /** Enters a trial that ended earlier (a resumed sweep): its curve counts at every rung it reached. */
    public synchronized void ended(int trial, List<Double> curve) {
        Map<Integer, Double> byEpoch = values.computeIfAbsent(trial, t -> new HashMap<>());
        for (int e = 0; e < curve.size(); e++) {
            byEpoch.put(e + 1, curve.get(e));
        }
        ended.add(trial);
        notifyAll();
    }

    @Override
    public synchronized void finished(int trial) {
        ended.add(trial);
        notifyAll();
    }

    @Override
    public synchronized TrialRunner.Decision atEpoch(int trial, int epoch, double value, int epochs) {
        values.computeIfAbsent(trial, t -> new HashMap<>()).put(epoch, value);
        notifyAll();
        if (!pruner.rungs(epochs).contains(epoch)) {
            return TrialRunner.Decision.KEEP;
        }
        while (!resolved(trial, epoch)) {
            if (stop.requested()) {
                return TrialRunner.Decision.KEEP; // the trial stops anyway
            }
            try {
                wait(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return TrialRunner.Decision.KEEP;
            }
        }
        List<Double> peers = new ArrayList<>();
        values.forEach((t, byEpoch) -> {
            if (t < trial && byEpoch.containsKey(epoch)) {
                peers.add(byEpoch.get(epoch));
            }
        });
        return decide(value, peers, epoch, pruner, objective);
    }

    /** Whether every trial before {@code trial} has reached {@code epoch} or ended. */
    private boolean resolved(int trial, int epoch) {
        for (int t = 1; t < trial; t++) {
            Map<Integer, Double> byEpoch = values.get(t);
            if (!ended.contains(t) && (byEpoch == null || !byEpoch.containsKey(epoch))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The rung decision: with {@code n} trials at the rung (the peers and this one), once
     * {@code n >= minTrials}, the trial goes on only if fewer than {@code max(1, n / reductionFactor)}
     * peers are strictly better.
     */
    static TrialRunner.Decision decide(double value, List<Double> peers, int epoch, Pruner pruner, Objective objective) {
        int n = peers.size() + 1;
        if (n < pruner.minTrials()) {
            return TrialRunner.Decision.KEEP;
        }
        long better = peers.stream().filter(p -> Double.isNaN(value) || objective.better(p, value)).count();
        int keep = Math.max(1, n / pruner.reductionFactor());
        if (better < keep) {
            return TrialRunner.Decision.KEEP;
        }
        return new TrialRunner.Decision(false, String.format(Locale.ROOT,
                "pruned after epoch %d: %s %.4f ranks %d of %d trials at that epoch (top %d go on)",
                epoch, objective.metric(), value, better + 1, n, keep));
    }
}
