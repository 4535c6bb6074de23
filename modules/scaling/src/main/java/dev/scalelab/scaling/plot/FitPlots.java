package dev.scalelab.scaling.plot;

import dev.scalelab.scaling.FitOutcome;
import dev.scalelab.scaling.data.Observation;
import dev.scalelab.scaling.fit.ChinchillaForm;
import dev.scalelab.scaling.fit.ModelForm;
import dev.scalelab.scaling.fit.PowerForm;
import dev.scalelab.scaling.optimal.Approach2;
import dev.scalelab.scaling.optimal.ApproachResult;
import dev.scalelab.scaling.optimal.ComputeOptimal;
import dev.scalelab.core.plot.LogAxes;
import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The fit's figures, each drawn as PNG and SVG: {@code fit} (loss against N, or the power form's variable, on log-log
 * axes, one series per compute or data bucket with its fitted curve), {@code frontier} (N*(C) and D*(C), with
 * Approach 1 and 2 points), {@code residuals} (log residuals against N).
 */
public final class FitPlots {
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};
    private static final int MAX_GROUPS = 10;

    private FitPlots() {
    }

    /** The figures by file stem ({@code fit}, {@code frontier} for joint forms, {@code residuals}), unbuilt. */
    public static Map<String, Supplier<XYChart>> figures(FitOutcome out) {
        Map<String, Supplier<XYChart>> figures = new LinkedHashMap<>();
        figures.put("fit", () -> readable(fitChart(out)));
        if (out.form().joint()) {
            figures.put("frontier", () -> readable(frontierChart(out)));
        }
        figures.put("residuals", () -> readable(residualChart(out)));
        return figures;
    }

    private static XYChart readable(XYChart chart) {
        LogAxes.readable(chart);
        return chart;
    }

    private static XYChart chart(String title, String x, String y) {
        XYChart c = new XYChartBuilder().width(900).height(600).title(title).xAxisTitle(x).yAxisTitle(y).build();
        org.knowm.xchart.style.XYStyler st = c.getStyler();
        st.setLegendPosition(Styler.LegendPosition.OutsideE);
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setPlotGridLinesColor(new Color(0xdddddd));
        st.setLegendBorderColor(Color.WHITE);
        c.getStyler().setMarkerSize(6);
        return c;
    }

    static XYChart fitChart(FitOutcome out) {
        ModelForm form = out.form();
        double[] theta = out.fit().theta();
        List<Observation> obs = out.data().observations();
        String xName = form.joint() ? "N" : ((PowerForm) form).variable();
        XYChart c = chart("Loss vs " + xName + " (" + form.name() + " fit)", xName + " (log)", "loss (log)");
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setYAxisLogarithmic(true);
        if (!form.joint()) {
            double[] x = obs.stream().mapToDouble(o -> variableOf(o, xName)).toArray();
            double[] y = obs.stream().mapToDouble(Observation::loss).toArray();
            scatter(c, "data", x, y, PALETTE[0]);
            double[] gx = logGrid(min(x) / 1.5, max(x) * 1.5, 100);
            double[] gy = new double[gx.length];
            for (int i = 0; i < gx.length; i++) {
                gy[i] = form.predict(theta, gx[i], 0);
            }
            line(c, "fit: " + form.formula(), gx, gy, PALETTE[3], false);
            return c;
        }
        List<List<Observation>> groups = Approach2.buckets(obs, out.settings().isoflopWidth());
        boolean byCompute = groups.size() >= 2 && groups.size() <= MAX_GROUPS
                && groups.stream().allMatch(g -> g.size() >= 2);
        if (!byCompute) {
            groups = quantileGroups(obs, Math.min(6, Math.max(1, obs.size() / 3)));
        }
        double k = out.settings().k();
        for (int gi = 0; gi < groups.size(); gi++) {
            List<Observation> g = groups.get(gi);
            Color col = PALETTE[gi % PALETTE.length];
            double[] x = g.stream().mapToDouble(Observation::n).toArray();
            double[] y = g.stream().mapToDouble(Observation::loss).toArray();
            double gm = Math.exp(g.stream().mapToDouble(o -> Math.log(byCompute ? o.c() : o.d())).average()
                    .orElseThrow());
            String label = (byCompute ? "C" : "D") + String.format(Locale.ROOT, " ~ %.2g", gm);
            scatter(c, label, x, y, col);
            double[] gx = logGrid(min(x) / 1.5, max(x) * 1.5, 60);
            double[] gy = new double[gx.length];
            for (int i = 0; i < gx.length; i++) {
                double d = byCompute ? gm / (k * gx[i]) : gm;
                gy[i] = form.predict(theta, gx[i], d);
            }
            line(c, label + " fit", gx, gy, col, false);
        }
        return c;
    }

    static XYChart frontierChart(FitOutcome out) {
        ModelForm form = out.form();
        double[] theta = out.fit().theta();
        double k = out.settings().k();
        List<Observation> obs = out.data().observations();
        double[] cs = obs.stream().mapToDouble(Observation::c).filter(v -> v > 0).toArray();
        XYChart c = chart("Compute-optimal allocation (C = " + fmt(k) + "*N*D)", "C, FLOPs (log)",
                "N*(C), D*(C) (log)");
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setYAxisLogarithmic(true);
        double[] gc = logGrid(min(cs) / 10, max(cs) * 100, 80);
        double[] gn = new double[gc.length];
        double[] gd = new double[gc.length];
        ComputeOptimal.Chinchilla co = null;
        if (form instanceof ChinchillaForm) {
            var p = form.reported(theta);
            co = new ComputeOptimal.Chinchilla(p.get("A"), p.get("B"), p.get("E"), p.get("alpha"), p.get("beta"), k);
        }
        for (int i = 0; i < gc.length; i++) {
            gn[i] = co != null ? co.nOpt(gc[i])
                    : ComputeOptimal.nOptNumeric((n, d) -> form.predict(theta, n, d), gc[i], k);
            gd[i] = gc[i] / (k * gn[i]);
        }
        line(c, "N*(C), fit", gc, gn, PALETTE[0], false);
        line(c, "D*(C), fit", gc, gd, PALETTE[1], false);
        scatter(c, "runs (C, N)", cs, obs.stream().filter(o -> o.c() > 0).mapToDouble(Observation::n).toArray(),
                new Color(0xaaaaaa));
        addApproach(c, out.approach1(), "Approach 1", PALETTE[2]);
        addApproach(c, out.approach2(), "Approach 2", PALETTE[3]);
        return c;
    }

    private static void addApproach(XYChart c, ApproachResult r, String name, Color col) {
        if (r == null || !r.ran()) {
            return;
        }
        XYSeries sn = scatter(c, name + " N_opt", r.c(), r.nOpt(), col);
        sn.setMarker(SeriesMarkers.DIAMOND);
        XYSeries sd = scatter(c, name + " D_opt", r.c(), r.dOpt(), col);
        sd.setMarker(SeriesMarkers.SQUARE);
    }

    static XYChart residualChart(FitOutcome out) {
        ModelForm form = out.form();
        double[] theta = out.fit().theta();
        List<Observation> obs = out.data().observations();
        String xName = form.joint() ? "N" : ((PowerForm) form).variable();
        XYChart c = chart("Residuals, log L - log L_fit", xName + " (log)", "log residual");
        c.getStyler().setXAxisLogarithmic(true);
        double[] x = obs.stream().mapToDouble(o -> variableOf(o, xName)).toArray();
        double[] r = new double[obs.size()];
        for (int i = 0; i < r.length; i++) {
            Observation o = obs.get(i);
            double pred = form.joint() ? form.predict(theta, o.n(), o.d()) : form.predict(theta, x[i], 0);
            r[i] = Math.log(o.loss()) - Math.log(pred);
        }
        scatter(c, "points (" + r.length + ")", x, r, PALETTE[0]);
        line(c, "zero", new double[] {min(x) / 1.2, max(x) * 1.2}, new double[] {0, 0}, Color.BLACK, true);
        return c;
    }

    private static double variableOf(Observation o, String x) {
        return switch (x) {
            case "D" -> o.d();
            case "C" -> o.c();
            default -> o.n();
        };
    }

    private static List<List<Observation>> quantileGroups(List<Observation> obs, int groups) {
        List<Observation> sorted = new ArrayList<>(obs);
        sorted.sort(Comparator.comparingDouble(Observation::d));
        List<List<Observation>> out = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            int from = g * sorted.size() / groups;
            int to = (g + 1) * sorted.size() / groups;
            if (to > from) {
                out.add(sorted.subList(from, to));
            }
        }
        return out;
    }

    private static XYSeries scatter(XYChart c, String name, double[] x, double[] y, Color col) {
        XYSeries s = c.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(col);
        return s;
    }

    private static void line(XYChart c, String name, double[] x, double[] y, Color col, boolean dashed) {
        XYSeries s = c.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(col);
        s.setLineStyle(dashed ? new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 4f}, 0f) : new BasicStroke(1.8f));
    }

    private static double[] logGrid(double lo, double hi, int n) {
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * i / (n - 1));
        }
        return g;
    }

    private static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : v) {
            m = Math.min(m, x);
        }
        return m;
    }

    private static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            m = Math.max(m, x);
        }
        return m;
    }

    private static String fmt(double v) {
        return ScalingFitFormat.number(v);
    }
}
