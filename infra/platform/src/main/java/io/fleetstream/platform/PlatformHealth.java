package io.fleetstream.platform;

import io.fleetstream.common.ops.HealthCheck;
import io.fleetstream.common.ops.OpsServer;
import io.micrometer.core.instrument.Tag;
import java.util.List;
import java.util.Locale;

/**
 * Publishes a running platform's services on an {@link OpsServer}: one readiness check per enabled service and a
 * {@code fleetstream_platform_service_up{service}} gauge, so the local platform is watched like any other server.
 */
public final class PlatformHealth {

    private PlatformHealth() {
    }

    public static void register(OpsServer ops, LocalPlatform platform) {
        for (ServiceKind kind : platform.enabledServices()) {
            ManagedService service = platform.service(kind);
            String name = kind.name().toLowerCase(Locale.ROOT);
            ops.readinessCheck(name, () -> service.isRunning()
                    ? HealthCheck.Result.up()
                    : HealthCheck.Result.down("not running; log: " + service.logLocation()));
            ops.meterRegistry().gauge("fleetstream_platform_service_up",
                    List.of(Tag.of("platform_service", name)), service,
                    s -> s.isRunning() ? 1 : 0);
        }
    }
}
