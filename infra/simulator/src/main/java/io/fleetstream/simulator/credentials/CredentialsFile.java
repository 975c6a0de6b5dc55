package io.fleetstream.simulator.credentials;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Robot passwords kept in a local file of {@code robotId:password} lines ({@code #} starts a comment). Robots
 * missing from the file get a random password that is appended, so the file is created on first use and stays
 * stable across runs. The file lives outside the repository (default under {@code ~/.fleetstream}) and is made
 * readable by its owner only; brokers that enforce authentication are provisioned from the same file.
 */
public final class CredentialsFile implements CredentialsSource {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    private final Map<String, String> passwords;

    private CredentialsFile(Path file, Map<String, String> passwords) {
        this.file = file;
        this.passwords = Collections.unmodifiableMap(passwords);
    }

    /** Reads {@code file}, adding generated passwords for any of {@code robotIds} it does not list yet. */
    public static CredentialsFile loadOrCreate(Path file, Collection<String> robotIds) {
        try {
            Map<String, String> passwords = Files.exists(file) ? parse(file) : new LinkedHashMap<>();
            List<String> missing = robotIds.stream().filter(id -> !passwords.containsKey(id)).toList();
            if (!missing.isEmpty()) {
                StringBuilder lines = new StringBuilder();
                if (!Files.exists(file)) {
                    createPrivate(file);
                    lines.append("# Fleetstream simulator robot credentials (robotId:password). Keep out of git.\n");
                }
                for (String id : missing) {
                    String password = randomPassword();
                    passwords.put(id, password);
                    lines.append(id).append(':').append(password).append('\n');
                }
                Files.writeString(file, lines, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            }
            return new CredentialsFile(file, passwords);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write robot credentials file " + file, e);
        }
    }

    @Override
    public String password(String robotId) {
        String password = passwords.get(robotId);
        if (password == null) {
            throw new IllegalArgumentException("no password for " + robotId + " in " + file);
        }
        return password;
    }

    public Path file() {
        return file;
    }

    /** Every robot id with its password, in file order. */
    public Map<String, String> entries() {
        return passwords;
    }

    private static Map<String, String> parse(Path file) throws IOException {
        Map<String, String> passwords = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || colon == line.length() - 1) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected robotId:password");
            }
            passwords.put(line.substring(0, colon).trim(), line.substring(colon + 1));
        }
        return passwords;
    }

    private static void createPrivate(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
