package io.fleetstream.platform;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.errors.ErrorResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(LocalPlatformExtension.class)
class ObjectStoreServiceTest {

    @Test
    void putsAndGetsAnObjectWithTheMinioClient(PlatformEndpoints endpoints) throws Exception {
        MinioClient s3 = MinioClient.builder()
                .endpoint(endpoints.s3Endpoint())
                .credentials(endpoints.s3AccessKey(), endpoints.s3SecretKey())
                .region("us-east-1")
                .build();
        String bucket = "platform-test-" + UUID.randomUUID().toString().substring(0, 8);
        s3.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
        assertThat(s3.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())).isTrue();

        byte[] content = "pointcloud frame 42".getBytes(StandardCharsets.UTF_8);
        s3.putObject(PutObjectArgs.builder().bucket(bucket).object("robots/robot-0007/frame-42.pcd")
                .data(content, content.length).build());
        try (GetObjectResponse object = s3.getObject(GetObjectArgs.builder().bucket(bucket)
                .object("robots/robot-0007/frame-42.pcd").build())) {
            assertThat(object.readAllBytes()).isEqualTo(content);
        }
    }

    @Test
    void rejectsWrongCredentials(PlatformEndpoints endpoints) {
        MinioClient s3 = MinioClient.builder()
                .endpoint(endpoints.s3Endpoint())
                .credentials(endpoints.s3AccessKey(), "not-the-secret")
                .region("us-east-1")
                .build();
        assertThatThrownBy(s3::listBuckets)
                .isInstanceOfSatisfying(ErrorResponseException.class,
                        e -> assertThat(e.errorResponse().code()).isEqualTo("SignatureDoesNotMatch"));
    }
}
