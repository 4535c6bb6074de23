package dev.scalelab.cli.sweep;

import dev.scalelab.core.UserInputException;
import dev.scalelab.core.run.RunScan;
import dev.scalelab.core.run.RunTable;
import dev.scalelab.core.run.SweepDirectory;
import dev.scalelab.core.config.ConfigField;
import dev.scalelab.core.config.ConfigFields;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scalelab sweep table DIR}: one row per complete run, in the fitter's columns (docs/run-logs.md). */
@Command(name = "table", mixinStandardHelpOptions = true,
        description = {"Print one row per complete run: run_id, status, every config.* key, then params, samples, "
                + "flops, steps, final/best train/test loss, wall_seconds.",
            "By default the config.* columns that are the same in every run are left out (md lists them once "
                + "above the table), and so are measures that no run has; --columns all gives every column. The CSV feeds './scalelab fit' as is (N=params, D=samples, C=flops, "
                + "loss=final_test_loss)."})
public final class SweepTableCommand implements Callable<Integer> {
    /** Shown by default even when constant: a row's name and status, and what the fitter reads. */
    static final List<String> ALWAYS = List.of("run_id", "status", "params", "samples", "flops", "final_train_loss",
            "final_test_loss");

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "sweep directory, or any directory holding run logs "
            + "(e.g. a prune run: every summary.json below it)")
    private Path dir;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "csv",
            description = "csv, md or json (default ${DEFAULT-VALUE})")
    private String format;

    @Option(names = "--columns", paramLabel = "COL,...", split = ",", description = "the columns to print, in this "
            + "order (table names such as config.model.width or final_test_loss, or a setting's short name such as "
            + "width), or 'all'; default: every column but the config.* ones that are the same in every run and "
            + "the measures no run has")
    private List<String> columns;

    @Option(names = "--sort", paramLabel = "COL[:desc]", description = "sort the rows by this column (numbers by "
            + "value, empty cells last), ascending or with :desc descending; default: by run_id")
    private String sort;

    @Override
    public Integer call() throws Exception {
        RunTable.Format f = RunTable.Format.parse(format);
        RunScan scan = scan(dir);
        RunTable full = new RunTable(scan.complete().values());
        RunTable table = full;
        if (sort != null) {
            boolean desc = sort.endsWith(":desc");
            String key = desc ? sort.substring(0, sort.length() - 5) : sort.endsWith(":asc")
                    ? sort.substring(0, sort.length() - 4) : sort;
            table = table.sortedBy(column(full, key, "--sort"), desc);
        }
        List<String> shown = new ArrayList<>();
        if (columns == null) {
            List<String> varying = full.varyingColumns();
            for (String c : full.columns()) {
                boolean config = c.startsWith("config.");
                if (ALWAYS.contains(c) || (config ? varying.contains(c)
                        : full.column(c).stream().anyMatch(java.util.Objects::nonNull))) {
                    shown.add(c);
                }
            }
        } else if (columns.size() == 1 && columns.get(0).equals("all")) {
            shown.addAll(full.columns());
        } else {
            for (String c : columns) {
                shown.add(column(full, c.strip(), "--columns"));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (columns == null && f == RunTable.Format.MD && full.size() > 1) {
            List<String> constant = new ArrayList<>();
            for (String c : full.columns()) {
                if (!shown.contains(c) && full.column(c).get(0) != null) {
                    constant.add(c + " = " + RunTable.cell(full.column(c).get(0)));
                }
            }
            if (!constant.isEmpty()) {
                out.println("The same in every run (not shown below; --columns all shows them): "
                        + String.join(", ", constant));
                out.println();
            }
        }
        out.print(table.select(shown).render(f));
        out.flush();
        if (scan.warning() != null) {
            spec.commandLine().getErr().println(scan.warning());
            spec.commandLine().getErr().flush();
        }
        return 0;
    }

    /** A column by its table name, or a setting's short name or key as its config.* column; else a user error. */
    static String column(RunTable table, String name, String flag) {
        if (table.columns().contains(name)) {
            return name;
        }
        ConfigField field = ConfigFields.find(name);
        if (field != null && table.columns().contains("config." + field.key())) {
            return "config." + field.key();
        }
        if (table.columns().contains("config." + name)) {
            return "config." + name;
        }
        throw new UserInputException(flag + ": no column '" + name + "' in the table of " + table.size()
                + " runs (columns: " + String.join(", ", table.columns()) + ")");
    }

    /**
     * Every run below {@code dir}, a sweep directory or any directory of run logs (e.g. prune runs); refuses a
     * directory that is neither.
     */
    static RunScan scan(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new UserInputException(dir + ": no such sweep directory");
        }
        RunScan scan = RunScan.of(dir);
        if (!isSweep(dir) && scan.complete().isEmpty() && scan.unreadable().isEmpty()) {
            throw new UserInputException(dir + ": not a sweep directory (no " + SweepDirectory.MANIFEST
                    + ") and no run logs (summary.json) below it");
        }
        return scan;
    }

    private static boolean isSweep(Path dir) {
        return Files.isRegularFile(dir.resolve(SweepDirectory.MANIFEST))
                || Files.isRegularFile(dir.resolve(SweepDirectory.INDEX));
    }

    static SweepDirectory open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UserInputException(dir + ": no such sweep directory");
        }
        if (!isSweep(dir)) {
            throw new UserInputException(dir + ": not a sweep directory (no " + SweepDirectory.MANIFEST + ")");
        }
        return new SweepDirectory(dir);
    }
}
