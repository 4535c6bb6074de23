package dev.scalelab.core.spec;

import dev.scalelab.core.UserInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A batch-size and learning-rate schedule in phases, as Sharma &amp; Kaplan's {@code L2.py} trains (batch 200 at
 * lr 1e-2 for 200k steps, 1,000 at 1e-2 for 20k, 4,000 at 1e-3 for 20k): written
 * {@code "200x10,1000x1,4000x1@0.1"}, each phase a batch size, its share of the run's steps in parts, and
 * optionally a factor on the learning rate. Empty: one phase at the run's own batch size.
 */
public record BatchPhases(List<Phase> phases) {

    public static final BatchPhases NONE = new BatchPhases(List.of());

    /** {@code batch} examples per step for {@code parts} of the steps, at {@code rateFactor} × the run's rate. */
    public record Phase(int batch, int parts, double rateFactor) {
    }

    public BatchPhases {
        phases = List.copyOf(phases);
    }

    public boolean isEmpty() {
        return phases.isEmpty();
    }

    /** Parses the config text; {@code field} names the setting in the one-line error. */
    public static BatchPhases parse(String text, String field) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty() || t.equalsIgnoreCase("none")) {
            return NONE;
        }
        List<Phase> out = new ArrayList<>();
        for (String part : t.split(",")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            String help = " (expected phases like 200x10,1000x1,4000x1@0.1: batch x parts [@ rate factor])";
            int x = p.indexOf('x');
            UserInputException.require(x > 0, field, "bad phase '" + part.trim() + "'" + help);
            int at = p.indexOf('@');
            try {
                int batch = Integer.parseInt(p.substring(0, x).trim());
                int parts = Integer.parseInt(p.substring(x + 1, at < 0 ? p.length() : at).trim());
                double factor = at < 0 ? 1.0 : Double.parseDouble(p.substring(at + 1).trim());
                UserInputException.require(batch >= 1 && parts >= 1 && factor > 0 && Double.isFinite(factor), field,
                        "bad phase '" + part.trim() + "': batch and parts must be ≥ 1 and the rate factor > 0");
                out.add(new Phase(batch, parts, factor));
            } catch (NumberFormatException e) {
                throw new UserInputException.Field(field, "bad phase '" + part.trim() + "'" + help);
            }
        }
        return new BatchPhases(out);
    }

    /** The config text this was parsed from, normalised. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (Phase p : phases) {
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(p.batch()).append('x').append(p.parts());
            if (p.rateFactor() != 1.0) {
                sb.append('@').append(p.rateFactor());
            }
        }
        return sb.toString();
    }

    /**
     * The last step of each phase in a run of {@code steps} steps: phase i ends after round(steps · parts up to i /
     * all parts) steps; a phase that rounds to no steps is refused rather than silently skipped.
     */
    public long[] lastSteps(long steps, String field) {
        long total = phases.stream().mapToLong(Phase::parts).sum();
        long[] last = new long[phases.size()];
        long cumulative = 0;
        for (int i = 0; i < last.length; i++) {
            cumulative += phases.get(i).parts();
            last[i] = Math.round((double) steps * cumulative / total);
            UserInputException.require(last[i] > (i == 0 ? 0 : last[i - 1]), field, "phase " + (i + 1) + " of '"
                    + text() + "' gets no steps out of " + steps + ": give more steps or fewer phases");
        }
        return last;
    }
}
