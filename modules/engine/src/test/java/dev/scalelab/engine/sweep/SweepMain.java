package dev.scalelab.engine.sweep;

import dev.scalelab.core.UserInputException;
import dev.scalelab.core.config.Overrides;
import dev.scalelab.core.config.SweepConfig;
import dev.scalelab.core.config.SweepConfigLoader;
import dev.scalelab.core.task.TaskFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain entry point without picocli: {@code SweepMain CONFIG OUT [--workers N] [--fsync] [--shard I/N|auto|auto/N] [--reshard] [--devices 0,1|all] [-o key=values]...}. Used by
 * tests that run a sweep in a child JVM (and kill it); a test class, not part of the product. Prints one summary
 * line; exit codes as {@code sweep run}.
 */
public final class SweepMain {
    private SweepMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        try {
            if (args.length < 2) {
                throw new UserInputException("usage: SweepMain CONFIG OUT [--workers N] [--fsync] [--shard I/N] [--reshard] "
                        + "[-o key=values]...");
            }
            int workers = 1;
            boolean fsync = false;
            Shard shard = null;
            boolean reshard = false;
            List<Integer> devices = null;
            List<String> overrides = new ArrayList<>();
            for (int i = 2; i < args.length; i++) {
                switch (args[i]) {
                    case "--workers" -> workers = Integer.parseInt(args[++i]);
                    case "--fsync" -> fsync = true;
                    case "--shard" -> shard = Shard.parse(args[++i], System.getenv());
                    case "--reshard" -> reshard = true;
                    case "--devices" -> devices = args[++i].equals("all") ? List.of()
                            : java.util.Arrays.stream(args[i].split(",")).map(Integer::valueOf).toList();
                    case "-o" -> overrides.add(args[++i]);
                    default -> throw new UserInputException("unknown argument " + args[i]);
                }
            }
            SweepConfig config = Overrides.apply(SweepConfigLoader.load(Path.of(args[0])), overrides);
            SweepPlan plan = SweepPlan.of(config, overrides);
            SweepRunner runner = new SweepRunner(new SweepRunner.Options(Path.of(args[1]), workers, 0,
                    SweepRunner.DEFAULT_MAX_MODELS, false, fsync, "SweepMain " + String.join(" ", args))
                    .withShard(shard, reshard).withDevices(devices),
                    SweepListener.NONE, TaskFactory.withDefaultDataDir());
            SweepResult r = runner.run(plan);
            System.out.println("runs " + r.total() + " skipped " + r.skipped() + " " + r.counts());
            return r.exitCode();
        } catch (UserInputException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            System.err.println("error: " + e);
            return 1;
        }
    }
}
