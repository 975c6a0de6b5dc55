package io.fleetstream.deploy.k8s;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.fleetstream.deploy.RepoLayout;

/** The rendered base and overlays, rendered once per test JVM and shared by the test classes. */
public final class RenderedOverlays {

    public static final List<String> ALL = List.of("base", "overlays/local", "overlays/production");

    private static final RepoLayout REPO = RepoLayout.fromWorkingDirectory();
    private static final Map<String, List<Manifest>> RENDERED = new ConcurrentHashMap<>();

    private RenderedOverlays() {
    }

    public static RepoLayout repo() {
        return REPO;
    }

    public static List<Manifest> render(String kustomization) {
        return RENDERED.computeIfAbsent(kustomization, k -> Kustomize.withKubectl().render(REPO.kustomization(k)));
    }

    public static List<Manifest> ofKind(String kustomization, String kind) {
        return render(kustomization).stream().filter(m -> m.is(kind)).toList();
    }

    public static Manifest named(String kustomization, String kind, String name) {
        return ofKind(kustomization, kind).stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(kind + "/" + name + " not rendered in " + kustomization));
    }
}
