package io.fleetstream.deploy.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import io.fleetstream.deploy.RepoLayout;
import io.fleetstream.deploy.k8s.Violation;
import io.fleetstream.deploy.tools.ExternalTool;

/** Every deployable has a Dockerfile that passes two linters and the project's image policy. */
class DockerfileTest {

    static final List<String> DEPLOYABLES = List.of("bridge", "fleet-health", "retrieval", "flink-jobs");
    private static final RepoLayout REPO = RepoLayout.fromWorkingDirectory();
    private static final Duration LINT_TIMEOUT = Duration.ofMinutes(1);

    private final DockerfilePolicy policy = new DockerfilePolicy();

    @ParameterizedTest
    @FieldSource("DEPLOYABLES")
    void meetsTheImagePolicy(String deployable) {
        assertThat(policy.check(Dockerfile.read(dockerfile(deployable)))).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("DEPLOYABLES")
    void passesDockerfilelint(String deployable) {
        ExternalTool.Result result = ExternalTool.require("dockerfilelint")
                .run(REPO.root(), LINT_TIMEOUT, dockerfile(deployable).toString());
        assertThat(result.exitCode()).as(result.describe()).isZero();
    }

    @ParameterizedTest
    @FieldSource("DEPLOYABLES")
    void passesDockerfileUtilsLint(String deployable) {
        assertThat(dockerfileUtilsProblems(dockerfile(deployable))).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("DEPLOYABLES")
    void everythingCopiedFromTheContextExistsAndIsNotDockerignored(String deployable) throws IOException {
        Dockerfile file = Dockerfile.read(dockerfile(deployable));
        List<String> ignored = Files.readAllLines(REPO.dockerignore()).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        for (Dockerfile.Instruction copy : file.instructions()) {
            if (!copy.keyword().equals("COPY") || copy.arguments().contains("--from=")) {
                continue;
            }
            String[] words = copy.arguments().replaceAll("--\\S+", "").trim().split(" ");
            for (int i = 0; i < words.length - 1; i++) {
                if (words[i].equals(".")) {
                    continue;
                }
                assertThat(REPO.root().resolve(words[i])).as(deployable + " COPY source").exists();
                String source = words[i];
                assertThat(ignored).as(deployable + " COPY source excluded by .dockerignore")
                        .noneMatch(pattern -> source.startsWith(pattern.replace("**/", "").replaceAll("/$", "")));
            }
        }
    }

    @ParameterizedTest
    @FieldSource("DEPLOYABLES")
    void buildsAModuleOfTheReactor(String deployable) {
        Matcher module = Pattern.compile("-pl (\\S+)").matcher(String.join("\n",
                Dockerfile.read(dockerfile(deployable)).instructions().stream().map(Dockerfile.Instruction::arguments).toList()));
        assertThat(module.find()).as("mvn -pl in " + deployable).isTrue();
        assertThat(REPO.root().resolve(module.group(1)).resolve("pom.xml")).exists();
    }

    @Test
    void flinkImageMatchesTheFlinkVersionOfTheBuild() throws IOException {
        String pom = Files.readString(REPO.root().resolve("pom.xml"));
        Matcher version = Pattern.compile("<flink.version>([^<]+)</flink.version>").matcher(pom);
        assertThat(version.find()).isTrue();

        List<Dockerfile.Stage> stages = Dockerfile.read(dockerfile("flink-jobs")).stages();
        assertThat(stages.get(stages.size() - 1).image()).isEqualTo("flink:" + version.group(1) + "-java17");
    }

    @Test
    void dockerignoreKeepsBuildOutputAndGitOutOfTheContext() throws IOException {
        assertThat(Files.readAllLines(REPO.dockerignore())).contains("**/target/", ".git/");
    }

    @Test
    void latestBaseImageIsCaught() {
        assertOnlyRule("base-pinned", """
                FROM maven:latest AS build
                RUN mvn package
                FROM eclipse-temurin:17.0.16_8-jre-noble
                USER 10001
                HEALTHCHECK CMD ["true"]
                """);
    }

    @Test
    void untaggedBaseImageIsCaught() {
        assertOnlyRule("base-pinned", """
                FROM maven:3.9.11-eclipse-temurin-17 AS build
                FROM eclipse-temurin
                USER 10001
                HEALTHCHECK CMD ["true"]
                """);
    }

    @Test
    void missingUserIsCaught() {
        assertOnlyRule("non-root", """
                FROM maven:3.9.11-eclipse-temurin-17 AS build
                FROM eclipse-temurin:17.0.16_8-jre-noble
                HEALTHCHECK CMD ["true"]
                """);
    }

    @Test
    void rootUserIsCaught() {
        assertOnlyRule("non-root", """
                FROM maven:3.9.11-eclipse-temurin-17 AS build
                FROM eclipse-temurin:17.0.16_8-jre-noble
                USER 10001
                USER root
                HEALTHCHECK CMD ["true"]
                """);
    }

    @Test
    void missingHealthcheckIsCaught() {
        assertOnlyRule("healthcheck", """
                FROM maven:3.9.11-eclipse-temurin-17 AS build
                FROM eclipse-temurin:17.0.16_8-jre-noble
                USER 10001
                """);
    }

    @Test
    void singleStageIsCaught() {
        assertOnlyRule("multi-stage", """
                FROM eclipse-temurin:17.0.16_8-jre-noble
                RUN echo build here
                USER 10001
                HEALTHCHECK --interval=5s \\
                  CMD ["true"]
                """);
    }

    @Test
    void theLintersRejectABrokenDockerfile(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("Dockerfile");
        Files.writeString(bad, "FROM ubuntu:latest\nEXPOSE 99999\nHEALTHCHECK --bogus=1s CMD true\n");

        assertThat(ExternalTool.require("dockerfilelint").run(dir, LINT_TIMEOUT, bad.toString()).exitCode()).isNotZero();
        assertThat(dockerfileUtilsProblems(bad)).isNotEmpty();
    }

    private void assertOnlyRule(String rule, String dockerfile) {
        List<Violation> violations = policy.check(Dockerfile.parse("test", dockerfile));
        assertThat(violations).isNotEmpty();
        assertThat(violations).extracting(Violation::rule).containsOnly(rule);
    }

    /** dockerfile-utils exits 1 on errors but 0 on warnings; its findings are the Error/Warning lines it prints. */
    private static List<String> dockerfileUtilsProblems(Path dockerfile) {
        ExternalTool.Result result = ExternalTool.require("dockerfile-utils")
                .run(REPO.root(), LINT_TIMEOUT, "lint", dockerfile.toString());
        List<String> problems = result.stdout().lines()
                .filter(l -> l.startsWith("Error:") || l.startsWith("Warning:")).toList();
        return problems.isEmpty() && !result.succeeded() ? List.of(result.describe()) : problems;
    }

    private static Path dockerfile(String deployable) {
        return REPO.dockerfiles().resolve(deployable).resolve("Dockerfile");
    }
}
