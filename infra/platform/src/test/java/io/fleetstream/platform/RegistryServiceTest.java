package io.fleetstream.platform;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(LocalPlatformExtension.class)
class RegistryServiceTest {
    private static final String SCHEMA_JSON = "{\"schema\": \"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"Ping\\\","
            + "\\\"namespace\\\":\\\"io.fleetstream.test\\\",\\\"fields\\\":[{\\\"name\\\":\\\"seq\\\",\\\"type\\\":\\\"long\\\"}]}\"}";

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void isReadyOnTheManagementPort(PlatformEndpoints endpoints) throws Exception {
        HttpResponse<String> ready = get(endpoints.registryManagementUrl() + "/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"status\": \"UP\"");
    }

    @Test
    void ccompatApiRegistersAndListsSubjects(PlatformEndpoints endpoints) throws Exception {
        HttpResponse<String> subjects = get(endpoints.ccompatUrl() + "/subjects");
        assertThat(subjects.statusCode()).isEqualTo(200);
        assertThat(subjects.body()).startsWith("[").endsWith("]");

        String subject = "platform-test-" + UUID.randomUUID() + "-value";
        HttpResponse<String> registered = http.send(HttpRequest.newBuilder(
                        URI.create(endpoints.ccompatUrl() + "/subjects/" + subject + "/versions"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(SCHEMA_JSON)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(registered.statusCode()).isEqualTo(200);
        assertThat(registered.body()).contains("\"id\"");

        assertThat(get(endpoints.ccompatUrl() + "/subjects").body()).contains(subject);
        assertThat(get(endpoints.registryApiUrl() + "/system/info").statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
