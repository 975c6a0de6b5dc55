package io.fleetstream.platform.mqtt;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.packets.auth.DefaultAuthorizationBehaviour;
import com.hivemq.extension.sdk.api.packets.auth.ModifiableDefaultPermissions;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.connect.ConnectPacket;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;

/**
 * Username/password authentication for the embedded broker, as a HiveMQ embedded extension: no anonymous
 * clients; each user gets the topic permissions of its {@link MqttRole} and everything else is denied. A per-run
 * readiness identity, held only in memory, may connect but neither publish nor subscribe.
 */
public final class MqttAuthentication {
    private static final Logger LOG = LoggerFactory.getLogger(MqttAuthentication.class);
    private static final String PROBE_USER = "fleetstream-readiness-probe";

    private final MqttUsers users;
    private final Credentials probeCredentials;

    public MqttAuthentication(MqttUsers users) {
        this.users = users;
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        this.probeCredentials = new Credentials(PROBE_USER, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    public MqttUsers users() {
        return users;
    }

    Credentials probeCredentials() {
        return probeCredentials;
    }

    EmbeddedExtension embeddedExtension() {
        return EmbeddedExtension.builder()
                .withId("fleetstream-mqtt-auth")
                .withName("Fleetstream MQTT authentication")
                .withVersion("1")
                .withAuthor("Fleetstream")
                .withPriority(1000)
                .withStartPriority(1000)
                .withExtensionMain(new AuthExtensionMain())
                .build();
    }

    private final class AuthExtensionMain implements ExtensionMain {
        @Override
        public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
            SimpleAuthenticator authenticator = MqttAuthentication.this::authenticate;
            Services.securityRegistry().setAuthenticatorProvider(providerInput -> authenticator);
        }

        @Override
        public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
            // Nothing to release: the authenticator holds no resources.
        }
    }

    private void authenticate(SimpleAuthInput input, SimpleAuthOutput output) {
        ConnectPacket connect = input.getConnectPacket();
        Optional<String> username = connect.getUserName();
        Optional<ByteBuffer> password = connect.getPassword();
        if (username.isEmpty() || password.isEmpty()) {
            output.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "User name and password required");
            return;
        }
        char[] secret = decode(password.get());
        try {
            ModifiableDefaultPermissions permissions = output.getDefaultPermissions();
            permissions.setDefaultBehaviour(DefaultAuthorizationBehaviour.DENY);
            if (isProbe(username.get(), secret)) {
                output.authenticateSuccessfully();
                return;
            }
            Optional<MqttUsers.MqttUser> user = users.authenticate(username.get(), secret);
            if (user.isEmpty()) {
                LOG.info("MQTT client {} rejected: bad user name or password for '{}'",
                        connect.getClientId(), username.get());
                output.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "Bad user name or password");
                return;
            }
            permissions.addAll(user.get().role().permissions(user.get().username()));
            output.authenticateSuccessfully();
        } catch (RuntimeException e) {
            LOG.error("MQTT authentication of '{}' failed", username.get(), e);
            output.failAuthentication(ConnackReasonCode.UNSPECIFIED_ERROR, "Authentication error");
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    private boolean isProbe(String username, char[] password) {
        return PROBE_USER.equals(username) && MessageDigest.isEqual(
                probeCredentials.password().getBytes(StandardCharsets.UTF_8),
                new String(password).getBytes(StandardCharsets.UTF_8));
    }

    private static char[] decode(ByteBuffer password) {
        CharBuffer chars = StandardCharsets.UTF_8.decode(password.asReadOnlyBuffer());
        char[] result = new char[chars.remaining()];
        chars.get(result);
        return result;
    }

    record Credentials(String username, String password) {
    }
}
