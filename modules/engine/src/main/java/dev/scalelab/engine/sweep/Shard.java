package dev.scalelab.engine.sweep;

import dev.scalelab.core.UserInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Shard {@code index} (0-based) of {@code count}: a deterministic share of a sweep's planned jobs, so that
 * {@code count} processes (Slurm array tasks, Kubernetes indexed pods) can run one sweep into one directory.
 * {@code source} says where the numbers came from (the flag, or the scheduler's variables).
 */
public record Shard(int index, int count, String source) {
    /** The most shards: Kubernetes' limit on an indexed job's completions, and far beyond Slurm's array size. */
    public static final int MAX_COUNT = 100_000;

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new UserInputException("--shard " + index + "/" + count + ": need 0 <= I < N (shards are "
                    + "numbered from 0)");
        }
        if (count > MAX_COUNT) {
            throw new UserInputException("--shard " + index + "/" + count + ": N is at most " + MAX_COUNT);
        }
    }

    /** {@code I/N}, as in {@code --shard 2/4}. */
    public String label() {
        return index + "/" + count;
    }

    /**
     * Parses {@code --shard}: {@code I/N}; {@code auto} (a Slurm array task: I = SLURM_ARRAY_TASK_ID -
     * SLURM_ARRAY_TASK_MIN, N = SLURM_ARRAY_TASK_COUNT); or {@code auto/N} (a Kubernetes indexed pod:
     * I = JOB_COMPLETION_INDEX; or a Slurm array task of N tasks).
     */
    public static Shard parse(String text, Map<String, String> env) {
        String t = text.strip();
        if (t.equals("auto") || t.startsWith("auto/")) {
            Integer given = t.equals("auto") ? null : number(t.substring(5), text, "N");
            Shard slurm = fromSlurm(env, text);
            if (slurm != null) {
                if (given != null && given != slurm.count()) {
                    throw new UserInputException("--shard " + text + ": SLURM_ARRAY_TASK_COUNT is " + slurm.count()
                            + ", not " + given);
                }
                return slurm;
            }
            String k8s = env.get("JOB_COMPLETION_INDEX");
            if (k8s != null && !k8s.isBlank()) {
                if (given == null) {
                    throw new UserInputException("--shard auto: JOB_COMPLETION_INDEX gives the index but not the "
                            + "count; use --shard auto/N with N = the Job's completions");
                }
                int i = number(k8s, "JOB_COMPLETION_INDEX=" + k8s, "JOB_COMPLETION_INDEX");
                check(i, given, "JOB_COMPLETION_INDEX=" + k8s + " with --shard " + text);
                return new Shard(i, given, "JOB_COMPLETION_INDEX");
            }
            throw new UserInputException("--shard " + text + ": neither SLURM_ARRAY_TASK_ID (a Slurm array task) "
                    + "nor JOB_COMPLETION_INDEX (a Kubernetes indexed Job) is set; give --shard I/N");
        }
        int slash = t.indexOf('/');
        if (slash < 0) {
            throw new UserInputException("--shard " + text + ": expected I/N (e.g. 0/4), auto or auto/N");
        }
        int i = number(t.substring(0, slash), text, "I");
        int n = number(t.substring(slash + 1), text, "N");
        check(i, n, "--shard " + text);
        return new Shard(i, n, "--shard");
    }

    private static Shard fromSlurm(Map<String, String> env, String text) {
        String id = env.get("SLURM_ARRAY_TASK_ID");
        if (id == null || id.isBlank()) {
            return null;
        }
        String countText = env.get("SLURM_ARRAY_TASK_COUNT");
        if (countText == null || countText.isBlank()) {
            throw new UserInputException("--shard " + text + ": SLURM_ARRAY_TASK_ID is set but "
                    + "SLURM_ARRAY_TASK_COUNT is not (Slurm 17.11 or newer sets both)");
        }
        int task = number(id, "SLURM_ARRAY_TASK_ID=" + id, "SLURM_ARRAY_TASK_ID");
        int count = number(countText, "SLURM_ARRAY_TASK_COUNT=" + countText, "SLURM_ARRAY_TASK_COUNT");
        String minText = env.getOrDefault("SLURM_ARRAY_TASK_MIN", "0");
        int min = number(minText, "SLURM_ARRAY_TASK_MIN=" + minText, "SLURM_ARRAY_TASK_MIN");
        int i = task - min;
        if (i < 0 || i >= count) {
            throw new UserInputException("--shard " + text + ": SLURM_ARRAY_TASK_ID=" + task + " minus "
                    + "SLURM_ARRAY_TASK_MIN=" + min + " is not below SLURM_ARRAY_TASK_COUNT=" + count
                    + "; submit a contiguous array (--array=0-" + (count - 1) + ")");
        }
        return new Shard(i, count, "SLURM_ARRAY_TASK_ID");
    }

    private static void check(int i, int n, String what) {
        if (n < 1 || i < 0 || i >= n) {
            throw new UserInputException(what + ": need 0 <= I < N (shards are numbered from 0)");
        }
    }

    private static int number(String s, String what, String name) {
        String t = s.strip();
        if (t.matches("[0-9]{10,}")) {
            throw new UserInputException("--shard " + what + ": " + name + " is too large (N is at most " + MAX_COUNT
                    + ")");
        }
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new UserInputException("--shard " + what + ": " + name + " is not an integer");
        }
    }

    /**
     * This shard's jobs out of all of a sweep's planned jobs, in their order. The jobs are dealt whole (a batched
     * job is never divided) by estimated cost, largest first, each to the shard with the least cost so far (the
     * lowest index among equals): every process that plans the same sweep deals the same hands.
     */
    public List<RunJob> select(List<RunJob> jobs) {
        int[] owner = deal(jobs, count);
        List<RunJob> mine = new ArrayList<>();
        for (int j = 0; j < jobs.size(); j++) {
            if (owner[j] == index) {
                mine.add(jobs.get(j));
            }
        }
        return mine;
    }

    /** The shard of each job (see {@link #select}). */
    static int[] deal(List<RunJob> jobs, int count) {
        Integer[] order = new Integer[jobs.size()];
        for (int j = 0; j < order.length; j++) {
            order[j] = j;
        }
        // Stable: equal costs keep the planner's (deterministic) order.
        java.util.Arrays.sort(order, (a, b) -> Double.compare(jobs.get(b).cost(), jobs.get(a).cost()));
        // The least-loaded shard (lowest index among equals) from a heap: O(jobs log N), not O(jobs N).
        double[] load = new double[count];
        java.util.PriorityQueue<Integer> shards = new java.util.PriorityQueue<>(Math.min(count, jobs.size() + 1),
                (a, b) -> load[a] != load[b] ? Double.compare(load[a], load[b]) : Integer.compare(a, b));
        int untouched = 0; // shards 0..untouched-1 are in the heap; the rest have load 0
        int[] owner = new int[jobs.size()];
        for (int j : order) {
            int best;
            Integer top = shards.peek();
            if (untouched < count && (top == null || load[top] > 0 || top > untouched)) {
                best = untouched++;
            } else {
                best = shards.poll();
            }
            owner[j] = best;
            load[best] += jobs.get(j).cost();
            shards.add(best);
        }
        return owner;
    }
}
