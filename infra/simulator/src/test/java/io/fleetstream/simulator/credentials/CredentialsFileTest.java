package io.fleetstream.simulator.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsFileTest {

    @TempDir
    Path dir;

    @Test
    void createsAPrivateFileWithARandomPasswordPerRobot() throws IOException {
        Path file = dir.resolve("nested/credentials");

        CredentialsFile credentials = CredentialsFile.loadOrCreate(file, List.of("robot-0001", "robot-0002"));

        assertThat(Files.readAllLines(file)).filteredOn(l -> !l.startsWith("#"))
                .containsExactly("robot-0001:" + credentials.password("robot-0001"),
                        "robot-0002:" + credentials.password("robot-0002"));
        assertThat(credentials.password("robot-0001")).hasSizeGreaterThanOrEqualTo(24)
                .isNotEqualTo(credentials.password("robot-0002"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void keepsExistingPasswordsAndAppendsNewRobots() throws IOException {
        Path file = dir.resolve("credentials");
        Files.writeString(file, "# provisioned by ops\nrobot-0001:s3cret:with:colons\n\n");

        CredentialsFile credentials = CredentialsFile.loadOrCreate(file, List.of("robot-0001", "robot-0002"));
        CredentialsFile reloaded = CredentialsFile.loadOrCreate(file, List.of("robot-0002"));

        assertThat(credentials.password("robot-0001")).isEqualTo("s3cret:with:colons");
        assertThat(reloaded.entries()).isEqualTo(credentials.entries());
        assertThat(Files.readAllLines(file)).hasSize(4);
    }

    @Test
    void rejectsMalformedLinesAndUnknownRobots() throws IOException {
        Path file = dir.resolve("credentials");
        Files.writeString(file, "robot-0001\n");

        assertThatThrownBy(() -> CredentialsFile.loadOrCreate(file, List.of("robot-0001")))
                .hasMessageContaining("line 1").hasMessageContaining("robotId:password");
        Files.writeString(file, "robot-0001:pw\n");
        assertThatThrownBy(() -> CredentialsFile.loadOrCreate(file, List.of()).password("robot-0009"))
                .hasMessageContaining("no password for robot-0009");
    }

    @Test
    void derivedPasswordsAreStablePerRobotAndSecret() {
        DerivedCredentials credentials = new DerivedCredentials("a-fleet-secret-of-some-length");

        assertThat(credentials.password("robot-0001"))
                .isEqualTo(new DerivedCredentials("a-fleet-secret-of-some-length").password("robot-0001"))
                .isNotEqualTo(credentials.password("robot-0002"))
                .isNotEqualTo(new DerivedCredentials("another-fleet-secret-value").password("robot-0001"))
                .matches("[A-Za-z0-9_-]{43}");
        assertThatThrownBy(() -> new DerivedCredentials("short")).hasMessageContaining("at least 16");
    }

    @Test
    void settingsPreferTheSecretOverTheFile() {
        Path file = dir.resolve("unused");

        assertThat(new CredentialsSettings(file, "a-fleet-secret-of-some-length").open(List.of("robot-0001")))
                .isInstanceOf(DerivedCredentials.class);
        assertThat(file).doesNotExist();
        assertThat(new CredentialsSettings(file, "").open(List.of("robot-0001"))).isInstanceOf(CredentialsFile.class);
        assertThat(file).exists();
    }
}
