package dev.scalelab.scaling.data;

import java.util.List;
import java.util.Map;

/**
 * The points that go into a fit, with a full account of the rows that did not.
 *
 * @param inputs       the files and directories read
 * @param rowsRead     rows read from all inputs
 * @param observations the points kept, in input order
 * @param excluded     rows excluded, by reason ("status=diverged", "where loss<3", "drop-highest 5"), in order of
 *                     application; rowsRead = observations.size() + sum(excluded)
 * @param notes        things done to kept rows or runs that were not rows (derived D, fallback loss column,
 *                     incomplete run directories, truncated metric lines), with counts
 */
public record FitPoints(List<String> inputs, int rowsRead, List<Observation> observations,
                      Map<String, Integer> excluded, Map<String, Integer> notes) {
    public int excludedTotal() {
        return excluded.values().stream().mapToInt(Integer::intValue).sum();
    }
}
