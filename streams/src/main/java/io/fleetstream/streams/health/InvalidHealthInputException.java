package io.fleetstream.streams.health;

/**
 * An input record the health processor cannot attribute to a robot (missing or mismatching robot id, missing
 * site). The {@link DeadLetterHandler} sends the original record to the dead-letter topic with
 * {@link #reasonCode()} and processing continues.
 */
public final class InvalidHealthInputException extends RuntimeException {

    private final String reasonCode;

    public InvalidHealthInputException(String reasonCode, String detail) {
        super(detail);
        this.reasonCode = reasonCode;
    }

    public String reasonCode() {
        return reasonCode;
    }
}
