package dev.scalelab.scaling.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scalelab.scaling.Estimate;
import dev.scalelab.scaling.FitOutcome;
import dev.scalelab.scaling.FitSettings;
import dev.scalelab.scaling.data.FitPoints;
import dev.scalelab.scaling.diagnostics.FitDiagnostics;
import dev.scalelab.scaling.fit.MultiStartResult;
import dev.scalelab.scaling.fit.PowerForm;
import dev.scalelab.scaling.optimal.ApproachResult;
import dev.scalelab.scaling.optimal.PowerLawFit;
import dev.scalelab.scaling.plot.ScalingFitFormat;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link FitOutcome} as a readable table or as one JSON document. */
public final class FitReportWriter {
    private FitReportWriter() {
    }

    public static String json(FitOutcome out, List<Path> plots) {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = m.createObjectNode();
        FitSettings s = out.settings();
        root.put("form", out.form().name());
        root.put("formula", out.form().formula());
        ObjectNode set = root.putObject("settings");
        if (!out.form().joint()) {
            set.put("x", s.x());
            set.put("irreducible", !Double.valueOf(0).equals(s.fixed().get(PowerForm.IRREDUCIBLE)));
        }
        ObjectNode fixed = set.putObject("fixed");
        s.fixed().forEach((k, v) -> num(fixed, k, v));
        set.put("k", s.k());
        set.put("objective", s.penalty().describe());
        num(set, "huber_delta", s.penalty().isLeastSquares() ? Double.NaN : s.penalty().delta());
        set.put("bootstrap", s.bootstrap());
        set.put("bootstrap_by", s.bootstrapBy());
        set.put("seed", s.seed());
        set.put("confidence", s.confidence());
        set.put("threads", s.threads());
        FitPoints d = out.data();
        ObjectNode data = root.putObject("data");
        ArrayNode in = data.putArray("inputs");
        d.inputs().forEach(in::add);
        data.put("rows_read", d.rowsRead());
        data.put("points", d.observations().size());
        data.put("excluded_total", d.excludedTotal());
        ObjectNode ex = data.putObject("excluded");
        d.excluded().forEach(ex::put);
        ObjectNode notes = data.putObject("notes");
        d.notes().forEach(notes::put);
        MultiStartResult f = out.fit();
        ObjectNode opt = root.putObject("optimizer");
        opt.put("method", "L-BFGS (m=10), Wolfe line search, analytic gradients");
        num(opt, "objective", f.objective());
        opt.put("starts", f.starts());
        opt.put("reached_best", f.reachedBest());
        opt.put("converged", f.converged());
        opt.put("failed", f.failed());
        opt.put("best_start_index", f.bestStartIndex());
        opt.put("best_iterations", f.bestIterations());
        num(opt, "seconds", out.fitSeconds());
        opt.put("best_converged", f.bestConverged());
        opt.put("best_stop", f.bestStop());
        if (out.screening() != null) {
            ObjectNode sc = opt.putObject("screening");
            sc.put("rows", out.screening().rows());
            sc.put("refined", out.screening().refined());
            ArrayNode st = sc.putArray("subsample_theta");
            for (double v : out.screening().subsampleTheta()) {
                st.add(v);
            }
        }
        ArrayNode theta = opt.putArray("theta");
        for (double v : f.theta()) {
            if (Double.isFinite(v)) {
                theta.add(v);
            } else {
                theta.addNull(); // a term fixed at 0: e = -inf
            }
        }
        ArrayNode names = opt.putArray("theta_names");
        out.form().parameterNames().forEach(names::add);
        diagnostics(root.putObject("diagnostics"), out);
        estimates(root.putObject("parameters"), out.parameters());
        estimates(root.putObject("derived"), out.derived());
        ArrayNode preds = root.putArray("predictions");
        for (FitOutcome.Prediction p : out.predictions()) {
            ObjectNode pn = preds.addObject();
            ObjectNode at = pn.putObject("at");
            p.at().forEach((k, v) -> num(at, k, v));
            num(pn, "decades_beyond_data", p.decadesBeyond());
            estimates(pn.putObject("values"), p.values());
            if (p.decadesBeyond() > 0 && out.bootstrap() != null) {
                estimates(pn.putObject("bootstrap_values"), p.bootstrap());
            }
        }
        if (out.bootstrap() != null) {
            ObjectNode b = root.putObject("bootstrap");
            b.put("resamples", out.bootstrap().resamples());
            b.put("seed", out.bootstrap().seed());
            b.put("failed", out.bootstrap().failed());
            b.put("interval", "percentile");
            if (s.bootstrapBy() != null) {
                b.put("by", s.bootstrapBy());
                b.put("clusters", clusters(d));
                b.put("note", "whole clusters resampled: every point of a drawn cluster comes along");
            }
            int drawn = d.observations().size() > dev.scalelab.scaling.ScalingFit.BOOTSTRAP_ABOVE
                    && s.bootstrapBy() == null ? dev.scalelab.scaling.ScalingFit.BOOTSTRAP_ROWS : d.observations().size();
            b.put("points_per_resample", drawn);
            if (drawn < d.observations().size()) {
                b.put("note", "m-out-of-n bootstrap: deviations from the estimate shrunk by sqrt(m/n)");
            }
        }
        approach(root.putObject("approach1"), out.approach1());
        approach(root.putObject("approach2"), out.approach2());
        ArrayNode pl = root.putArray("plots");
        plots.forEach(p -> pl.add(p.toString()));
        try {
            return m.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void diagnostics(ObjectNode node, FitOutcome out) {
        FitDiagnostics g = out.diagnostics();
        node.put("converged", g.converged());
        node.put("stop", g.stop());
        node.put("iterations", g.iterations());
        node.put("max_iterations", g.maxIterations());
        node.put("starts", g.starts());
        node.put("reached_best", g.reachedBest());
        ArrayNode b = node.putArray("at_bound");
        g.atBound().forEach(b::add);
        num(node, "condition_number", g.condition());
        ArrayNode fl = node.putArray("flat_directions");
        g.flatDirections().forEach(fl::add);
        ObjectNode se = node.putObject("standard_errors");
        for (int k = 0; k < g.standardErrors().length; k++) {
            num(se, out.form().parameterNames().get(k), g.standardErrors()[k]);
        }
        ObjectNode id = node.putObject("identified");
        g.identified().forEach(id::put);
        ArrayNode ba = node.putArray("bootstrap_at_bound");
        g.bootstrapAtBound().forEach(ba::add);
        ArrayNode w = node.putArray("warnings");
        out.warnings().forEach(w::add);
    }

    private static void estimates(ObjectNode node, List<Estimate> es) {
        for (Estimate e : es) {
            ObjectNode o = node.putObject(e.name());
            num(o, "value", e.value());
            num(o, "lo", e.lo());
            num(o, "hi", e.hi());
            if (e.fixed()) {
                o.put("fixed", true);
            } else if (!e.description().isEmpty()) {
                o.put("description", e.description());
            }
        }
    }

    private static void approach(ObjectNode node, ApproachResult r) {
        node.put("status", r.ran() ? "ok" : "skipped");
        if (!r.ran()) {
            node.put("reason", r.reason());
        } else {
            fit(node.putObject("n_opt_fit"), r.fitN());
            fit(node.putObject("d_opt_fit"), r.fitD());
            ArrayNode pts = node.putArray("points");
            for (int i = 0; i < r.c().length; i++) {
                ObjectNode p = pts.addObject();
                num(p, "C", r.c()[i]);
                num(p, "N_opt", r.nOpt()[i]);
                num(p, "D_opt", r.dOpt()[i]);
            }
        }
        ArrayNode notes = node.putArray("notes");
        r.notes().forEach(notes::add);
    }

    private static void fit(ObjectNode node, PowerLawFit f) {
        if (f == null) {
            return;
        }
        num(node, "exponent", f.exponent());
        num(node, "coefficient", f.coefficient());
        num(node, "r2", f.r2());
        node.put("points", f.points());
    }

    private static void num(ObjectNode node, String key, double v) {
        if (Double.isFinite(v)) {
            node.put(key, v);
        } else {
            node.putNull(key);
        }
    }

    public static String table(FitOutcome out, List<Path> plots) {
        StringBuilder sb = new StringBuilder();
        FitSettings s = out.settings();
        FitPoints d = out.data();
        MultiStartResult f = out.fit();
        line(sb, "form        %s: %s", out.form().name(), out.form().formula());
        line(sb, "inputs      %s", String.join(", ", d.inputs()));
        line(sb, "rows        %d read, %d used, %d excluded", d.rowsRead(), d.observations().size(), d.excludedTotal());
        d.excluded().forEach((k, v) -> line(sb, "  excluded  %-40s %d", k, v));
        d.notes().forEach((k, v) -> line(sb, "  note      %-40s %d", k, v));
        line(sb, "objective   %s in log space = %s", s.penalty().describe(), sci(f.objective()));
        line(sb, "starts      %d; %d reached the best optimum, %d converged, %d failed (best: start #%d, %d iterations, "
                + "%.2f s)", f.starts(), f.reachedBest(), f.converged(), f.failed(), f.bestStartIndex(),
                f.bestIterations(), out.fitSeconds());
        if (out.screening() != null) {
            line(sb, "screening   every start on %d of %d points, the best %d optima refined on all points (refined "
                    + "optimum above)", out.screening().rows(), d.observations().size(), out.screening().refined());
        }
        FitDiagnostics g = out.diagnostics();
        line(sb, "converged   %s (best start: %s, %d of at most %d iterations)", g.converged() ? "yes" : "NO",
                g.stop(), g.iterations(), g.maxIterations());
        line(sb, "condition   %s (Gauss-Newton J'J at the optimum, columns scaled)%s", sci(g.condition()),
                g.flatDirections().isEmpty() ? "; no near-flat direction" : "");
        g.flatDirections().forEach(fd -> line(sb, "  flat      %s", fd));
        g.atBound().forEach(ab -> line(sb, "  bound     %s", ab));
        StringBuilder idl = new StringBuilder();
        g.identified().forEach((k, v) -> idl.append(idl.length() == 0 ? "" : ", ").append(k).append(v.equals("yes")
                ? "" : v.equals("fixed") ? " fixed" : " NO"));
        line(sb, "identified  %s", idl);
        String ci = String.format(Locale.ROOT, "%.1f%%", 100 * s.confidence());
        if (out.bootstrap() != null) {
            line(sb, "bootstrap   %d resamples%s, seed %d, %s percentile intervals, %d failed refits",
                    out.bootstrap().resamples(), s.bootstrapBy() == null ? "" : " of whole clusters by "
                    + s.bootstrapBy() + " (" + clusters(d) + ")", out.bootstrap().seed(), ci, out.bootstrap().failed());
        } else {
            line(sb, "bootstrap   none (--bootstrap 0)");
        }
        sb.append('\n');
        header(sb, "parameter", ci);
        out.parameters().forEach(e -> row(sb, e));
        g.bootstrapAtBound().forEach(n -> line(sb, "  at bound  %s", n));
        if (!out.derived().isEmpty()) {
            sb.append('\n');
            header(sb, "derived", ci);
            out.derived().forEach(e -> row(sb, e));
        }
        for (FitOutcome.Prediction p : out.predictions()) {
            sb.append('\n');
            StringBuilder at = new StringBuilder();
            for (Map.Entry<String, Double> e : p.at().entrySet()) {
                at.append(at.length() == 0 ? "" : ", ").append(e.getKey()).append('=').append(sci(e.getValue()));
            }
            header(sb, "at " + at, ci);
            p.values().forEach(e -> row(sb, e));
            if (p.decadesBeyond() > 0) {
                line(sb, "  %.1f decades beyond the data%s", p.decadesBeyond(), out.bootstrap() == null ? ""
                        : String.format(Locale.ROOT, "; intervals widened x(1 + %.1f) in log space", p.decadesBeyond()));
            }
        }
        sb.append('\n');
        approachLines(sb, "approach 1 (envelope)", out.approach1());
        approachLines(sb, "approach 2 (IsoFLOP)", out.approach2());
        if (!plots.isEmpty()) {
            line(sb, "plots       %s", String.join(", ", plots.stream().map(Path::toString).toList()));
        }
        line(sb, "warnings    %d%s", out.warnings().size(), out.warnings().isEmpty() ? "" : " (on stderr, one line each)");
        return sb.toString();
    }

    private static long clusters(FitPoints d) {
        return d.observations().stream().map(dev.scalelab.scaling.data.Observation::cluster).distinct().count();
    }

    private static void approachLines(StringBuilder sb, String name, ApproachResult r) {
        if (!r.ran()) {
            line(sb, "%-22s skipped: %s", name, r.reason());
        } else {
            line(sb, "%-22s N_opt = %s * C^%s (r2 %.3f), D_opt = %s * C^%s, %d budgets", name,
                    sci(r.fitN().coefficient()), fix(r.fitN().exponent()), r.fitN().r2(), sci(r.fitD().coefficient()),
                    fix(r.fitD().exponent()), r.c().length);
        }
        r.notes().forEach(n -> line(sb, "  %s", n));
    }

    private static void header(StringBuilder sb, String title, String ci) {
        line(sb, "%-30s %14s %14s %14s", title, "estimate", "lo " + ci, "hi " + ci);
    }

    private static void row(StringBuilder sb, Estimate e) {
        line(sb, "  %-28s %14s %14s %14s%s", e.name(), sci(e.value()), sci(e.lo()), sci(e.hi()),
                e.description().isEmpty() ? "" : "  " + e.description());
    }

    private static String sci(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        double a = Math.abs(v);
        if (a != 0 && (a >= 1e6 || a < 1e-3)) {
            return String.format(Locale.ROOT, "%.5e", v);
        }
        return String.format(Locale.ROOT, "%.6g", v);
    }

    private static String fix(double v) {
        return ScalingFitFormat.number(v);
    }

    private static void line(StringBuilder sb, String fmt, Object... args) {
        sb.append(String.format(Locale.ROOT, fmt, args)).append('\n');
    }
}
