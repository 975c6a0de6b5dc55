package io.fleetstream.deploy.k8s;

/** A broken rule: which rule, on which object, and what is wrong. */
public record Violation(String rule, String subject, String message) {

    @Override
    public String toString() {
        return "[" + rule + "] " + subject + ": " + message;
    }
}
