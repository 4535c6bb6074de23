package dev.scalelab.core.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.scalelab.core.UserInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class MlpSpecTest {
    @Test
    void parameterCountIsExact() {
        // Demo 6.1: 10 → 100 → 1 has 10·100 + 100 + 100·1 + 1 = 1201 parameters.
        assertEquals(1201, new MlpSpec(10, List.of(100), 1, Activation.RELU).parameterCount());
        // LeNet-300-100: 784·300 + 300 + 300·100 + 100 + 100·10 + 10 = 266,610.
        assertEquals(266_610, new MlpSpec(784, List.of(300, 100), 10, Activation.RELU).parameterCount());
        assertEquals(266_200, new MlpSpec(784, List.of(300, 100), 10, Activation.RELU).weightCount());
        assertEquals(3 * 1 + 1, MlpSpec.uniform(3, 7, 0, 1, Activation.TANH).parameterCount());
    }

    @Test
    void rejectsNonPositiveSizes() {
        assertThrows(UserInputException.class, () -> new MlpSpec(0, List.of(3), 1, Activation.RELU));
        assertThrows(UserInputException.class, () -> new MlpSpec(3, List.of(0), 1, Activation.RELU));
        assertThrows(UserInputException.class, () -> MlpSpec.uniform(3, 4, -1, 1, Activation.RELU));
    }

    @Test
    void activationsAndDerivativesHaveKnownValues() {
        assertEquals(4.0, Activation.REQU.apply(2.0));
        assertEquals(0.0, Activation.REQU.apply(-2.0));
        assertEquals(Math.exp(-4.0), Activation.GAUSSIAN.apply(2.0), 1e-15);
        assertEquals(0.5, Activation.SIGMOID.apply(0.0), 1e-15);
        assertEquals(-4 * Math.exp(-4.0), Activation.GAUSSIAN.derivative(2.0), 1e-15);
        assertEquals(Activation.TANH, Activation.parse(" TanH ", "x"));
        UserInputException e = assertThrows(UserInputException.class, () -> Activation.parse("swish", "--activation"));
        assertEquals("--activation: unknown activation 'swish' (expected one of relu, requ, sigmoid, gaussian, tanh, "
                + "identity)", e.getMessage());
    }
}
