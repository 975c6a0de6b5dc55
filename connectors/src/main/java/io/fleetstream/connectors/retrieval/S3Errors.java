package io.fleetstream.connectors.retrieval;

import io.minio.errors.ErrorResponseException;

/** The S3 error codes callers branch on, dug out of the MinIO client's exception wrappers. */
public final class S3Errors {

    public static final String NO_SUCH_KEY = "NoSuchKey";
    public static final String NO_SUCH_UPLOAD = "NoSuchUpload";
    public static final String NOT_IMPLEMENTED = "NotImplemented";

    private S3Errors() {
    }

    /** The S3 error code of {@code e} or one of its causes; null when it is not an S3 error response. */
    public static String code(Throwable e) {
        int depth = 0;
        for (Throwable t = e; t != null && depth < 16; t = t.getCause(), depth++) {
            if (t instanceof ErrorResponseException response && response.errorResponse() != null) {
                return response.errorResponse().code();
            }
        }
        return null;
    }

    public static boolean is(Throwable e, String code) {
        return code.equals(code(e));
    }
}
