package dev.scalelab.core.run;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One line of metrics.jsonl. {@code trainLoss} is null when it was NaN or infinite (a diverged step);
 * {@code testLoss} and {@code testAccuracy} are left out when not measured.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MetricLine(long step, long samples, double flops, double wall,
                         @JsonInclude(JsonInclude.Include.ALWAYS) Double trainLoss, Double testLoss,
                         Double testAccuracy) {
}
