package dev.scalelab.engine.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scalelab.core.config.RunConfig;
import dev.scalelab.core.config.SweepConfig;
import dev.scalelab.core.config.SweepConfigLoader;
import dev.scalelab.core.config.SweepExpander;
import dev.scalelab.core.run.RunSummary;
import dev.scalelab.core.run.RunTable;
import dev.scalelab.core.run.SweepDirectory;
import dev.scalelab.core.task.TaskFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The approximation-theory settings through `sweep run`: pieces, norms, tree masks, NTK, cosine decay. */
class TheorySweepTest {

    private static List<RunSummary> run(Path out, String yaml) throws IOException {
        SweepConfig config = SweepConfigLoader.parse(yaml, "theory.yaml");
        SweepResult r = new SweepRunner(new SweepRunner.Options(out, 1, 0, SweepRunner.DEFAULT_MAX_MODELS, false,
                false, "test"), SweepListener.NONE, TaskFactory.withDefaultDataDir()).run(SweepPlan.of(config,
                List.of()));
        assertEquals(0, r.exitCode());
        SweepDirectory dir = new SweepDirectory(out);
        List<RunSummary> summaries = new ArrayList<>();
        for (RunConfig c : SweepExpander.expand(config)) {
            summaries.add(dir.readSummary(c.id()));
        }
        return summaries;
    }

    @Test
    void trainedOneHiddenLayerNetworksHaveAtMostWidthPlusOnePieces(@TempDir Path out) throws IOException {
        List<RunSummary> runs = run(out, """
                parameters:
                  width: {values: [3, 8]}
                  seed: {values: [1, 2, 3]}
                task: {kind: sawtooth, n: 256, order: 3, test_size: 129}
                model: {depth: 1}
                train: {steps: 300, lr: 0.01, lr_schedule: cosine, log_every: 300}
                """);
        for (RunSummary s : runs) {
            int width = ((Number) s.config().get("model.width")).intValue();
            double pieces = s.metrics().get("pieces");
            assertTrue(pieces >= 1 && pieces <= width + 1, "width " + width + ": " + pieces + " pieces");
            assertEquals(RunSummary.DONE, s.status());
            assertTrue(s.finalTestLoss() < 0.2, "learns something: " + s.finalTestLoss());
        }
        RunTable table = new RunTable(runs);
        assertTrue(table.columns().contains("pieces"));
    }

    @Test
    void treeConnectivityRecordsNormsAndCountsOnlyItsWeights(@TempDir Path out) throws IOException {
        List<RunSummary> runs = run(out, """
                parameters:
                  connectivity: {values: [binary_tree, dense]}
                task: {kind: compositional, n: 512, d: 8, test_size: 256}
                model: {width: 2, depth: 3, seed: 4}
                train: {steps: 50, batch_size: 64, lr: 0.003, record_norms: 1, log_every: 50}
                """);
        RunSummary tree = runs.get(0);
        // Layers 8 → 8 → 4 → 2 → 1; weights 16 + 16 + 8 + 2 that exist, plus 15 biases.
        assertEquals(57, tree.params());
        assertEquals(8 * 2 + 2 + 2 * 2 + 2 + 2 * 2 + 2 + 2 + 1, runs.get(1).params()); // dense 8 → 2 → 2 → 2 → 1
        for (RunSummary s : runs) {
            assertNull(s.metrics().get("pieces"));
            for (int l = 1; l <= 4; l++) {
                assertTrue(s.metrics().get("layer" + l + "/w_rel_change") > 0, "layer " + l + " moved");
                assertTrue(s.metrics().get("layer" + l + "/w_max") <= s.metrics().get("theta_max"));
            }
        }
        // A tree unit sees 2 inputs, so its initial weights are drawn for fan-in 2, as in torch.nn.Linear(2, ·).
        assertTrue(tree.metrics().get("layer1/w_max") > 1 / Math.sqrt(8));
    }

    @Test
    void ntkGradientDescentRecordsThetaNorms(@TempDir Path out) throws IOException {
        List<RunSummary> runs = run(out, """
                parameters:
                  width: {values: [32, 256]}
                task: {kind: sin_cos, n: 200, test_size: 100}
                model: {depth: 1, parametrization: ntk}
                train: {optimizer: sgd, lr: 0.5, steps: 100, record_norms: 1, log_every: 100}
                """);
        for (RunSummary s : runs) {
            assertEquals(RunSummary.DONE, s.status());
            assertNotNull(s.metrics().get("theta_max"));
            // θ ~ N(0, 1): the largest of P draws is about √(2 ln P); it grows little under NTK training.
            double bound = Math.sqrt(2 * Math.log(s.params())) + 1;
            assertTrue(s.metrics().get("theta_max") < bound, s.metrics().get("theta_max") + " ≥ " + bound);
        }
        assertTrue(runs.get(1).metrics().get("layer1/w_rel_change") < runs.get(0).metrics().get("layer1/w_rel_change"),
                "wider moves less");
    }

    /**
     * Mean field against NTK, one hidden layer, gradient descent, widths 64 and 1,024 (16×): under NTK the hidden
     * layer's relative change falls like 1/√width (÷4 here), under mean field it stays O(1) (the particles move
     * the same whatever their number). A few steps on a tiny task, so that neither has converged.
     */
    @Test
    void meanFieldFeaturesMoveAtEveryWidthWhileNtkFeaturesFreeze(@TempDir Path out) throws IOException {
        String task = """
                parameters:
                  width: {values: [64, 1024]}
                task: {kind: sin_cos, n: 64, test_size: 32}
                """;
        List<RunSummary> ntk = run(out.resolve("ntk"), task + """
                model: {depth: 1, parametrization: ntk, seed: 3}
                train: {optimizer: sgd, lr: 0.5, steps: 20, record_norms: 1, log_every: 20}
                """);
        List<RunSummary> mf = run(out.resolve("mf"), task + """
                model: {depth: 1, parametrization: mean_field, seed: 3}
                train: {optimizer: sgd, lr: 0.5, steps: 20, record_norms: 1, log_every: 20}
                """);
        double ntkRatio = ntk.get(1).metrics().get("layer1/w_rel_change") / ntk.get(0).metrics().get("layer1/w_rel_change");
        double mfRatio = mf.get(1).metrics().get("layer1/w_rel_change") / mf.get(0).metrics().get("layer1/w_rel_change");
        assertTrue(ntkRatio > 0.15 && ntkRatio < 0.45, "NTK: 16× wider moves ~4× less, got ratio " + ntkRatio);
        assertTrue(mfRatio > 0.6 && mfRatio < 1.6, "mean field: the same relative change, got ratio " + mfRatio);
        for (RunSummary s : mf) {
            assertEquals(RunSummary.DONE, s.status());
            assertTrue(s.finalTrainLoss() < 1, "mean field learns: " + s.finalTrainLoss());
            // θ in mean-field units: the readout weights W₂·m ~ N(0, 1) at the start.
            assertTrue(s.metrics().get("layer2/w_max") > 1, "readout in θ units: " + s.metrics().get("layer2/w_max"));
        }
    }
}
