package io.fleetstream.simulator.credentials;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Passwords derived from one fleet secret: base64url(HMAC-SHA256(secret, robotId)). A broker-side authenticator
 * holding the same secret can verify any robot without a per-robot password list.
 */
public final class DerivedCredentials implements CredentialsSource {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    public DerivedCredentials(String secret) {
        if (secret == null || secret.length() < 16) {
            throw new IllegalArgumentException("the credentials secret must have at least 16 characters");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    @Override
    public String password(String robotId) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(robotId.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
