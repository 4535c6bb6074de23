package dev.scalelab.pruning;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tiny IMP config the pruning and CLI tests run (a few seconds on a CPU): 12-10-3 on 128 random_classes
 * examples, SGD, global pruning at half per level. Every setting a test relies on is written out (momentum and
 * log_every too), so the experiment does not move when a default does. {@link #with} changes single settings.
 */
public final class TinyImpConfig {
    public static final String YAML = """
            name: tiny
            task: {kind: random_classes, n: 128, d: 12, classes: 3, test_size: 64}
            model: {widths: [10]}
            train: {optimizer: sgd, lr: 0.05, momentum: 0.9, batch_size: 32, steps: 10, log_every: 1}
            seeds: [4]
            pruning: {strategy: global, rate: 0.5, levels: 2}
            controls: [random_pruning]
            """;

    private TinyImpConfig() {
    }

    /**
     * {@link #YAML} with settings replaced, given as name, value pairs by their name inside the section
     * ({@code "levels", "3", "widths", "[6]"}); a value of null removes the setting (a top-level one's line).
     */
    public static String with(String... nameValuePairs) {
        String text = YAML;
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            String name = nameValuePairs[i];
            String value = nameValuePairs[i + 1];
            Matcher top = Pattern.compile("(?m)^" + Pattern.quote(name) + ": .*\\n").matcher(text);
            if (top.find()) {
                text = value == null ? top.replaceFirst("")
                        : top.replaceFirst(Matcher.quoteReplacement(name + ": " + value + "\n"));
                continue;
            }
            Matcher inner = Pattern.compile("(, )?(?<=[{ ])" + Pattern.quote(name) + ": ([^,}\\n]*)").matcher(text);
            if (!inner.find()) {
                throw new IllegalArgumentException("the tiny IMP config has no setting " + name);
            }
            text = value == null ? inner.replaceFirst("")
                    : inner.replaceFirst(Matcher.quoteReplacement((inner.group(1) == null ? "" : inner.group(1))
                    + name + ": " + value));
        }
        return text;
    }
}
