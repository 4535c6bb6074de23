package dev.scalelab.cli.sweep;

import dev.scalelab.core.run.SweepMerge;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scalelab sweep merge SRC... --into DIR}: the complete runs of several copies of a sweep, in one. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Merge the complete runs of sweep directories (e.g. shards copied back from machines without "
                + "a shared file system) into DIR, each run once. Refuses sources of another sweep and runs whose "
                + "resolved configs differ; writes nothing then."})
public final class SweepMergeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "SRC", arity = "1..*", description = "sweep directories to merge")
    private List<Path> sources;

    @Option(names = "--into", required = true, paramLabel = "DIR", description = "the merged sweep directory "
            + "(created, or added to)")
    private Path into;

    @Override
    public Integer call() throws Exception {
        SweepMerge.Result r = SweepMerge.merge(sources, into);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("merged into %s: %d runs copied, %d already there%n", into, r.copied(), r.alreadyThere());
        for (Map.Entry<Path, Integer> e : r.bySource().entrySet()) {
            out.printf("  %s: %d runs%n", e.getKey(), e.getValue());
        }
        out.flush();
        return 0;
    }
}
