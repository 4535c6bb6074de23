package dev.scalelab.cli.theory;

import dev.scalelab.core.UserInputException;
import dev.scalelab.core.geometry.TwoNn;
import dev.scalelab.core.geometry.TwoNnEstimate;
import dev.scalelab.core.geometry.TwoNnSettings;
import dev.scalelab.core.task.ReluTeacher;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code scalelab intrinsic-dim}: the TwoNN dimension (Facco et al. 2017) of relu_teacher data, as Sharma &amp;
 * Kaplan measure it: of the coordinates the teacher reads, of the student's whole input, and of the teacher's last
 * hidden layer, for samples from the same stream a sweep trains on.
 */
@Command(name = "intrinsic-dim", mixinStandardHelpOptions = true,
        description = {"Measure the intrinsic dimension (TwoNN, Facco et al. 2017; with the Pareto MLE beside it) of "
                + "relu_teacher data for each d: the d coordinates the teacher reads, the student's whole input, "
                + "and the teacher's last hidden layer. The teacher and the stream are those of a sweep config with "
                + "the same task settings."})
public final class IntrinsicDimensionCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--d", split = ",", defaultValue = "2,4,8,16", paramLabel = "D",
            description = "varying input coordinates (task.d), comma-separated (default ${DEFAULT-VALUE})")
    private List<Integer> features;

    @Option(names = "--points", defaultValue = "10000", paramLabel = "N",
            description = "samples per d (default ${DEFAULT-VALUE})")
    private int points;

    @Option(names = "--ambient-d", defaultValue = "20", description = "task.ambient_d (default ${DEFAULT-VALUE})")
    private int ambient;

    @Option(names = "--teacher-width", defaultValue = "600", description = "task.teacher_width (default ${DEFAULT-VALUE})")
    private int width;

    @Option(names = "--teacher-depth", defaultValue = "2", description = "task.teacher_depth (default ${DEFAULT-VALUE})")
    private int depth;

    @Option(names = "--teacher-scale", defaultValue = "6", description = "task.teacher_scale (default ${DEFAULT-VALUE})")
    private double scale;

    @Option(names = "--teacher-seed", defaultValue = "1", description = "task.teacher_seed (default ${DEFAULT-VALUE})")
    private long teacherSeed;

    @Option(names = "--data-seed", defaultValue = "1", description = "task.data_seed (default ${DEFAULT-VALUE})")
    private long dataSeed;

    @Option(names = "--bootstrap", defaultValue = "200", description = "bootstrap resamples of the ratios "
            + "(default ${DEFAULT-VALUE}; the interval ignores neighbour correlation and bias)")
    private int bootstrap;

    @Override
    public Integer call() {
        UserInputException.require(points >= 3 && points <= 200_000, "--points must be in 3..200000, got " + points);
        PrintWriter out = spec.commandLine().getOut();
        TwoNnSettings settings = TwoNnSettings.defaults().withBootstrap(bootstrap, 0);
        out.println("| d | TwoNN of the d coordinates read (MLE) | TwoNN of the " + ambient
                + "-dim input (MLE) | TwoNN of the last hidden layer, " + width + " units (MLE) |");
        out.println("|---|---|---|---|");
        for (int d : features) {
            UserInputException.require(d >= 1 && d <= ambient, "--d: each d must be in 1.." + ambient
                    + " (--ambient-d), got " + d);
        }
        for (int d : features) {
            ReluTeacher teacher = new ReluTeacher(ambient, d, depth, width, scale, teacherSeed);
            float[] x = teacher.inputs(ReluTeacher.streamSeed(dataSeed, false), 0, points);
            double[] read = new double[points * d];
            for (int r = 0; r < points; r++) {
                for (int c = 0; c < d; c++) {
                    read[r * d + c] = x[r * ambient + c];
                }
            }
            TwoNnEstimate onRead = TwoNn.estimate(read, points, d, settings);
            TwoNnEstimate onInput = TwoNn.estimate(x, points, ambient, settings);
            TwoNnEstimate onHidden = TwoNn.estimate(teacher.activations(x, points, depth), points, width, settings);
            out.println("| " + d + " | " + shown(onRead) + " | " + shown(onInput) + " | " + shown(onHidden) + " |");
            out.flush();
        }
        return 0;
    }

    private static String shown(TwoNnEstimate e) {
        return String.format(Locale.ROOT, "%.2f [%.2f, %.2f] (%.2f)", e.dimension(), e.dimensionInterval().lower(),
                e.dimensionInterval().upper(), e.mleDimension());
    }
}
