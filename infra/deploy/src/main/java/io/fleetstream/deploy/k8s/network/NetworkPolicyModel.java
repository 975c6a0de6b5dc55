package io.fleetstream.deploy.k8s.network;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.fleetstream.deploy.k8s.Manifest;

/**
 * Evaluates NetworkPolicies the way a conforming CNI enforces them: a connection needs the source's egress and the
 * destination's ingress to allow it; a pod selected by no policy of a direction is open in that direction; rules of
 * all selecting policies are ORed. ipBlock peers are treated as matching every address, in-cluster pods included
 * (what many CNIs do for 0.0.0.0/0), so the model never reports a flow as denied that a cluster could allow.
 */
public final class NetworkPolicyModel {

    private final List<Manifest> policies;

    /** The NetworkPolicies of one namespace. */
    public NetworkPolicyModel(List<Manifest> policies) {
        this.policies = policies.stream().filter(m -> m.is("NetworkPolicy")).toList();
    }

    public boolean allows(Endpoint from, Endpoint to, int port) {
        boolean egress = from.isExternal() || !policyNamespace(from) || directionAllows(from, to, port, "Egress", "egress", "to");
        boolean ingress = to.isExternal() || !policyNamespace(to) || directionAllows(to, from, port, "Ingress", "ingress", "from");
        return egress && ingress;
    }

    /** Policies only apply to pods of their own namespace; endpoints elsewhere are unrestricted here. */
    private boolean policyNamespace(Endpoint endpoint) {
        return policies.stream().anyMatch(p -> namespaceOf(p).equals(endpoint.namespace()));
    }

    private boolean directionAllows(Endpoint subject, Endpoint peer, int port, String policyType, String rulesField, String peersField) {
        boolean isolated = false;
        for (Manifest policy : policies) {
            if (!namespaceOf(policy).equals(subject.namespace())
                    || !LabelSelector.matches(policy.spec().path("podSelector"), subject.labels())
                    || !hasType(policy, policyType)) {
                continue;
            }
            isolated = true;
            for (JsonNode rule : policy.spec().path(rulesField)) {
                if (peersMatch(rule.path(peersField), peer, namespaceOf(policy)) && portsMatch(rule.path("ports"), port)) {
                    return true;
                }
            }
        }
        return !isolated;
    }

    private static boolean hasType(Manifest policy, String type) {
        JsonNode types = policy.spec().path("policyTypes");
        if (types.isMissingNode() || types.isEmpty()) {
            // Defaulting of the API server: Ingress always, Egress when egress rules are present.
            return type.equals("Ingress") || policy.spec().has("egress");
        }
        for (JsonNode t : types) {
            if (t.asText().equals(type)) {
                return true;
            }
        }
        return false;
    }

    private static boolean peersMatch(JsonNode peers, Endpoint peer, String policyNamespace) {
        if (peers.isMissingNode() || peers.isEmpty()) {
            return true;
        }
        for (JsonNode candidate : peers) {
            if (candidate.has("ipBlock")) {
                return true;
            }
            if (peer.isExternal()) {
                continue;
            }
            boolean namespaceOk = candidate.has("namespaceSelector")
                    ? LabelSelector.matches(candidate.path("namespaceSelector"), peer.namespaceLabels())
                    : peer.namespace().equals(policyNamespace);
            boolean podOk = !candidate.has("podSelector") || LabelSelector.matches(candidate.path("podSelector"), peer.labels());
            if (namespaceOk && podOk) {
                return true;
            }
        }
        return false;
    }

    private static boolean portsMatch(JsonNode ports, int port) {
        if (ports.isMissingNode() || ports.isEmpty()) {
            return true;
        }
        for (JsonNode candidate : ports) {
            if (!candidate.path("protocol").asText("TCP").equals("TCP")) {
                continue;
            }
            JsonNode value = candidate.path("port");
            if (value.isMissingNode()) {
                return true;
            }
            if (!value.isInt()) {
                throw new IllegalArgumentException("named ports are not modelled, use numbers: " + candidate);
            }
            int end = candidate.path("endPort").asInt(value.asInt());
            if (port >= value.asInt() && port <= end) {
                return true;
            }
        }
        return false;
    }

    private static String namespaceOf(Manifest policy) {
        return policy.node().path("metadata").path("namespace").asText("");
    }
}
