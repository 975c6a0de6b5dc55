package io.fleetstream.connectors.retrieval;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Command-line access to tiered data, straight from the object store and the manifest index (no server needed);
 * configured like the service ({@code retrieval.*}, {@code FLEETSTREAM_RETRIEVAL_*}).
 * <pre>
 * logs        --robot R --from T --to T                 NDJSON lines on stdout
 * pointclouds --robot R --from T --to T [--sensor S] (--out-dir DIR | --stream)
 *                                                       one .pcd file per frame, or the FrameStream on stdout
 * retention   sweep [--as-of T] | install               apply or install the lifecycle rules
 * </pre>
 * Times are epoch milliseconds or ISO-8601 instants.
 */
public final class RetrievalCli {

    private final RetrievalSettings settings;
    private final PrintStream out;
    private final PrintStream err;

    public RetrievalCli(RetrievalSettings settings, PrintStream out, PrintStream err) {
        this.settings = settings;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new RetrievalCli(RetrievalSettings.load(), System.out, System.err).run(args));
    }

    /** Runs one command; returns the process exit code. */
    public int run(String... args) {
        if (args.length == 0) {
            err.println("usage: logs|pointclouds|retention ... (see RetrievalCli)");
            return 2;
        }
        try {
            Map<String, String> options = options(List.of(args).subList(1, args.length));
            switch (args[0]) {
                case "logs" -> logs(options);
                case "pointclouds" -> pointclouds(options);
                case "retention" -> retention(options);
                default -> throw new IllegalArgumentException("unknown command " + args[0]);
            }
            return 0;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("failed: " + e.getMessage());
            return 1;
        }
    }

    private TieredDataReader reader() {
        return new TieredDataReader(new ManifestIndex(settings.index()), settings.objectStore().client());
    }

    private void logs(Map<String, String> o) throws IOException {
        OutputStream stdout = new BufferedOutputStream(out, 64 * 1024);
        long lines = reader().streamLogs(required(o, "robot"), time(o, "from"), time(o, "to"), line -> {
            stdout.write(line.getBytes(StandardCharsets.UTF_8));
            stdout.write('\n');
        });
        stdout.flush();
        err.println(lines + " log lines");
    }

    private void pointclouds(Map<String, String> o) throws IOException {
        String robot = required(o, "robot");
        if (o.containsKey("stream")) {
            OutputStream stdout = new BufferedOutputStream(out, 256 * 1024);
            FrameStream.Writer writer = new FrameStream.Writer(stdout);
            reader().streamFrames(robot, o.get("sensor"), time(o, "from"), time(o, "to"), writer::frame);
            writer.end();
            return;
        }
        Path dir = Path.of(required(o, "out-dir"));
        Files.createDirectories(dir);
        long frames = reader().streamFrames(robot, o.get("sensor"), time(o, "from"), time(o, "to"),
                (frame, data) -> Files.write(dir.resolve(frame.eventTime() + "-" + TierLayout.safe(frame.sensor())
                        + "-" + TierLayout.safe(frame.frameId()) + ".pcd"), data));
        err.println(frames + " frames written to " + dir);
    }

    private void retention(Map<String, String> o) throws IOException {
        String bucket = settings.objectStore().bucket();
        if (o.containsKey("install")) {
            boolean installed = settings.retention().install(settings.objectStore().client(), bucket);
            err.println(installed ? "lifecycle rules installed on " + bucket
                    : "the store has no lifecycle support: run `retention sweep` periodically");
            return;
        }
        if (!o.containsKey("sweep")) {
            throw new IllegalArgumentException("retention needs sweep or install");
        }
        Instant asOf = o.containsKey("as-of") ? Instant.ofEpochMilli(time(o, "as-of")) : Instant.now();
        List<String> deleted = settings.retention().sweep(settings.objectStore().client(), bucket, asOf);
        deleted.forEach(out::println);
        err.println(deleted.size() + " expired objects deleted");
    }

    private static Map<String, String> options(List<String> args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.startsWith("--")) {
                boolean hasValue = i + 1 < args.size() && !args.get(i + 1).startsWith("--");
                options.put(arg.substring(2), hasValue ? args.get(++i) : "");
            } else {
                options.put(arg, "");
            }
        }
        return options;
    }

    private static String required(Map<String, String> o, String name) {
        String value = o.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    private static long time(Map<String, String> o, String name) {
        return RetrievalApi.parseTime(required(o, name));
    }
}
