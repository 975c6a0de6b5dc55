package io.fleetstream.benchmarks.nab;

import java.util.List;

/**
 * One NAB data file with its labelled anomaly windows as inclusive row ranges.
 *
 * @param rawTimestamps the timestamps exactly as written in the file (echoed into result files)
 * @param timestamps    the same timestamps as epoch milliseconds (UTC)
 */
public record LabelledSeries(String relativePath, String[] rawTimestamps, long[] timestamps, double[] values,
                             List<Window> windows) {

    public int rows() {
        return values.length;
    }

    /** Rows of the probationary period, which NAB does not score. */
    public int probationRows() {
        return Math.min((int) Math.floor(0.15 * rows()), 750);
    }

    public boolean inWindow(int row) {
        for (Window w : windows) {
            if (row >= w.first() && row <= w.last()) {
                return true;
            }
        }
        return false;
    }

    /** An anomaly window, rows {@code first..last} inclusive. */
    public record Window(int first, int last) {
        public int width() {
            return last - first + 1;
        }
    }
}
