package dev.scalelab.engine.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.UserInputException;
import dev.scalelab.core.config.RunConfig;
import dev.scalelab.core.config.SweepConfigLoader;
import dev.scalelab.core.config.SweepExpander;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShardTest {
    /** 5 widths x 2 depths x 3 seeds: 10 jobs of 3 batched seeds, of different costs. */
    private static final String CONFIG = """
            name: shards
            parameters:
              width: {values: [2, 4, 8, 16, 32]}
              depth: {values: [1, 2]}
              seed: {values: [1, 2, 3]}
            task: {kind: random_regression, n: 16, d: 3, test_size: 8}
            train: {steps: 20, log_every: 10, lr: 0.01}
            """;

    private static List<RunJob> jobs() {
        List<RunConfig> runs = SweepExpander.expand(SweepConfigLoader.parse(CONFIG, "shards.yaml"));
        return JobPlanner.plan(runs, SweepRunner.DEFAULT_MAX_MODELS);
    }

    @Test
    void parsesExplicitAndSchedulerShards() {
        assertEquals(new Shard(2, 4, "--shard"), Shard.parse("2/4", Map.of()));
        assertEquals(new Shard(1, 4, "SLURM_ARRAY_TASK_ID"), Shard.parse("auto", Map.of(
                "SLURM_ARRAY_TASK_ID", "6", "SLURM_ARRAY_TASK_COUNT", "4", "SLURM_ARRAY_TASK_MIN", "5")));
        assertEquals(new Shard(3, 4, "SLURM_ARRAY_TASK_ID"), Shard.parse("auto", Map.of(
                "SLURM_ARRAY_TASK_ID", "3", "SLURM_ARRAY_TASK_COUNT", "4")));
        assertEquals(new Shard(2, 8, "JOB_COMPLETION_INDEX"), Shard.parse("auto/8",
                Map.of("JOB_COMPLETION_INDEX", "2")));
        assertEquals(new Shard(0, 2, "SLURM_ARRAY_TASK_ID"), Shard.parse("auto/2", Map.of(
                "SLURM_ARRAY_TASK_ID", "0", "SLURM_ARRAY_TASK_COUNT", "2")));
    }

    @Test
    void badShardsAreOneLineErrorsNamingTheValue() {
        Map<String, String> none = Map.of();
        assertMessage("--shard 4/4: need 0 <= I < N (shards are numbered from 0)", () -> Shard.parse("4/4", none));
        assertMessage("--shard 0/0: need 0 <= I < N (shards are numbered from 0)", () -> Shard.parse("0/0", none));
        assertMessage("--shard x/4: I is not an integer", () -> Shard.parse("x/4", none));
        assertMessage("--shard 3: expected I/N (e.g. 0/4), auto or auto/N", () -> Shard.parse("3", none));
        assertMessage("--shard auto: neither SLURM_ARRAY_TASK_ID (a Slurm array task) nor JOB_COMPLETION_INDEX (a "
                + "Kubernetes indexed Job) is set; give --shard I/N", () -> Shard.parse("auto", none));
        assertMessage("--shard auto: JOB_COMPLETION_INDEX gives the index but not the count; use --shard auto/N "
                + "with N = the Job's completions", () -> Shard.parse("auto", Map.of("JOB_COMPLETION_INDEX", "1")));
        assertMessage("--shard auto/3: SLURM_ARRAY_TASK_COUNT is 4, not 3", () -> Shard.parse("auto/3", Map.of(
                "SLURM_ARRAY_TASK_ID", "1", "SLURM_ARRAY_TASK_COUNT", "4")));
        assertMessage("--shard auto: SLURM_ARRAY_TASK_ID=6 minus SLURM_ARRAY_TASK_MIN=0 is not below "
                + "SLURM_ARRAY_TASK_COUNT=4; submit a contiguous array (--array=0-3)", () -> Shard.parse("auto",
                Map.of("SLURM_ARRAY_TASK_ID", "6", "SLURM_ARRAY_TASK_COUNT", "4")));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable parse) {
        assertEquals(expected, assertThrows(UserInputException.class, parse).getMessage());
    }

    @Test
    void shardsPartitionTheJobsWholeAndDeterministically() {
        List<RunJob> all = jobs();
        assertEquals(10, all.size());
        for (int n : new int[] {1, 3, 4, 7, 12}) {
            Set<RunJob> seen = new HashSet<>();
            int dealt = 0;
            for (int i = 0; i < n; i++) {
                List<RunJob> mine = new Shard(i, n, "test").select(all);
                assertEquals(mine, new Shard(i, n, "test").select(jobs()), "the same hand every time");
                for (RunJob j : mine) {
                    assertTrue(all.contains(j), "whole jobs, never parts of one");
                    assertTrue(seen.add(j), "no job in two shards");
                }
                dealt += mine.size();
            }
            assertEquals(all.size(), dealt, "every job in some shard (N = " + n + ")");
        }
    }

    @Test
    void shardCostsStayWithinOneJobOfTheMeanWhateverTheJobOrder() {
        // Largest first: the deal depends on the costs, not on the order the jobs come in (the same shard costs
        // for the reversed list).
        List<RunJob> all = jobs();
        int[] owner = Shard.deal(all, 4);
        double[] load = new double[4];
        for (int j = 0; j < all.size(); j++) {
            load[owner[j]] += all.get(j).cost();
        }
        double total = all.stream().mapToDouble(RunJob::cost).sum();
        double largest = all.stream().mapToDouble(RunJob::cost).max().orElseThrow();
        for (double l : load) {
            // Largest-first greedy: no shard exceeds the mean by more than the largest job.
            assertTrue(l <= total / 4 + largest, "shard cost " + l + " of " + total);
        }
        List<RunJob> reversed = new ArrayList<>(all);
        Collections.reverse(reversed);
        int[] again = Shard.deal(reversed, 4);
        double[] loadAgain = new double[4];
        for (int j = 0; j < reversed.size(); j++) {
            loadAgain[again[j]] += reversed.get(j).cost();
        }
        java.util.Arrays.sort(load);
        java.util.Arrays.sort(loadAgain);
        assertEquals(java.util.Arrays.toString(load), java.util.Arrays.toString(loadAgain));
    }

    @Test
    void costBalanceBeatsCountBalance() {
        // One job costs as much as the other three together: it gets a shard of its own.
        List<RunJob> all = jobs();
        RunJob biggest = all.get(0);
        List<RunJob> four = List.of(biggest, all.get(all.size() - 1), all.get(all.size() - 2),
                all.get(all.size() - 3));
        assertTrue(biggest.cost() > four.get(1).cost() + four.get(2).cost() + four.get(3).cost());
        assertEquals(List.of(biggest), new Shard(0, 2, "test").select(four));
        assertEquals(four.subList(1, 4), new Shard(1, 2, "test").select(four));
    }
}
