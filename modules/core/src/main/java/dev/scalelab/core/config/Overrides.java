package dev.scalelab.core.config;

import dev.scalelab.core.UserInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hydra-style command-line overrides, {@code -o key=value} or {@code -o key=v1,v2,v3}. The key is a setting's
 * short name or dotted key (or {@code method}, {@code run_cap}, {@code sweep_seed}). One value fixes the
 * setting (and stops sweeping it); several values sweep it (replacing its values in the file, or turning a
 * fixed setting into a swept one).
 */
public final class Overrides {
    private Overrides() {
    }

    public static SweepConfig apply(SweepConfig sweep, List<String> overrides) {
        SweepConfig result = sweep;
        for (String o : overrides) {
            result = applyOne(result, o);
        }
        return result.checked();
    }

    private static SweepConfig applyOne(SweepConfig s, String override) {
        String where = "override '" + override + "'";
        int eq = override.indexOf('=');
        if (eq <= 0) {
            throw new UserInputException(where + ": expected key=value or key=v1,v2,...");
        }
        String name = override.substring(0, eq).trim();
        String text = override.substring(eq + 1).trim();
        Map<String, ParameterSpec> params = new LinkedHashMap<>(s.parameters());
        Map<String, Object> fixed = new LinkedHashMap<>(s.fixed());
        Map<String, Integer> lines = new LinkedHashMap<>(s.lines());
        switch (name) {
            case "method" -> {
                SweepConfig.Method m = switch (text) {
                    case "grid" -> SweepConfig.Method.GRID;
                    case "random" -> SweepConfig.Method.RANDOM;
                    default -> throw new UserInputException(where + ": method: expected grid or random, got \""
                            + text + "\"");
                };
                lines.put("override:method", 0);
                return new SweepConfig(s.source(), s.name(), m, s.sweepSeed(), s.runCap(), params, fixed, lines);
            }
            case "run_cap", "sweep_seed" -> {
                long v;
                try {
                    v = Long.parseLong(text);
                } catch (NumberFormatException e) {
                    v = -1;
                }
                lines.put("override:" + name, 0);
                if (v < (name.equals("run_cap") ? 1 : 0)) {
                    throw new UserInputException(where + ": " + name + ": expected a "
                            + (name.equals("run_cap") ? "positive" : "non-negative") + " integer, got \"" + text
                            + "\"");
                }
                return name.equals("run_cap")
                        ? new SweepConfig(s.source(), s.name(), s.method(), s.sweepSeed(), (int) Math.min(v,
                        Integer.MAX_VALUE), params, fixed, lines)
                        : new SweepConfig(s.source(), s.name(), s.method(), v, s.runCap(), params, fixed, lines);
            }
            default -> {
            }
        }
        ConfigField f = ConfigFields.find(name);
        if (f == null) {
            throw new UserInputException(where + ": unknown setting '" + name + "' (expected one of "
                    + ConfigFields.knownNames() + ", method, run_cap, sweep_seed)");
        }
        List<Object> values = new ArrayList<>();
        for (String item : text.split(",", -1)) {
            Object v;
            try {
                v = f.type().convert(FieldType.Raw.guess(item), f);
            } catch (FieldType.BadValue e) {
                throw new UserInputException(where + ": " + f.key() + ": " + e.getMessage());
            }
            if (values.stream().noneMatch(x -> ConfigField.render(x).equals(ConfigField.render(v)))) {
                values.add(v);
            }
        }
        params.remove(f.key());
        fixed.remove(f.key());
        lines.put("override:" + f.key(), 0);
        if (values.size() == 1) {
            fixed.put(f.key(), values.get(0));
        } else {
            params.put(f.key(), ParameterSpec.ofValues(f.key(), name, values, 0));
        }
        return new SweepConfig(s.source(), s.name(), s.method(), s.sweepSeed(), s.runCap(), params, fixed, lines);
    }
}
