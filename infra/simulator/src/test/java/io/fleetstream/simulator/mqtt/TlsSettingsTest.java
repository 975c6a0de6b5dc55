package io.fleetstream.simulator.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

class TlsSettingsTest {

    @Test
    void loadsTheConfiguredTrustStore() {
        // the JDK's own CA store is a real trust store in a standard format
        Path cacerts = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
        TlsSettings tls = new TlsSettings(true, cacerts.toString(), "changeit", "PKCS12", true);

        X509TrustManager trustManager = (X509TrustManager) tls.trustManagerFactory().getTrustManagers()[0];

        assertThat(trustManager.getAcceptedIssuers()).isNotEmpty();
    }

    @Test
    void reportsAnUnreadableTrustStoreClearly() {
        TlsSettings tls = new TlsSettings(true, "/nonexistent/truststore.p12", "", "PKCS12", true);

        assertThatThrownBy(tls::trustManagerFactory).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot load MQTT trust store /nonexistent/truststore.p12");
    }
}
