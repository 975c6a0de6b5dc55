package io.fleetstream.platform;

/** A platform service did not start or did not become ready; the message names the service and its log. */
public class PlatformStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PlatformStartException(String message) {
        super(message);
    }

    public PlatformStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
