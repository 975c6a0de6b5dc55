package io.fleetstream.benchmarks.nab;

import io.fleetstream.flink.anomaly.detector.AnomalyDetector;
import io.fleetstream.flink.anomaly.detector.DetectorConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the Fleetstream detector over the whole NAB corpus with its default configuration, writes the result files
 * and prints the normalised score per profile ({@code nab_standard}, {@code nab_low_fp}, {@code nab_low_fn}).
 *
 * <p>Options: {@code --nab=<dir>} (default: env {@code NAB_ROOT}, else {@code ../shared/nab} next to the project
 * root), {@code --results=<dir>} (default {@code benchmarks/target/nab-results}), {@code --detector=<name>}.
 */
public final class NabBenchmark {

    public static final String DEFAULT_DETECTOR_NAME = "fleetstream";

    private NabBenchmark() {
    }

    public static void main(String[] args) {
        Path projectRoot = findProjectRoot(Path.of("").toAbsolutePath());
        String envNab = System.getenv("NAB_ROOT");
        Path nab = envNab != null && !envNab.isBlank() ? Path.of(envNab) : projectRoot.resolve("../shared/nab");
        Path results = projectRoot.resolve("benchmarks/target/nab-results");
        String name = DEFAULT_DETECTOR_NAME;
        for (String arg : args) {
            if (arg.startsWith("--nab=")) {
                nab = Path.of(arg.substring("--nab=".length()));
            } else if (arg.startsWith("--results=")) {
                results = Path.of(arg.substring("--results=".length()));
            } else if (arg.startsWith("--detector=")) {
                name = arg.substring("--detector=".length());
            } else {
                throw new IllegalArgumentException("Unknown option " + arg
                        + " (use --nab=<dir>, --results=<dir>, --detector=<name>)");
            }
        }
        NabCorpus corpus = NabCorpus.load(nab.normalize());
        NabRunner runner = new NabRunner(new AnomalyDetector(DetectorConfig.defaults()), name);
        NabRunner.StateSizeTracker sizes = new NabRunner.StateSizeTracker();
        long start = System.nanoTime();
        List<NabScorer.ScoredSeries> scored = runner.run(corpus, results, sizes);
        long rows = scored.stream().mapToLong(s -> s.scores().length).sum();
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, NabScorer.ProfileScore> scores = new NabScorer().score(scored, corpus.profiles());
        System.out.printf(Locale.ROOT, "files: %d, rows: %d, windows: %d, run+write: %.1f s, max state bytes/key: %d%n",
                scored.size(), rows, scored.stream().mapToInt(s -> s.series().windows().size()).sum(), seconds,
                sizes.maxBytes());
        System.out.println("results: " + results.resolve(name).toAbsolutePath().normalize());
        for (NabScorer.ProfileScore p : scores.values()) {
            System.out.printf(Locale.ROOT, "profile %s: threshold %.4f raw %.3f%n", p.profile().name(),
                    p.threshold(), p.raw());
        }
        System.out.printf(Locale.ROOT, "nab_standard: %.2f%n", scores.get("standard").normalized());
        System.out.printf(Locale.ROOT, "nab_low_fp: %.2f%n", scores.get("reward_low_FP_rate").normalized());
        System.out.printf(Locale.ROOT, "nab_low_fn: %.2f%n", scores.get("reward_low_FN_rate").normalized());
    }

    /** The Maven project root: the nearest folder (from {@code start} upwards) holding benchmarks/ and pom.xml. */
    static Path findProjectRoot(Path start) {
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("benchmarks"))
                    && Files.isDirectory(p.resolve("flink-jobs"))) {
                return p;
            }
        }
        throw new IllegalStateException("Run from inside the Fleetstream project (no root found above " + start + ")");
    }
}
