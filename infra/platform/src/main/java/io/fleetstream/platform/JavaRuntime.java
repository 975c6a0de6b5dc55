package io.fleetstream.platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * The Java 21+ runtime that runs child JVMs such as the registry (this build targets Java 17). Chosen from an
 * explicit home, env {@value #HOME_ENV}, system property {@value #HOME_PROPERTY}, the Temurin 25 install this
 * project's machines have, or the running JVM if it is new enough.
 */
public final class JavaRuntime {
    public static final String HOME_ENV = "FLEETSTREAM_JAVA21_HOME";
    public static final String HOME_PROPERTY = "fleetstream.java21.home";
    public static final Path DEFAULT_HOME = Paths.get("/usr/lib/jvm/temurin-25-jdk-amd64");
    private static final int REQUIRED_FEATURE = 21;

    private JavaRuntime() {
    }

    public static Path javaExecutable(Optional<Path> explicitHome) {
        if (explicitHome.isPresent()) {
            return executableIn(explicitHome.get()).orElseThrow(() -> new IllegalStateException(
                    "No bin/java under the configured Java " + REQUIRED_FEATURE + "+ home " + explicitHome.get()));
        }
        for (String candidate : new String[] {System.getenv(HOME_ENV), System.getProperty(HOME_PROPERTY)}) {
            if (candidate != null && !candidate.isBlank()) {
                return executableIn(Paths.get(candidate)).orElseThrow(() -> new IllegalStateException(
                        "No bin/java under " + candidate + " (from " + HOME_ENV + " / " + HOME_PROPERTY + ")"));
            }
        }
        Optional<Path> fallback = executableIn(DEFAULT_HOME);
        if (fallback.isPresent()) {
            return fallback.get();
        }
        if (Runtime.version().feature() >= REQUIRED_FEATURE) {
            return executableIn(Paths.get(System.getProperty("java.home"))).orElseThrow();
        }
        throw new IllegalStateException("No Java " + REQUIRED_FEATURE + "+ runtime found for Apicurio Registry: set "
                + HOME_ENV + " or install Temurin 25 at " + DEFAULT_HOME + " (see infra/bin/install-prerequisites.sh)");
    }

    private static Optional<Path> executableIn(Path home) {
        Path java = home.resolve("bin").resolve("java");
        return Files.isExecutable(java) ? Optional.of(java) : Optional.empty();
    }
}
