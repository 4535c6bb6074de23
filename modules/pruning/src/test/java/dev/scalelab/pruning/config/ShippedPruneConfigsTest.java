package dev.scalelab.pruning.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.scalelab.core.spec.ModelSettings;
import dev.scalelab.core.spec.OptimizerSpec;
import dev.scalelab.core.spec.TrainSpec;
import dev.scalelab.pruning.imp.ImpConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every shipped {@code configs/prune-*.yaml} loads through the one config model and describes the experiment it
 * described before (the same TrainSpec, TaskSpec, network, init, seeds and backend as the old reader resolved,
 * {@code golden/shipped-prune-configs-v1.txt}), and an IMP config keeps its old run id as its legacy id.
 */
class ShippedPruneConfigsTest {
    private static final Path CONFIGS = Path.of("..", "..", "configs");

    @Test
    void eachShippedPruneConfigResolvesAsBefore() throws Exception {
        List<String> expected = new ArrayList<>();
        try (var in = ShippedPruneConfigsTest.class.getResourceAsStream("/golden/shipped-prune-configs-v1.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("prune-")) {
                    expected.add(line);
                }
            }
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(CONFIGS)) {
            files = s.filter(p -> p.getFileName().toString().matches("prune-.*\\.yaml")).sorted().toList();
        }
        assertEquals(expected.size(), files.size(), files.toString());
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            String name = f.getFileName().toString();
            ExperimentSetup s;
            String legacyId = "-";
            if (name.contains("imp")) {
                ImpConfig c = ImpConfig.load(f);
                s = c.setup();
                legacyId = c.legacy().runId();
                assertNotEquals(legacyId, c.runId(), name);
            } else {
                s = ExperimentSetup.read(PruneConfig.load(f, name.contains("subset")
                        ? PruneFields.SUBSET_SUM_SCHEMA : PruneFields.EDGE_POPUP_SCHEMA, "x"));
            }
            String now = name + " | " + legacyId + " | " + asBefore(s.train(), s.perModel()) + " | " + s.task() + " | "
                    + s.model() + " | " + s.init() + " | " + s.seeds() + " | " + s.backend();
            assertEquals(expected.get(i), now);
        }
    }

    /**
     * The training as the golden file wrote it, when one TrainSpec still held the learning rate, budget, target and
     * log interval that each model's ModelSettings now holds.
     */
    private static String asBefore(TrainSpec shared, ModelSettings model) {
        OptimizerSpec o = shared.optimizer();
        return "TrainSpec[loss=" + shared.loss() + ", optimizer=OptimizerSpec[kind=" + o.kind() + ", learningRate="
                + model.learningRate() + ", momentum=" + o.momentum() + ", beta1=" + o.beta1() + ", beta2=" + o.beta2()
                + ", epsilon=" + o.epsilon() + "], batchSize=" + shared.batchSize() + ", maxSteps=" + model.maxSteps()
                + ", targetLoss=" + model.targetLoss() + ", logEvery=" + model.logEvery() + ", schedule="
                + shared.schedule() + ", phases=" + shared.phases() + "]";
    }
}
