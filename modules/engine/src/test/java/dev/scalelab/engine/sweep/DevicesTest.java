package dev.scalelab.engine.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.UserInputException;
import dev.scalelab.core.config.SweepConfigLoader;
import dev.scalelab.core.run.Provenance;
import dev.scalelab.core.run.RunLogs;
import dev.scalelab.core.run.RunSummary;
import dev.scalelab.core.run.SweepDirectory;
import dev.scalelab.core.task.TaskFactory;
import dev.scalelab.engine.compute.ComputeBackend;
import dev.scalelab.engine.compute.ForwardingBackend;
import dev.scalelab.engine.compute.Precision;
import dev.scalelab.engine.nd4j.Nd4jBackend;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --devices}: one worker pinned per device, jobs to whichever device is free, the device of each run in its
 * provenance, results as without pinning; bad device lists and device-less backends are one-line errors. The
 * devices are fakes (ND4J backends that name a device) whose first job on each device waits until every device
 * has one: the test passes only if the jobs really run on all the devices at once.
 */
class DevicesTest {
    private static final String CONFIG = """
            name: devices
            parameters:
              width: {values: [3, 5, 8, 13, 21, 34]}
              seed: {values: [1, 2]}
            task: {kind: random_regression, n: 16, d: 3, test_size: 8}
            train: {steps: 30, log_every: 10, lr: 0.01}
            """;

    /** {@code count} fake devices; a job's backend on a device is an ND4J backend named after it. */
    private static final class FakeDevices implements BackendFactory {
        private final int count;
        private final CountDownLatch allBusy;

        /** {@code used}: how many devices the sweep pins workers to (all of them must get a job at once). */
        FakeDevices(int count, int used) {
            this.count = count;
            this.allBusy = new CountDownLatch(used);
        }

        @Override
        public ComputeBackend create(String name, Precision precision) {
            return new Nd4jBackend(precision);
        }

        @Override
        public ComputeBackend create(String name, Precision precision, int device) {
            if (Thread.currentThread().getName().equals("sweep-worker") && allBusy.getCount() > 0) {
                allBusy.countDown();
                try {
                    assertTrue(allBusy.await(120, TimeUnit.SECONDS), "every device got a job at the same time");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return new ForwardingBackend(new Nd4jBackend(precision)) {
                @Override
                public String device() {
                    return "fake device " + device;
                }
            };
        }

        @Override
        public int deviceCount(String name) {
            return count;
        }
    }

    private static SweepRunner runner(Path out, BackendFactory backends, List<Integer> devices) {
        return new SweepRunner(new SweepRunner.Options(out, 1, 1, SweepRunner.DEFAULT_MAX_MODELS, false, false,
                "test").withDevices(devices), SweepListener.NONE, TaskFactory.withDefaultDataDir(), backends);
    }

    @Test
    void workersPinnedOnePerDeviceShareTheJobs(@TempDir Path tmp) throws IOException {
        SweepPlan plan = SweepPlan.of(SweepConfigLoader.parse(CONFIG, "devices.yaml"), List.of());
        Path pinned = tmp.resolve("pinned");
        SweepResult r = runner(pinned, new FakeDevices(3, 3), List.of()).run(plan);
        assertEquals(12, r.count("done"));
        assertEquals(6, r.jobs());
        Path plain = tmp.resolve("plain");
        new SweepRunner(new SweepRunner.Options(plain, 1, 1, SweepRunner.DEFAULT_MAX_MODELS, false, false, "test"),
                SweepListener.NONE, TaskFactory.withDefaultDataDir()).run(plan);

        SweepDirectory dir = new SweepDirectory(pinned);
        Map<String, RunSummary> expected = new SweepDirectory(plain).summaries();
        Set<String> used = new TreeSet<>();
        for (Map.Entry<String, RunSummary> e : dir.summaries().entrySet()) {
            assertEquals(expected.get(e.getKey()).finalTestLoss(), e.getValue().finalTestLoss(), e.getKey());
            Provenance p = RunLogs.read(dir.file(e.getKey(), SweepDirectory.PROVENANCE), Provenance.class);
            used.add(p.device());
        }
        assertEquals(Set.of("fake device 0", "fake device 1", "fake device 2"), used);

        // A chosen subset: only those devices.
        Path some = tmp.resolve("some");
        runner(some, new FakeDevices(3, 2), List.of(0, 2)).run(plan);
        Set<String> usedSome = new TreeSet<>();
        for (String id : new SweepDirectory(some).summaries().keySet()) {
            usedSome.add(RunLogs.read(new SweepDirectory(some).file(id, SweepDirectory.PROVENANCE), Provenance.class)
                    .device());
        }
        assertEquals(Set.of("fake device 0", "fake device 2"), usedSome);
    }

    @Test
    void devicesThatAreNotThereAreOneLineErrors(@TempDir Path tmp) {
        SweepPlan plan = SweepPlan.of(SweepConfigLoader.parse(CONFIG, "devices.yaml"), List.of());
        UserInputException missing = assertThrows(UserInputException.class,
                () -> runner(tmp.resolve("a"), new FakeDevices(2, 2), List.of(0, 3)).run(plan));
        assertEquals("--devices: no device 3 (backend cpu has 2 here: 0-1)", missing.getMessage());
        UserInputException cpu = assertThrows(UserInputException.class,
                () -> runner(tmp.resolve("b"), BackendFactory.DEFAULT, List.of()).run(plan));
        assertTrue(cpu.getMessage().startsWith("--devices: --backend cpu runs on the CPU; --devices pins workers to "
                + "GPUs (use --backend cuda; available: cpu (alias nd4j)"), cpu.getMessage());
    }
}
