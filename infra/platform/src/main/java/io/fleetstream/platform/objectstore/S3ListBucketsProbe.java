package io.fleetstream.platform.objectstore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.fleetstream.platform.HttpProbe;

/**
 * An authenticated S3 ListBuckets ({@code GET /}) signed with AWS signature version 2, which s3proxy accepts
 * alongside v4; it proves the store is up and the generated credentials work.
 */
final class S3ListBucketsProbe {
    private final String endpoint;
    private final S3Credentials credentials;

    S3ListBucketsProbe(String endpoint, S3Credentials credentials) {
        this.endpoint = endpoint;
        this.credentials = credentials;
    }

    int listBuckets() throws IOException, InterruptedException {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
        String stringToSign = "GET\n\n\n" + date + "\n/";
        String authorization = "AWS " + credentials.accessKey() + ":" + hmacSha1(stringToSign);
        return HttpProbe.get(endpoint + "/", Map.of("Date", date, "Authorization", authorization));
    }

    private String hmacSha1(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(credentials.secretKey().getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is not available in this JVM", e);
        }
    }
}
