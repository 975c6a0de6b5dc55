package io.fleetstream.schemas;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Minimal JSON client of the registry REST APIs (ccompat and core v3), as a non-Java consumer would use them. */
final class RegistryRestApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT = CONTENT_TYPE + ", application/json";

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    RegistryRestApi(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** GET that must answer 200. */
    JsonNode get(String path) throws IOException, InterruptedException {
        return expectOk(send(HttpRequest.newBuilder(uri(path)).GET()), path);
    }

    /** PUT of a JSON body that must answer 200. */
    JsonNode put(String path, JsonNode body) throws IOException, InterruptedException {
        return expectOk(send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", CONTENT_TYPE)
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString()))), path);
    }

    /** POST of a JSON body that must answer 200. */
    JsonNode post(String path, JsonNode body) throws IOException, InterruptedException {
        return expectOk(send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))), path);
    }

    static ObjectMapper json() {
        return JSON;
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.header("Accept", ACCEPT).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode expectOk(HttpResponse<String> response, String path) throws IOException {
        if (response.statusCode() != 200) {
            throw new AssertionError(response.request().method() + " " + path + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
