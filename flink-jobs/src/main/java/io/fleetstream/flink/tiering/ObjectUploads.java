package io.fleetstream.flink.tiering;

import io.fleetstream.connectors.retrieval.S3Errors;
import io.fleetstream.flink.tiering.PendingObject.UploadedPart;
import io.minio.AbortMultipartUploadArgs;
import io.minio.CompleteMultipartUploadArgs;
import io.minio.CreateMultipartUploadArgs;
import io.minio.MinioAsyncClient;
import io.minio.StatObjectArgs;
import io.minio.UploadPartArgs;
import io.minio.messages.Part;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** The S3 multipart-upload calls of the tiering sinks, with the MinIO client's futures turned into plain calls. */
final class ObjectUploads {

    private final MinioAsyncClient s3;

    ObjectUploads(MinioAsyncClient s3) {
        this.s3 = s3;
    }

    String create(String bucket, String key) throws IOException {
        return await(s3.createMultipartUpload(CreateMultipartUploadArgs.builder().bucket(bucket).object(key).build()),
                "create upload of " + key).result().uploadId();
    }

    /** Uploads one part in the background; {@code data} must not change until the future completes. */
    CompletableFuture<UploadedPart> uploadPart(String bucket, String key, String uploadId, int number, byte[] data,
            int length) {
        return s3.uploadPart(UploadPartArgs.builder().bucket(bucket).object(key).uploadId(uploadId)
                        .partNumber(number).data(data, length).build())
                .thenApply(response -> new UploadedPart(number, response.part().etag()));
    }

    /**
     * Completes an upload: the object appears whole, made of exactly {@code parts} (parts uploaded under other
     * numbers by an attempt that later failed are discarded).
     *
     * @return false when the upload no longer exists, i.e. it was completed before (or aborted)
     */
    boolean complete(String bucket, String key, String uploadId, List<UploadedPart> parts) throws IOException {
        Part[] s3Parts = parts.stream().map(p -> new Part(p.number(), p.etag())).toArray(Part[]::new);
        try {
            await(s3.completeMultipartUpload(CompleteMultipartUploadArgs.builder().bucket(bucket).object(key)
                    .uploadId(uploadId).parts(s3Parts).build()), "complete " + key);
            return true;
        } catch (IOException e) {
            if (S3Errors.is(e, S3Errors.NO_SUCH_UPLOAD)) {
                return false;
            }
            throw e;
        }
    }

    void abort(String bucket, String key, String uploadId) throws IOException {
        await(s3.abortMultipartUpload(AbortMultipartUploadArgs.builder().bucket(bucket).object(key)
                .uploadId(uploadId).build()), "abort upload of " + key);
    }

    /** The object's size, or -1 when it does not exist. */
    long size(String bucket, String key) throws IOException {
        try {
            return await(s3.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build()), "stat " + key)
                    .size();
        } catch (IOException e) {
            if (S3Errors.is(e, S3Errors.NO_SUCH_KEY)) {
                return -1;
            }
            throw e;
        }
    }

    static <T> T await(CompletableFuture<T> future, String what) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted: " + what);
        } catch (ExecutionException e) {
            throw new IOException(what + " failed: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
