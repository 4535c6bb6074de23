import dev.scalelab.core.task.Dataset;
import dev.scalelab.core.task.TaskFactory;
import dev.scalelab.core.task.TaskSpec;
import dev.scalelab.engine.memorization.RandomFeatureCertificate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The certificates of `memorize`'s defaults (N = 100, d = 10, 16 widths) for S seeds, twice: "svd" one Hipparchus
 * SVD per certificate on one thread (what memorize did before issue 11 item 5), or "batched" (a width's K
 * certificates through ComputeBackend.leastSquares: pivoted QR on all cores). Prints seconds per pass and the sum
 * of ranks (equal in both modes). A single-file program, run against a built CLI (see benchmarks/RESULTS.md):
 *   java -cp "modules/cli/target/scalelab-cli-0.1.0-SNAPSHOT.jar:modules/cli/target/lib/*" \
 *     benchmarks/certificates/CertificateBench.java batched 100
 * Against a CLI from before the batched path, delete the "batched" branch and run "svd".
 */
public class CertificateBench {
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int seeds = Integer.parseInt(args[1]);
        int[] widths = {2, 3, 4, 6, 8, 10, 13, 17, 20, 25, 35, 50, 75, 100, 125, 150};
        TaskFactory factory = new TaskFactory(Path.of("unused"));
        List<Dataset> data = new ArrayList<>();
        long[] s = new long[seeds];
        for (int i = 0; i < seeds; i++) {
            s[i] = i;
            data.add(factory.create(TaskSpec.randomRegression(100, 10, i)).train());
        }
        for (int rep = 0; rep < 2; rep++) {
            long t0 = System.nanoTime();
            double check = 0;
            for (int w : widths) {
                if (mode.equals("svd")) {
                    for (int i = 0; i < seeds; i++) {
                        check += RandomFeatureCertificate.compute(data.get(i), w, s[i]).rank();
                    }
                } else {
                    try (var backend = new dev.scalelab.engine.reference.ReferenceBackend()) {
                        for (var r : RandomFeatureCertificate.computeAll(backend, data, w, s)) {
                            check += r.rank();
                        }
                    }
                }
            }
            System.out.printf("%s %d seeds x 16 widths: %.2f s (sum of ranks %.0f)%n", mode, seeds,
                    (System.nanoTime() - t0) / 1e9, check);
        }
    }
}
