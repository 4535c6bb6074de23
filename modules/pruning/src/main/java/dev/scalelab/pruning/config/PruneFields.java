package dev.scalelab.pruning.config;

import dev.scalelab.core.UserInputException;
import dev.scalelab.core.config.ConfigField;
import dev.scalelab.core.config.ConfigSchema;
import dev.scalelab.core.config.FieldType;
import dev.scalelab.core.spec.MlpSpec;
import dev.scalelab.pruning.imp.PruningSpec;
import dev.scalelab.pruning.popup.EdgePopup;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The settings of the pruning experiments, declared like core's ({@link ConfigField}: type, default, help) and
 * combined with core's own fields into one {@link ConfigSchema} per command. The keys pruning shares with sweeps
 * ({@code task.kind}, {@code train.lr}, {@code backend}, ...) are core's field objects, with core's defaults.
 */
public final class PruneFields {
    private static final double MAX_INT = Integer.MAX_VALUE;

    /** The shared keys a pruning experiment reads (task, network, training, backend): core's fields. */
    private static final List<ConfigField> SHARED = ConfigSchema.core("task.kind", "task.n", "task.d", "task.classes",
            "task.test_size", "task.data_seed", "model.activation", "model.init", "train.optimizer", "train.lr",
            "train.momentum", "train.batch_size", "train.steps", "train.log_every", "backend");

    /** Every pruning experiment: the network's hidden widths and the seeds (one model per seed). */
    public static final List<ConfigField> SETUP = List.of(
            ConfigField.bounded("model.widths", List.of(), FieldType.POSITIVE_INT, null, MlpSpec.MAX_WIDTH,
                    "hidden-layer widths, e.g. [300, 100] (LeNet-300-100)").asList(List.of(300L, 100L)),
            ConfigField.of("seeds", List.of(), FieldType.NON_NEGATIVE_INT, null,
                    "seeds, one model each, trained together as a batch").asList(List.of(1L, 2L, 3L)));

    /** {@code prune imp}: iterative magnitude pruning. */
    public static final List<ConfigField> IMP = List.of(
            ConfigField.choice("pruning.strategy", List.of(), "layerwise", List.of("layerwise", "global"),
                    t -> PruningSpec.Strategy.parse(t, "pruning.strategy").name().toLowerCase(Locale.ROOT),
                    "layerwise: k smallest of each layer; global: of all layers pooled"),
            ConfigField.bounded("pruning.rate", List.of(), FieldType.FRACTION, 0.2, 0.999,
                    "fraction of the remaining weights pruned per level"),
            ConfigField.text("pruning.output_rate", List.of(), "", PruneFields::rate,
                    "rate of the output layer (0: never pruned; empty: the common rate)"),
            ConfigField.text("pruning.layer_rates", List.of(), "", PruneFields::layerRates,
                    "rates of single layers by index, e.g. {0: 0.2} (empty: none)"),
            ConfigField.bounded("pruning.levels", List.of(), FieldType.NON_NEGATIVE_INT, 18L, 200,
                    "pruning levels after the dense level 0"),
            ConfigField.choice("pruning.schedule", List.of(), "iterative", List.of("iterative", "one_shot"),
                    PruneFields::schedule, "iterative, or one_shot: level L prunes the dense trained network "
                            + "straight to level L's density"),
            ConfigField.bounded("pruning.rewind_step", List.of(), FieldType.NON_NEGATIVE_INT, 0L, MAX_INT,
                    "0: rewind to the initial weights; k: to the weights after k steps"),
            ConfigField.choice("controls", List.of(), null, List.of("reinit", "random_pruning"),
                    PruneFields::control, "controls trained on the ticket's masks at every level")
                    .asList(List.of("reinit", "random_pruning")));

