package dev.scalelab.core.config;

import dev.scalelab.core.UserInputException;
import dev.scalelab.core.util.Rng;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a sweep into its runs. Grid: the Cartesian product of the parameters' values, in file order with the
 * last parameter varying fastest (like itertools.product), cut to {@code run_cap} if one is set. Random:
 * {@code run_cap} draws, each parameter drawn independently from a generator seeded by {@code sweep_seed};
 * draws that repeat an earlier run are drawn again (so a space smaller than the cap yields all its points).
 * Runs are unique by id; a setting problem in any run is reported before anything runs.
 */
public final class SweepExpander {
    /** The most runs one sweep may expand to. */
    public static final int MAX_RUNS = 1_000_000;

    private SweepExpander() {
    }

    public static List<RunConfig> expand(SweepConfig sweep) {
        Map<String, RunConfig> runs = new LinkedHashMap<>();
        List<ParameterSpec> params = new ArrayList<>(sweep.parameters().values());
        if (sweep.method() == SweepConfig.Method.GRID) {
            long size = 1;
            for (ParameterSpec p : params) {
                size *= p.values().size();
                if (size > MAX_RUNS) {
                    throw new UserInputException(sweep.source() + ": the grid has more than " + MAX_RUNS
                            + " points");
                }
            }
            long limit = sweep.runCap() > 0 ? Math.min(size, sweep.runCap()) : size;
            int[] index = new int[params.size()];
            for (long i = 0; i < limit; i++) {
                long rest = i;
                for (int p = params.size() - 1; p >= 0; p--) {
                    int n = params.get(p).values().size();
                    index[p] = (int) (rest % n);
                    rest /= n;
                }
                Map<String, Object> point = new LinkedHashMap<>(sweep.fixed());
                for (int p = 0; p < params.size(); p++) {
                    point.put(params.get(p).key(), params.get(p).values().get(index[p]));
                }
                add(sweep, runs, point);
            }
        } else {
            Rng rng = new Rng(sweep.sweepSeed());
            long attempts = 0;
            long maxAttempts = 20L * sweep.runCap() + 100;
            long wanted = Math.min(sweep.runCap(), discreteSpaceSize(params));
            while (runs.size() < wanted && attempts++ < maxAttempts) {
                Map<String, Object> point = new LinkedHashMap<>(sweep.fixed());
                for (ParameterSpec p : params) {
                    point.put(p.key(), p.sample(rng));
                }
                add(sweep, runs, point);
            }
        }
        return List.copyOf(runs.values());
    }

    /** How many distinct points a space of value lists has; effectively unbounded once a range is drawn. */
    private static long discreteSpaceSize(List<ParameterSpec> params) {
        long size = 1;
        for (ParameterSpec p : params) {
            if (!p.discrete()) {
                return Long.MAX_VALUE;
            }
            try {
                size = Math.multiplyExact(size, p.values().size());
            } catch (ArithmeticException e) {
                return Long.MAX_VALUE;
            }
        }
        return size;
    }

    private static void add(SweepConfig sweep, Map<String, RunConfig> runs, Map<String, Object> point) {
        RunConfig run;
        try {
            run = RunConfig.fromFlat(point);
        } catch (ConfigProblem e) {
            throw new UserInputException(sweep.where(e.key()) + ": " + e.getMessage() + describePoint(sweep, point));
        }
        runs.putIfAbsent(run.id(), run);
    }

    private static String describePoint(SweepConfig sweep, Map<String, Object> point) {
        if (sweep.parameters().isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (ParameterSpec p : sweep.parameters().values()) {
            parts.add(p.name() + "=" + ConfigField.render(point.get(p.key())));
        }
        return " (in the run " + String.join(", ", parts) + ")";
    }
}
