package io.fleetstream.common.ops;

/** One named check contributing to a service's liveness or readiness. */
@FunctionalInterface
public interface HealthCheck {

    Result check();

    /** Outcome of a check; {@code detail} is shown to operators in the endpoint's JSON body. */
    record Result(boolean healthy, String detail) {
        public static Result up() {
            return new Result(true, "UP");
        }

        public static Result up(String detail) {
            return new Result(true, detail);
        }

        public static Result down(String detail) {
            return new Result(false, detail);
        }
    }
}