    /** {@code prune edge-popup}. */
    public static final List<ConfigField> EDGE_POPUP = List.of(
            ConfigField.bounded("popup.k", List.of(), FieldType.POSITIVE_REAL, null, 1,
                    "fractions of each layer's weights kept").asList(List.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8,
                    0.9)),
            ConfigField.choice("popup.inits", List.of(), null, List.of("signed_constant", "kaiming_normal"),
                    t -> EdgePopup.WeightInit.parse(t, "popup.inits").label(), "frozen random weight schemes")
                    .asList(List.of("signed_constant", "kaiming_normal")),
            ConfigField.bounded("popup.weight_decay", List.of(), FieldType.NON_NEGATIVE_REAL, 5e-4, 1,
                    "weight decay of the scores"),
            ConfigField.bounded("popup.dense_lr", List.of(), FieldType.POSITIVE_REAL, 1e-3, 10,
                    "Adam learning rate of the dense baseline"));

    /** {@code prune subset-sum}. */
    public static final List<ConfigField> SUBSET_SUM = List.of(
            ConfigField.bounded("construction.n", List.of(), FieldType.POSITIVE_INT, 21L, 25,
                    "random weights per subset-sum problem"),
            ConfigField.bounded("construction.epsilon", List.of(), FieldType.POSITIVE_REAL, 0.01, 10,
                    "target error per weight"),
            ConfigField.of("construction.seed", List.of(), FieldType.NON_NEGATIVE_INT, 7L,
                    "seed of the random network"),
            ConfigField.bounded("construction.threads", List.of(), FieldType.NON_NEGATIVE_INT, 0L, 1024,
                    "threads of the construction (0: one per core)"));

    public static final ConfigSchema IMP_SCHEMA = schema(IMP);
    public static final ConfigSchema EDGE_POPUP_SCHEMA = schema(EDGE_POPUP);
    public static final ConfigSchema SUBSET_SUM_SCHEMA = schema(SUBSET_SUM);

    private PruneFields() {
    }

    private static ConfigSchema schema(List<ConfigField> own) {
        return new ConfigSchema(SHARED).with(SETUP).with(own);
    }

    private static String schedule(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (!t.equals("iterative") && !t.equals("one_shot")) {
            throw new UserInputException("pruning.schedule: expected iterative or one_shot, got \"" + text + "\"");
        }
        return t;
    }

    private static String control(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (!t.equals("reinit") && !t.equals("random_pruning")) {
            throw new UserInputException("controls: unknown control \"" + text + "\"");
        }
        return t;
    }

    /** A pruning rate in [0, 0.999] in canonical text; empty stays empty (not set). */
    private static String rate(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            return "";
        }
        double v;
        try {
            v = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new UserInputException("expected a number in [0, 0.999], got \"" + text + "\"");
        }
        if (!(v >= 0 && v <= 0.999)) {
            throw new UserInputException("expected a number in [0, 0.999], got " + t);
        }
        return ConfigField.render(v);
    }

    /** {@code {0: 0.2, 2: 0.1}} in canonical text (sorted by layer); empty stays empty. */
    private static String layerRates(String text) {
        Map<Integer, Double> rates = parseLayerRates(text);
        if (rates.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("{");
        rates.forEach((l, r) -> sb.append(sb.length() > 1 ? ", " : "").append(l).append(": ")
                .append(ConfigField.render(r)));
        return sb.append('}').toString();
    }

    /** The layer rates of a {@code pruning.layer_rates} value. */
    public static Map<Integer, Double> parseLayerRates(String text) {
        String t = text.trim();
        if (t.startsWith("{") && t.endsWith("}")) {
            t = t.substring(1, t.length() - 1).trim();
        }
        Map<Integer, Double> rates = new TreeMap<>();
        if (t.isEmpty()) {
            return rates;
        }
        for (String part : t.split(",")) {
            String[] kv = part.split(":");
            if (kv.length != 2) {
                throw new UserInputException("expected {layer: rate, ...}, got \"" + text + "\"");
            }
            int layer;
            try {
                layer = Integer.parseInt(kv[0].trim());
            } catch (NumberFormatException e) {
                throw new UserInputException("expected layer indices (0, 1, ...), got \"" + kv[0].trim() + "\"");
            }
            if (layer < 0 || rates.containsKey(layer)) {
                throw new UserInputException("layer " + kv[0].trim() + " is negative or given twice");
            }
            String rate = rate(kv[1]);
            if (rate.isEmpty()) {
                throw new UserInputException("layer " + layer + " has no rate");
            }
            rates.put(layer, Double.parseDouble(rate));
        }
        return rates;
    }
}
