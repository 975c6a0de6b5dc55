package io.fleetstream.platform;

import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension giving tests a running platform: {@code @ExtendWith(LocalPlatformExtension.class)} on a test
 * class, then take a {@link LocalPlatform} or {@link PlatformEndpoints} parameter in any test or lifecycle method.
 *
 * <p>One platform per JVM, started on first use with free ports under {@value #WORK_DIR_PROPERTY} (default
 * {@code target/platform}) and shared by every test class; it lives in the root context store, so JUnit closes it
 * when the run ends. System property {@value PlatformProvider#PROPERTY} chooses embedded (default), testcontainers
 * or auto. A {@code LocalPlatform} parameter (to stop and restart services) exists only with the embedded provider.
 */
public final class LocalPlatformExtension implements BeforeAllCallback, ParameterResolver {
    public static final String WORK_DIR_PROPERTY = "fleetstream.platform.workDir";
    private static final Namespace NAMESPACE = Namespace.create(LocalPlatformExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        shared(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == LocalPlatform.class || type == PlatformEndpoints.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        SharedPlatform platform = shared(context);
        if (parameter.getParameter().getType() == PlatformEndpoints.class) {
            return platform.endpoints();
        }
        return platform.localPlatform().orElseThrow(() -> new ParameterResolutionException(
                "A LocalPlatform parameter needs the embedded provider, but " + PlatformProvider.PROPERTY + " selected "
                        + platform.provider() + "; take PlatformEndpoints instead"));
    }

    private static SharedPlatform shared(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(SharedPlatform.class,
                key -> SharedPlatform.start(SharedPlatform.configuredProvider(), baseWorkDir()), SharedPlatform.class);
    }

    private static Path baseWorkDir() {
        return Paths.get(System.getProperty(WORK_DIR_PROPERTY, "target/platform")).toAbsolutePath();
    }
}
