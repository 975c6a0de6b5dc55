package io.fleetstream.flink.tiering;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetstream.connectors.retrieval.TierLayout;
import io.fleetstream.flink.testing.FlinkTestEnvironments;
import io.fleetstream.platform.LocalPlatformExtension;
import io.fleetstream.platform.PlatformEndpoints;
import io.fleetstream.schemas.avro.LogRecord;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tiered objects are plain S3 objects: Debian's {@code s3cmd} (an independent S3 client, installed by
 * infra/bin/install-prerequisites.sh) lists and downloads a log file the job wrote, and the download is the
 * zstd-compressed JSON lines the manifest describes.
 */
@ExtendWith(LocalPlatformExtension.class)
class S3cmdInteropIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkTestEnvironments.miniCluster();

    private static final Path S3CMD = Path.of("/usr/bin/s3cmd");

    @Test
    void s3cmdListsAndDownloadsATieredLogFile(PlatformEndpoints platform, @TempDir Path dir) throws Exception {
        assertThat(S3CMD).as("s3cmd (Debian package s3cmd, see infra/bin/install-prerequisites.sh)").exists();
        TieringFixture fixture = new TieringFixture(platform);
        long start = (System.currentTimeMillis() / 3_600_000L - 1) * 3_600_000L;
        fixture.kafka.produce(fixture.tiering.logsTopic(), LogRecord.class,
                LogSamples.fleet(List.of("robot-0042"), start, 0, 50, 1_000), LogRecord::getRobotId);
        LogTieringJob.fromSettings(fixture.connectors, fixture.tiering, new LogTieringSettings(0, "s3cmd-it",
                        "s3cmd-it-" + System.nanoTime(), LogTieringSettings.MIN_PART_SIZE, 64L * 1024 * 1024,
                        Duration.ofMinutes(1), Duration.ofMinutes(10)),
                fixture.connectors.boundedSource(fixture.tiering.logsTopic(), LogRecord.class, "s3cmd-it"))
                .execute(FlinkTestEnvironments.checkpointed());
        String key = fixture.keys(TierLayout.LOGS_PREFIX).get(0);

        URI endpoint = URI.create(platform.s3Endpoint());
        Path config = dir.resolve("s3cfg");
        Files.writeString(config, String.join("\n", "[default]",
                "access_key = " + platform.s3AccessKey(), "secret_key = " + platform.s3SecretKey(),
                "host_base = " + endpoint.getAuthority(), "host_bucket = " + endpoint.getAuthority(),
                "use_https = False", "signature_v2 = False", "bucket_location = us-east-1", ""));
        String url = "s3://" + fixture.store.bucket() + "/";

        String listing = s3cmd(config, "ls", "--recursive", url + TierLayout.LOGS_PREFIX);
        assertThat(listing).contains(url + key);

        Path downloaded = dir.resolve("downloaded.jsonl.zst");
        s3cmd(config, "get", url + key, downloaded.toString());
        byte[] bytes = Files.readAllBytes(downloaded);
        assertThat(bytes).isEqualTo(fixture.object(key));
        List<Long> seqs = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : TieringFixture.zstdLines(bytes)) {
            seqs.add(json.readTree(line).get("seq").asLong());
        }
        assertThat(seqs).hasSize(50).doesNotHaveDuplicates().allSatisfy(s -> assertThat(s).isBetween(0L, 49L));
    }

    private static String s3cmd(Path config, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(S3CMD.toString(), "-c", config.toString(), "--no-progress"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("s3cmd finished").isTrue();
        assertThat(process.exitValue()).as("s3cmd " + String.join(" ", args) + ":\n" + output).isZero();
        return output;
    }
}
