package io.fleetstream.platform.mqtt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The MQTT users of a platform, kept in a credentials file of salted PBKDF2 hashes (never plain passwords), one
 * user a line: {@code username:ROLE:pbkdf2-sha256$iterations$salt$hash}. The broker re-reads the file when it
 * changes, so users can be added while it runs.
 */
public final class MqttUsers {
    // No MQTT wildcards or level separators: user names become topic levels in the ACLs.
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final Path file;
    private Map<String, MqttUser> cache = Map.of();
    private FileTime cacheStamp;

    public MqttUsers(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Registers (or re-keys) a robot; its user name is its robot id. */
    public MqttUsers addRobot(String robotId, String password) {
        return put(robotId, MqttRole.ROBOT, password);
    }

    /** Registers (or re-keys) a back-end service user that may subscribe to {@code robots/#}. */
    public MqttUsers addService(String username, String password) {
        return put(username, MqttRole.SERVICE, password);
    }

    public synchronized boolean remove(String username) {
        Map<String, MqttUser> users = new TreeMap<>(read());
        boolean removed = users.remove(username) != null;
        if (removed) {
            write(users);
        }
        return removed;
    }

    private synchronized MqttUsers put(String username, MqttRole role, String password) {
        if (!USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException("Invalid MQTT user name '" + username + "': letters, digits, '.', '_', '-'");
        }
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("Empty password for MQTT user " + username);
        }
        Map<String, MqttUser> users = new TreeMap<>(read());
        users.put(username, new MqttUser(username, role, PasswordHash.create(password.toCharArray())));
        write(users);
        return this;
    }

    /** The user with this name and password, if both match. */
    Optional<MqttUser> authenticate(String username, char[] password) {
        MqttUser user = read().get(username);
        if (user == null || !PasswordHash.matches(password, user.passwordHash())) {
            return Optional.empty();
        }
        return Optional.of(user);
    }

    synchronized Map<String, MqttUser> read() {
        try {
            FileTime stamp = Files.getLastModifiedTime(file);
            if (!stamp.equals(cacheStamp)) {
                cache = parse(Files.readAllLines(file, StandardCharsets.UTF_8));
                cacheStamp = stamp;
            }
        } catch (NoSuchFileException e) {
            cache = Map.of();
            cacheStamp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read MQTT credentials file " + file, e);
        }
        return cache;
    }

    private Map<String, MqttUser> parse(List<String> lines) {
        Map<String, MqttUser> users = new TreeMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split(":", 3);
            try {
                MqttRole role = MqttRole.valueOf(fields[1]);
                PasswordHash.checkWellFormed(fields[2]);
                users.put(fields[0], new MqttUser(fields[0], role, fields[2]));
            } catch (RuntimeException e) {
                throw new IllegalStateException("Malformed line " + (i + 1) + " in MQTT credentials file " + file, e);
            }
        }
        return Collections.unmodifiableMap(users);
    }

    private void write(Map<String, MqttUser> users) {
        List<String> lines = new ArrayList<>();
        lines.add("# Fleetstream MQTT users: username:ROLE:pbkdf2-sha256$iterations$salt$hash");
        users.values().forEach(u -> lines.add(u.username() + ":" + u.role() + ":" + u.passwordHash()));
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "credentials", ".tmp");
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            cache = Collections.unmodifiableMap(new TreeMap<>(users));
            cacheStamp = Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write MQTT credentials file " + file, e);
        }
    }

    record MqttUser(String username, MqttRole role, String passwordHash) {
    }
}
