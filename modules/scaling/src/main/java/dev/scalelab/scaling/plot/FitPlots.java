package dev.scalelab.scaling.plot;

import dev.scalelab.scaling.FitOutcome;
import dev.scalelab.scaling.data.Observation;
import dev.scalelab.scaling.fit.ChinchillaForm;
import dev.scalelab.scaling.fit.ModelForm;
import dev.scalelab.scaling.fit.PowerForm;
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
 * axes; for a joint form one colour per data size D, its points and the fitted curve at exactly that D),
 * {@code frontier-N} and {@code frontier-D} (N*(C) and D*(C) on their own axes, with the runs and Approach 1 and 2
 * points), {@code residuals} (log residuals against N, coloured by D as in {@code fit}). Every log axis has the one
 * format of {@link LogAxes}.
 */
public final class FitPlots {
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};
    /** Up to this many distinct D values get a colour each; beyond, D is binned into this many quantile groups. */
    static final int MAX_GROUPS = 10;
    /** At most this many points are drawn per figure (every k-th point beyond; the title says so). */
    static final int MAX_DRAWN = 5_000;

    private FitPlots() {
    }

    /** The figures by file stem, unbuilt. */
    public static Map<String, Supplier<XYChart>> figures(FitOutcome out) {
        Map<String, Supplier<XYChart>> figures = new LinkedHashMap<>();
        figures.put("fit", () -> readable(fitChart(out)));
        if (out.form().joint()) {
            figures.put("frontier-N", () -> readable(frontierChart(out, true)));
            figures.put("frontier-D", () -> readable(frontierChart(out, false)));
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

    /**
     * A group of points sharing a colour: one distinct D (curve at exactly that D), or a quantile bin of D when
     * there are more than {@link #MAX_GROUPS} distinct values (curve at the bin's geometric mean).
     */
    record Group(String label, double d, List<Observation> points) {
    }

    /** The points grouped by D, in increasing D. */
    static List<Group> byD(List<Observation> obs) {
        java.util.TreeMap<Double, List<Observation>> exact = new java.util.TreeMap<>();
        for (Observation o : obs) {
            exact.computeIfAbsent(o.d(), k -> new ArrayList<>()).add(o);
        }
        List<Group> out = new ArrayList<>();
        if (exact.size() <= MAX_GROUPS) {
            exact.forEach((d, pts) -> out.add(new Group("D = " + fmt(d), d, pts)));
            return out;
        }
        List<Observation> sorted = new ArrayList<>(obs);
        sorted.sort(Comparator.comparingDouble(Observation::d));
        for (int g = 0; g < MAX_GROUPS; g++) {
            List<Observation> pts = sorted.subList(g * sorted.size() / MAX_GROUPS, (g + 1) * sorted.size() / MAX_GROUPS);
            if (pts.isEmpty()) {
                continue;
            }
            double gm = Math.exp(pts.stream().mapToDouble(o -> Math.log(o.d())).average().orElseThrow());
            out.add(new Group(String.format(Locale.ROOT, "D %s..%s (curve at %s)", sci(pts.get(0).d()),
                    sci(pts.get(pts.size() - 1).d()), sci(gm)), gm, pts));
        }
        return out;
    }

    /** Every k-th of {@code pts} so that at most {@code limit} are drawn. */
    private static List<Observation> thin(List<Observation> pts, int limit) {
        if (pts.size() <= limit) {
            return pts;
        }
        List<Observation> out = new ArrayList<>();
        for (int i = 0; i < limit; i++) {
            out.add(pts.get((int) ((long) i * pts.size() / limit)));
        }
        return out;
    }

    /** The parameters held by --fix, for the title: " (fixed: L_inf = 0)"; empty when none. */
    static String held(FitOutcome out) {
        StringBuilder sb = new StringBuilder();
        out.settings().fixed().forEach((k, v) -> sb.append(sb.length() == 0 ? " (fixed: " : ", ").append(k)
                .append(" = ").append(fmt(v)));
        return sb.length() == 0 ? "" : sb.append(')').toString();
    }

    private static String shown(List<Observation> obs) {
        return obs.size() > MAX_DRAWN ? String.format(Locale.ROOT, " (%d of %d points drawn)", MAX_DRAWN, obs.size())
                : "";
    }

    static XYChart fitChart(FitOutcome out) {
        ModelForm form = out.form();
        double[] theta = out.fit().theta();
        List<Observation> obs = out.data().observations();
        String xName = form.joint() ? "N" : ((PowerForm) form).variable();
        XYChart c = chart((form.joint() ? "Loss vs N at each D: points and the " + form.name() + " fit (lines)"
                : "Loss vs " + xName + ": points and the " + form.name() + " fit") + held(out) + shown(obs), xName,
                "loss");
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setYAxisLogarithmic(true);
        double[] allX = obs.stream().mapToDouble(o -> variableOf(o, xName)).toArray();
        double[] gx = logGrid(min(allX) / 1.5, max(allX) * 1.5, 100);
        if (!form.joint()) {
            List<Observation> drawn = thin(obs, MAX_DRAWN);
            scatter(c, "runs (" + obs.size() + ")", drawn.stream().mapToDouble(o -> variableOf(o, xName)).toArray(),
                    drawn.stream().mapToDouble(Observation::loss).toArray(), PALETTE[0]);
            double[] gy = new double[gx.length];
            for (int i = 0; i < gx.length; i++) {
                gy[i] = form.predict(theta, gx[i], 0);
            }
            line(c, "fit: " + form.formula(), gx, gy, PALETTE[3], false);
            return c;
        }
        List<Group> groups = byD(obs);
        int perGroup = Math.max(1, MAX_DRAWN / groups.size());
        for (int gi = 0; gi < groups.size(); gi++) {
            Group g = groups.get(gi);
            Color col = PALETTE[gi % PALETTE.length];
            List<Observation> drawn = thin(g.points(), perGroup);
            scatter(c, g.label(), drawn.stream().mapToDouble(Observation::n).toArray(),
                    drawn.stream().mapToDouble(Observation::loss).toArray(), col);
            double[] gy = new double[gx.length];
            for (int i = 0; i < gx.length; i++) {
                gy[i] = form.predict(theta, gx[i], g.d());
            }
            line(c, g.label() + " fit", gx, gy, col, false).setShowInLegend(false);
        }
        return c;
    }

    /** N*(C) ({@code n} true) or D*(C) against C, with the runs and the Approach 1 and 2 optima. */
    static XYChart frontierChart(FitOutcome out, boolean n) {
        ModelForm form = out.form();
        double[] theta = out.fit().theta();
        double k = out.settings().k();
        List<Observation> obs = out.data().observations().stream().filter(o -> o.c() > 0).toList();
        double[] cs = obs.stream().mapToDouble(Observation::c).toArray();
        String what = n ? "N*(C), parameters" : "D*(C), samples";
        XYChart c = chart("Compute-optimal " + (n ? "model size" : "data") + " (C = " + fmt(k) + "*N*D)"
                + shown(obs), "C, FLOPs", what);
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setYAxisLogarithmic(true);
        double[] gc = logGrid(min(cs) / 10, max(cs) * 100, 80);
        double[] gy = new double[gc.length];
        ComputeOptimal.Chinchilla co = null;
        if (form instanceof ChinchillaForm) {
            var p = form.reported(theta);
            co = new ComputeOptimal.Chinchilla(p.get("A"), p.get("B"), p.get("E"), p.get("alpha"), p.get("beta"), k);
        }
        for (int i = 0; i < gc.length; i++) {
            double no = co != null ? co.nOpt(gc[i])
                    : ComputeOptimal.nOptNumeric((nn, d) -> form.predict(theta, nn, d), gc[i], k);
            gy[i] = n ? no : gc[i] / (k * no);
        }
        List<Observation> drawn = thin(obs, MAX_DRAWN);
        scatter(c, "runs (C, " + (n ? "N" : "D") + ")", drawn.stream().mapToDouble(Observation::c).toArray(),
                drawn.stream().mapToDouble(o -> n ? o.n() : o.d()).toArray(), new Color(0xaaaaaa));
        line(c, (n ? "N*(C)" : "D*(C)") + ", " + form.name() + " fit", gc, gy, PALETTE[n ? 0 : 1], false);
        addApproach(c, out.approach1(), "Approach 1", PALETTE[2], n);
        addApproach(c, out.approach2(), "Approach 2", PALETTE[3], n);
        return c;
    }

    private static void addApproach(XYChart c, ApproachResult r, String name, Color col, boolean n) {
        if (r == null || !r.ran()) {
            return;
        }
        XYSeries s = scatter(c, name + (n ? " N_opt" : " D_opt"), r.c(), n ? r.nOpt() : r.dOpt(), col);
        s.setMarker(n ? SeriesMarkers.DIAMOND : SeriesMarkers.SQUARE);
    }

    static XYChart residualChart(FitOutcome out) {
        ModelForm form = out.form();
        double[] theta = out.fit().theta();
        List<Observation> obs = out.data().observations();
        String xName = form.joint() ? "N" : ((PowerForm) form).variable();
        XYChart c = chart("Residuals, log L - log L_fit" + (form.joint() ? ", coloured by D" : "") + shown(obs), xName,
                "log residual");
        c.getStyler().setXAxisLogarithmic(true);
        List<Group> groups = form.joint() ? byD(obs) : List.of(new Group("runs (" + obs.size() + ")", 0, obs));
        int perGroup = Math.max(1, MAX_DRAWN / groups.size());
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (int gi = 0; gi < groups.size(); gi++) {
            List<Observation> drawn = thin(groups.get(gi).points(), perGroup);
            double[] x = drawn.stream().mapToDouble(o -> variableOf(o, xName)).toArray();
            double[] r = new double[drawn.size()];
            for (int i = 0; i < r.length; i++) {
                Observation o = drawn.get(i);
                double pred = form.joint() ? form.predict(theta, o.n(), o.d()) : form.predict(theta, x[i], 0);
                r[i] = Math.log(o.loss()) - Math.log(pred);
            }
            scatter(c, groups.get(gi).label(), x, r, PALETTE[gi % PALETTE.length]);
            lo = Math.min(lo, min(x));
            hi = Math.max(hi, max(x));
        }
        line(c, "zero", new double[] {lo, hi}, new double[] {0, 0}, Color.BLACK, true).setShowInLegend(false);
        return c;
    }

    private static double variableOf(Observation o, String x) {
        return switch (x) {
            case "D" -> o.d();
            case "C" -> o.c();
            default -> o.n();
        };
    }

    private static XYSeries scatter(XYChart c, String name, double[] x, double[] y, Color col) {
        XYSeries s = c.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(col);
        return s;
    }

    private static XYSeries line(XYChart c, String name, double[] x, double[] y, Color col, boolean dashed) {
        XYSeries s = c.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(col);
        s.setLineStyle(dashed ? new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 4f}, 0f) : new BasicStroke(1.8f));
        return s;
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

    private static String sci(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
