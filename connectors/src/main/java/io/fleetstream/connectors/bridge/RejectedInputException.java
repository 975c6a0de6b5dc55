package io.fleetstream.connectors.bridge;

/** An input that can never be converted; it goes to the dead-letter topic with {@link #reason()}. */
public final class RejectedInputException extends Exception {

    private final RejectReason reason;

    public RejectedInputException(RejectReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }

    public String detail() {
        return getMessage();
    }
}
