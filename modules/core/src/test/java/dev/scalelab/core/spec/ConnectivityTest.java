package dev.scalelab.core.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.scalelab.core.UserInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectivityTest {

    @Test
    void binaryTreeOverEightInputsIsTheMhaskarPoggioNetwork() {
        MlpSpec tree = Connectivity.BINARY_TREE.spec(8, 16, 3, 1, Activation.RELU);
        assertEquals(List.of(8, 64, 32, 16, 1), tree.layerSizes());
        assertEquals(1793, Connectivity.BINARY_TREE.parameterCount(tree, 16)); // 128 + 1024 + 512 + 16 + 113
        assertArrayEquals(new int[] {2, 32, 32, 16}, Connectivity.BINARY_TREE.fanIns(tree, 16));
        double[] first = Connectivity.BINARY_TREE.mask(tree, 16, 0);
        // Input 5 feeds node 2 (units 32..47) only.
        for (int j = 0; j < 64; j++) {
            assertEquals(j / 16 == 2 ? 1.0 : 0.0, first[5 * 64 + j], "unit " + j);
        }
        double[] second = Connectivity.BINARY_TREE.mask(tree, 16, 1);
        // Layer-1 unit 40 (node 2) feeds layer-2 node 1 (units 16..31) only.
        for (int j = 0; j < 32; j++) {
            assertEquals(j >= 16 ? 1.0 : 0.0, second[40 * 32 + j]);
        }
        assertNull(Connectivity.BINARY_TREE.mask(tree, 16, 3));
        MlpSpec shallow = Connectivity.DENSE.spec(8, 180, 1, 1, Activation.RELU);
        assertEquals(1801, Connectivity.DENSE.parameterCount(shallow, 180));
    }

    @Test
    void treeNeedsTwoToTheDepthInputs() {
        assertThrows(UserInputException.class, () -> Connectivity.BINARY_TREE.spec(8, 16, 2, 1, Activation.RELU));
        assertThrows(UserInputException.class, () -> Connectivity.BINARY_TREE.spec(6, 16, 3, 1, Activation.RELU));
    }

    @Test
    void ntkRatesAndThetaUnits() {
        MlpSpec four = new MlpSpec(4, java.util.List.of(9), 1, Activation.RELU);
        assertEquals(0.25, Parametrization.NTK.weightRateFactor(four, 0, OptimizerKind.SGD));
        assertEquals(0.5, Parametrization.NTK.weightRateFactor(four, 0, OptimizerKind.ADAM));
        assertEquals(1.0, Parametrization.STANDARD.weightRateFactor(four, 0, OptimizerKind.SGD));
        assertEquals(3.0, Parametrization.NTK.thetaPerWeight(four, 1));
        // Mean field, d = 4, m = 9: SGD at η·m on θ; W₁ = θ/2, W₂ = θ/9.
        assertEquals(9.0 / 4, Parametrization.MEAN_FIELD.weightRateFactor(four, 0, OptimizerKind.SGD));
        assertEquals(1.0 / 9, Parametrization.MEAN_FIELD.weightRateFactor(four, 1, OptimizerKind.SGD));
        assertEquals(9.0, Parametrization.MEAN_FIELD.biasRateFactor(four, 0, OptimizerKind.SGD));
        assertEquals(1.0, Parametrization.MEAN_FIELD.biasRateFactor(four, 1, OptimizerKind.SGD));
        assertEquals(0.5, Parametrization.MEAN_FIELD.weightRateFactor(four, 0, OptimizerKind.ADAM));
        assertEquals(1.0 / 9, Parametrization.MEAN_FIELD.weightRateFactor(four, 1, OptimizerKind.ADAM));
        assertEquals(1.0, Parametrization.MEAN_FIELD.biasRateFactor(four, 0, OptimizerKind.ADAM));
        assertEquals(2.0, Parametrization.MEAN_FIELD.thetaPerWeight(four, 0));
        assertEquals(9.0, Parametrization.MEAN_FIELD.thetaPerWeight(four, 1));
        assertEquals(Parametrization.MEAN_FIELD, Parametrization.parse("mean-field", "x"));
    }

    @Test
    void cosineScheduleDecaysToZero() {
        assertEquals(1.0, LrSchedule.COSINE.factor(1, 100));
        assertEquals(0.5, LrSchedule.COSINE.factor(51, 100), 1e-12);
        assertEquals(0.5 * (1 + Math.cos(Math.PI * 99 / 100)), LrSchedule.COSINE.factor(100, 100), 1e-15);
        assertEquals(1.0, LrSchedule.CONSTANT.factor(100, 100));
    }
}
