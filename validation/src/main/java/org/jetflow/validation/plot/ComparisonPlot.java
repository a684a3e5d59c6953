package org.jetflow.validation.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.freehep.graphicsio.svg.SVGGraphics2D;
import org.jetflow.io.file.AtomicTarget;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * Figures as in a physics paper. A generated-versus-reference figure ({@link #chart(Data)}): both
 * distributions normalised to unit area, the reference as black points with error bars, the
 * generated sample as a red step histogram with its error bars, a ratio panel (generated /
 * reference) beneath. A measurement figure ({@link #chart(MeasurementFigure)}): the measured points
 * with their total uncertainties, each sample as a step line, and a ratio panel (sample / data) with
 * the data's relative uncertainty as error bars around 1, as Rivet draws them. Both with axis
 * labels with units, a legend, and a logarithmic y axis when the distribution spans more than two
 * decades.
 */
public final class ComparisonPlot {
    private static final Color GENERATED = new Color(0xC0, 0x1C, 0x28);
    /** Line colours of the samples of a measurement figure, in order: red, blue, green, orange. */
    private static final Color[] SAMPLES = {GENERATED, new Color(0x1F, 0x4E, 0xB4), new Color(0x2E, 0x8B, 0x3A),
        new Color(0xE0, 0x7B, 0x00)};
    private static final Font LABEL = new Font("SansSerif", Font.PLAIN, 14);
    private static final Font TICKS = new Font("SansSerif", Font.PLAIN, 12);

    /**
     * One panel's data: bin edges and, per bin, densities and errors of both samples.
     *
     * @param xLabel   x-axis label with unit, e.g. "m_SD [GeV]"
     * @param yLabel   y-axis label, e.g. "1/N dN/dm_SD [1/GeV]"
     */
    public record Data(String title, String xLabel, String yLabel, double[] edges, double[] gen, double[] genErr,
            String genLabel, double[] ref, double[] refErr, String refLabel) {
    }

    /**
     * One distribution of a measurement figure.
     *
     * @param label  legend text
     * @param values per bin, in the y axis's unit
     * @param errors per bin (for data: the total uncertainty), same unit
     */
    public record Series(String label, double[] values, double[] errors) {
    }

    /**
     * A measurement figure's data.
     *
     * @param edges   the record's bin edges, in the x axis's unit
     * @param data    the measured points
     * @param samples the samples, each drawn as a line (at most four colours, then repeated)
     */
    public record MeasurementFigure(String title, String xLabel, String yLabel, double[] edges, Series data,
            List<Series> samples) {
    }

    private ComparisonPlot() {
    }

    /** Builds a measurement figure's chart. */
    public static JFreeChart chart(MeasurementFigure f) {
        int n = f.edges().length - 1;
        double[] e = f.edges();
        Series data = f.data();
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (int k = 0; k < n; k++) {
            if (data.values()[k] > 0) {
                min = Math.min(min, data.values()[k]);
                max = Math.max(max, data.values()[k]);
            }
        }
        boolean log = max > 0 && max / min > 100;
        YIntervalSeries points = new YIntervalSeries(data.label());
        YIntervalSeries band = new YIntervalSeries(data.label() + " uncertainty");
        for (int k = 0; k < n; k++) {
            double c = 0.5 * (e[k] + e[k + 1]);
            double v = data.values()[k];
            double err = data.errors()[k];
            // A log axis cannot draw a bar below zero: cut it at a tenth of the value.
            points.add(c, v, log ? Math.max(v - err, v / 10) : v - err, v + err);
            if (v > 0) {
                band.add(c, 1, 1 - err / v, 1 + err / v);
            }
        }
        XYPlot top = new XYPlot();
        XYPlot bottom = new XYPlot();
        double ratioLow = 0.5;
        double ratioHigh = 1.5;
        for (int s = 0; s < f.samples().size(); s++) {
            Series m = f.samples().get(s);
            Color colour = SAMPLES[s % SAMPLES.length];
            XYSeries line = new XYSeries(m.label(), false, true);
            XYSeries ratio = new XYSeries(m.label() + " / data", false, true);
            for (int k = 0; k < n; k++) {
                double v = m.values()[k];
                line.add(e[k], log && v <= 0 ? Double.NaN : v);
                double r = data.values()[k] > 0 ? v / data.values()[k] : Double.NaN;
                ratio.add(e[k], r);
                if (Double.isFinite(r)) {
                    ratioLow = Math.min(ratioLow, r);
                    ratioHigh = Math.max(ratioHigh, r);
                }
            }
            line.add(e[n], line.getY(n - 1));
            ratio.add(e[n], ratio.getY(n - 1));
            top.setDataset(1 + s, new XYSeriesCollection(line));
            top.setRenderer(1 + s, stepRenderer(colour, true));
            bottom.setDataset(1 + s, new XYSeriesCollection(ratio));
            bottom.setRenderer(1 + s, stepRenderer(colour, false));
        }

        NumberAxis x = new NumberAxis(f.xLabel());
        x.setAutoRangeIncludesZero(false);
        x.setRange(e[0], e[n]);
        style(x);
        ValueAxis y;
        if (log) {
            LogAxis la = new LogAxis(f.yLabel());
            la.setBase(10);
            la.setRange(min / 5, max * 5);
            la.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(1.0));
            la.setMinorTickMarksVisible(true);
            y = la;
        } else {
            NumberAxis na = new NumberAxis(f.yLabel());
            na.setRange(0, Math.max(max, 1e-300) * 1.3);
            y = na;
        }
        style(y);
        top.setRangeAxis(y);
        YIntervalSeriesCollection pc = new YIntervalSeriesCollection();
        pc.addSeries(points);
        top.setDataset(0, pc);
        top.setRenderer(0, pointRenderer(true));
        white(top);

        NumberAxis ry = new NumberAxis("MC / data");
        // Rivet's default window, widened (to at most 0–3) when a sample leaves it.
        ry.setRange(Math.max(0, Math.min(ratioLow, 0.5) - 0.05), Math.min(3, Math.max(ratioHigh, 1.5) + 0.05));
        style(ry);
        bottom.setRangeAxis(ry);
        YIntervalSeriesCollection bc = new YIntervalSeriesCollection();
        bc.addSeries(band);
        bottom.setDataset(0, bc);
        bottom.setRenderer(0, pointRenderer(false));
        bottom.addRangeMarker(new ValueMarker(1.0, Color.GRAY, new BasicStroke(1f)));
        white(bottom);

        return stacked(x, top, bottom, f.title());
    }

    /** Black points with vertical error bars; in the ratio panel without a legend entry. */
    private static XYErrorRenderer pointRenderer(boolean inLegend) {
        XYErrorRenderer r = new XYErrorRenderer();
        r.setDefaultLinesVisible(false);
        r.setSeriesShape(0, new Ellipse2D.Double(-3, -3, 6, 6));
        r.setSeriesPaint(0, Color.BLACK);
        r.setErrorPaint(Color.BLACK);
        r.setDrawXError(false);
        r.setSeriesVisibleInLegend(0, inLegend);
        return r;
    }

    private static XYStepRenderer stepRenderer(Color colour, boolean inLegend) {
        XYStepRenderer r = new XYStepRenderer();
        r.setSeriesPaint(0, colour);
        r.setSeriesStroke(0, new BasicStroke(2f));
        r.setSeriesVisibleInLegend(0, inLegend);
        return r;
    }

    /** Builds the chart. */
    public static JFreeChart chart(Data d) {
        int n = d.edges().length - 1;
        XYSeries step = new XYSeries(d.genLabel(), false, true);
        YIntervalSeries genBars = new YIntervalSeries(d.genLabel() + " errors");
        YIntervalSeries refPts = new YIntervalSeries(d.refLabel());
        YIntervalSeries ratio = new YIntervalSeries("ratio");
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (int k = 0; k < n; k++) {
            double c = 0.5 * (d.edges()[k] + d.edges()[k + 1]);
            step.add(d.edges()[k], d.gen()[k]);
            genBars.add(c, d.gen()[k], d.gen()[k] - d.genErr()[k], d.gen()[k] + d.genErr()[k]);
            refPts.add(c, d.ref()[k], d.ref()[k] - d.refErr()[k], d.ref()[k] + d.refErr()[k]);
            for (double v : new double[] {d.gen()[k], d.ref()[k]}) {
                if (v > 0) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            if (d.ref()[k] > 0) {
                double r = d.gen()[k] / d.ref()[k];
                double err = r * Math.sqrt(sq(d.genErr()[k] / Math.max(d.gen()[k], 1e-300)) + sq(d.refErr()[k] / d.ref()[k]));
                if (d.gen()[k] == 0) {
                    err = d.genErr()[k] / d.ref()[k];
                }
                ratio.add(c, r, r - err, r + err);
            }
        }
        step.add(d.edges()[n], d.gen()[n - 1]);
        boolean log = max > 0 && min < Double.POSITIVE_INFINITY && max / min > 100;

        NumberAxis x = new NumberAxis(d.xLabel());
        x.setAutoRangeIncludesZero(false);
        x.setRange(d.edges()[0], d.edges()[n]);
        style(x);
        ValueAxis y;
        if (log) {
            LogAxis la = new LogAxis(d.yLabel());
            la.setBase(10);
            la.setRange(min / 3, max * 5);
            // Ticks at whole decades only: "10^-2.5" labels read badly.
            la.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(1.0));
            la.setMinorTickMarksVisible(true);
            y = la;
        } else {
            NumberAxis na = new NumberAxis(d.yLabel());
            na.setRange(0, max * 1.25);
            y = na;
        }
        style(y);
        XYPlot top = new XYPlot();
        top.setRangeAxis(y);
        XYErrorRenderer refRenderer = new XYErrorRenderer();
        refRenderer.setDefaultLinesVisible(false);
        refRenderer.setSeriesShape(0, new Ellipse2D.Double(-3, -3, 6, 6));
        refRenderer.setSeriesPaint(0, Color.BLACK);
        refRenderer.setErrorPaint(Color.BLACK);
        refRenderer.setDrawXError(false);
        top.setDataset(0, new YIntervalSeriesCollection() {
            private static final long serialVersionUID = 1L;
            {
                addSeries(refPts);
            }
        });
        top.setRenderer(0, refRenderer);
        XYStepRenderer stepRenderer = new XYStepRenderer();
        stepRenderer.setSeriesPaint(0, GENERATED);
        stepRenderer.setSeriesStroke(0, new BasicStroke(2f));
        top.setDataset(1, new XYSeriesCollection(step));
        top.setRenderer(1, stepRenderer);
        XYErrorRenderer genRenderer = new XYErrorRenderer();
        genRenderer.setDefaultLinesVisible(false);
        genRenderer.setDefaultShapesVisible(false);
        genRenderer.setErrorPaint(GENERATED);
        genRenderer.setDrawXError(false);
        genRenderer.setSeriesVisibleInLegend(0, false);
        YIntervalSeriesCollection gb = new YIntervalSeriesCollection();
        gb.addSeries(genBars);
        top.setDataset(2, gb);
        top.setRenderer(2, genRenderer);
        white(top);

        NumberAxis ry = new NumberAxis("gen. / ref.");
        ry.setRange(0.5, 1.5);
        ry.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(0.25));
        style(ry);
        XYPlot bottom = new XYPlot();
        bottom.setRangeAxis(ry);
        XYErrorRenderer rr = new XYErrorRenderer();
        rr.setDefaultLinesVisible(false);
        rr.setSeriesShape(0, new Ellipse2D.Double(-2.5, -2.5, 5, 5));
        rr.setSeriesPaint(0, GENERATED);
        rr.setErrorPaint(GENERATED);
        rr.setDrawXError(false);
        rr.setSeriesVisibleInLegend(0, false);
        YIntervalSeriesCollection rc = new YIntervalSeriesCollection();
        rc.addSeries(ratio);
        bottom.setDataset(rc);
        bottom.setRenderer(rr);
        bottom.addRangeMarker(new ValueMarker(1.0, Color.GRAY, new BasicStroke(1f)));
        white(bottom);

        return stacked(x, top, bottom, d.title());
    }

    /** A distribution panel over a ratio panel (3 : 1) on one x axis, the legend on top. */
    private static JFreeChart stacked(ValueAxis x, XYPlot top, XYPlot bottom, String title) {
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(x);
        plot.setGap(6);
        plot.add(top, 3);
        plot.add(bottom, 1);
        JFreeChart chart = new JFreeChart(title, new Font("SansSerif", Font.BOLD, 15), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        LegendTitle legend = chart.getLegend();
        legend.setPosition(RectangleEdge.TOP);
        legend.setItemFont(TICKS);
        legend.setFrame(org.jfree.chart.block.BlockBorder.NONE);
        return chart;
    }

    private static double sq(double v) {
        return v * v;
    }

    private static void style(ValueAxis a) {
        a.setLabelFont(LABEL);
        a.setTickLabelFont(TICKS);
        a.setAxisLinePaint(Color.BLACK);
        a.setTickMarkPaint(Color.BLACK);
        a.setTickMarkInsideLength(4);
        a.setTickMarkOutsideLength(0);
    }

    private static void white(XYPlot p) {
        p.setBackgroundPaint(Color.WHITE);
        p.setDomainGridlinesVisible(false);
        p.setRangeGridlinesVisible(false);
        p.setOutlinePaint(Color.BLACK);
    }

    /** Writes the chart as PNG and SVG, each atomically. */
    public static void write(JFreeChart chart, Path png, Path svg, int width, int height) throws IOException {
        AtomicTarget p = new AtomicTarget(png);
        try {
            ChartUtils.saveChartAsPNG(p.temp().toFile(), chart, width, height);
            p.commit();
        } finally {
            p.abort();
        }
        AtomicTarget s = new AtomicTarget(svg);
        try {
            SVGGraphics2D g = new SVGGraphics2D(s.temp().toFile(), new Dimension(width, height));
            Properties props = new Properties();
            props.setProperty(SVGGraphics2D.EMBED_FONTS, "false");
            props.setProperty(SVGGraphics2D.TEXT_AS_SHAPES, "false");
            g.setProperties(props);
            g.startExport();
            chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
            g.endExport();
            s.commit();
        } finally {
            s.abort();
        }
        if (!Files.exists(svg)) {
            throw new IOException("SVG not written: " + svg);
        }
    }
}
