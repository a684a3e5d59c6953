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
 * A generated-versus-reference figure as in a physics paper: both distributions normalised to unit
 * area, the reference as black points with error bars, the generated sample as a red step histogram
 * with its error bars, a ratio panel (generated / reference) beneath, axis labels with units, a
 * legend, and a logarithmic y axis when the distribution spans more than two decades.
 */
public final class ComparisonPlot {
    private static final Color GENERATED = new Color(0xC0, 0x1C, 0x28);
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

    private ComparisonPlot() {
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

        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(x);
        plot.setGap(6);
        plot.add(top, 3);
        plot.add(bottom, 1);
        JFreeChart chart = new JFreeChart(d.title(), new Font("SansSerif", Font.BOLD, 15), plot, true);
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
