package io.fleetstream.benchmarks.nab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Numenta Anomaly Benchmark corpus on disk: {@code data/} (CSV files {@code timestamp,value}),
 * {@code labels/combined_windows.json} and {@code config/profiles.json}.
 */
public final class NabCorpus {

    private final Path root;
    private final List<String> relativePaths;
    private final Map<String, List<String[]>> windowsByFile;
    private final List<CostProfile> profiles;

    private NabCorpus(Path root, List<String> relativePaths, Map<String, List<String[]>> windowsByFile,
                      List<CostProfile> profiles) {
        this.root = root;
        this.relativePaths = relativePaths;
        this.windowsByFile = windowsByFile;
        this.profiles = profiles;
    }

    public static NabCorpus load(Path root) {
        Path data = root.resolve("data");
        if (!Files.isDirectory(data)) {
            throw new IllegalArgumentException("Not a NAB corpus (no data/ folder): " + root.toAbsolutePath());
        }
        try (Stream<Path> files = Files.walk(data)) {
            List<String> paths = files.filter(p -> p.toString().endsWith(".csv"))
                    .map(p -> data.relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
            ObjectMapper json = new ObjectMapper();
            Map<String, List<String[]>> windows = new LinkedHashMap<>();
            JsonNode windowsNode = json.readTree(root.resolve("labels/combined_windows.json").toFile());
            for (Iterator<Map.Entry<String, JsonNode>> it = windowsNode.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                List<String[]> list = new ArrayList<>();
                for (JsonNode pair : entry.getValue()) {
                    list.add(new String[] {pair.get(0).asText(), pair.get(1).asText()});
                }
                windows.put(entry.getKey(), list);
            }
            List<CostProfile> profiles = new ArrayList<>();
            JsonNode profilesNode = json.readTree(root.resolve("config/profiles.json").toFile());
            for (Iterator<Map.Entry<String, JsonNode>> it = profilesNode.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                JsonNode cost = entry.getValue().get("CostMatrix");
                profiles.add(new CostProfile(entry.getKey(), cost.get("tpWeight").asDouble(),
                        cost.get("fpWeight").asDouble(), cost.get("fnWeight").asDouble()));
            }
            return new NabCorpus(root, paths, windows, List.copyOf(profiles));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read NAB corpus at " + root.toAbsolutePath(), e);
        }
    }

    public Path root() {
        return root;
    }

    /** Data files relative to {@code data/}, e.g. {@code realKnownCause/nyc_taxi.csv}, in a stable order. */
    public List<String> relativePaths() {
        return relativePaths;
    }

    public List<CostProfile> profiles() {
        return profiles;
    }

    /** Reads one data file and resolves its labelled windows to row indexes. */
    public LabelledSeries read(String relativePath) {
        Path file = root.resolve("data").resolve(relativePath);
        try {
            List<String> lines = Files.readAllLines(file);
            int rows = lines.size() - 1;
            String[] rawTimestamps = new String[rows];
            long[] timestamps = new long[rows];
            double[] values = new double[rows];
            for (int i = 0; i < rows; i++) {
                String line = lines.get(i + 1);
                int comma = line.indexOf(',');
                rawTimestamps[i] = line.substring(0, comma);
                timestamps[i] = parseTimestamp(rawTimestamps[i]);
                values[i] = Double.parseDouble(line.substring(comma + 1).trim());
            }
            List<LabelledSeries.Window> windows = new ArrayList<>();
            for (String[] pair : windowsByFile.getOrDefault(relativePath, List.of())) {
                windows.add(new LabelledSeries.Window(indexOf(timestamps, parseTimestamp(pair[0]), relativePath),
                        indexOf(timestamps, parseTimestamp(pair[1]), relativePath)));
            }
            return new LabelledSeries(relativePath, rawTimestamps, timestamps, values, List.copyOf(windows));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    static long parseTimestamp(String text) {
        return LocalDateTime.parse(text.trim().replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    private static int indexOf(long[] timestamps, long timestamp, String file) {
        for (int i = 0; i < timestamps.length; i++) {
            if (timestamps[i] == timestamp) {
                return i;
            }
        }
        throw new IllegalStateException("Window edge " + timestamp + " is not a row of " + file);
    }
}
