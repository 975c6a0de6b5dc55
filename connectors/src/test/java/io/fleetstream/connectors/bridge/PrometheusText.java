package io.fleetstream.connectors.bridge;

/** Reads sample values out of a Prometheus text exposition. */
final class PrometheusText {

    private PrometheusText() {
    }

    /** Sum of every sample of {@code metric}, whatever its labels; 0 when absent. */
    static double sum(String exposition, String metric) {
        double total = 0;
        for (String line : exposition.split("\n")) {
            if (line.startsWith(metric + "{") || line.startsWith(metric + " ")) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }
}
