package io.fleetstream.platform.objectstore;

import java.security.SecureRandom;

/** An access key / secret key pair generated per platform run; never written to the repository or the work dir. */
public record S3Credentials(String accessKey, String secretKey) {
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final String SECRET_ALPHABET = ALPHANUMERIC + "abcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    public static S3Credentials generate() {
        return new S3Credentials("FS" + random(ALPHANUMERIC, 18), random(SECRET_ALPHABET, 40));
    }

    private static String random(String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "S3Credentials[accessKey=" + accessKey + ", secretKey=***]";
    }
}
