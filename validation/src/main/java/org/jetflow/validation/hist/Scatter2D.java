package org.jetflow.validation.hist;

import java.util.List;

/**
 * Measured points with asymmetric errors: YODA's {@code Scatter2D}, and what a HEPData table is.
 *
 * @param path   the object's path
 * @param title  its title
 * @param points the points, in x order
 */
public record Scatter2D(String path, String title, List<Point> points) {
    public Scatter2D {
        points = List.copyOf(points);
    }

    /** One point: x with its bin half-widths, y with its errors. */
    public record Point(double x, double xErrMinus, double xErrPlus, double y, double yErrMinus, double yErrPlus) {
    }

    /**
     * The bins the points stand for ([x − xErr−, x + xErr+]) when they tile the axis without gaps
     * or overlaps; else null.
     */
    public Binning binning() {
        double[] e = new double[points.size() + 1];
        for (int k = 0; k < points.size(); k++) {
            Point p = points.get(k);
            double lo = p.x - p.xErrMinus;
            if (k > 0 && Math.abs(lo - e[k]) > 1e-9 * Math.max(1, Math.abs(lo))) {
                return null;
            }
            e[k] = lo;
            e[k + 1] = p.x + p.xErrPlus;
        }
        try {
            return new Binning(e);
        } catch (IllegalArgumentException ex) {
            return null;
        }
    }
}
