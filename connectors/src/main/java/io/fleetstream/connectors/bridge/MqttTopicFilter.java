package io.fleetstream.connectors.bridge;

import java.util.List;
import java.util.Optional;

/**
 * An MQTT topic filter ({@code robots/+/telemetry}, {@code robots/#}) with the matching rules of MQTT 5
 * section 4.7. The first single-level wildcard of a route's filter captures the robot id.
 */
public final class MqttTopicFilter {

    private static final String SINGLE = "+";
    private static final String MULTI = "#";

    private final String filter;
    private final List<String> levels;
    /** Position of the first {@code +}, the robot id's level; -1 if there is none. */
    private final int robotIdLevel;

    private MqttTopicFilter(String filter) {
        this.filter = filter;
        this.levels = levels(filter);
        this.robotIdLevel = levels.indexOf(SINGLE);
    }

    /** The levels of a topic or filter, split once so that several filters can be matched against them. */
    public static List<String> levels(String topicOrFilter) {
        return List.of(topicOrFilter.split("/", -1));
    }

    public static MqttTopicFilter parse(String filter) {
        if (filter == null || filter.isEmpty()) {
            throw new IllegalArgumentException("empty MQTT topic filter");
        }
        List<String> levels = levels(filter);
        for (int i = 0; i < levels.size(); i++) {
            String level = levels.get(i);
            boolean wildcard = level.equals(SINGLE) || level.equals(MULTI);
            if (!wildcard && (level.contains(SINGLE) || level.contains(MULTI))) {
                throw new IllegalArgumentException("wildcard must fill a whole level in MQTT filter '" + filter + "'");
            }
            if (level.equals(MULTI) && i != levels.size() - 1) {
                throw new IllegalArgumentException("'#' must be the last level in MQTT filter '" + filter + "'");
            }
        }
        return new MqttTopicFilter(filter);
    }

    public boolean matches(String topic) {
        return matchLevels(levels(topic), false);
    }

    /** Whether every topic this other filter can match is also matched by this filter. */
    public boolean covers(MqttTopicFilter other) {
        return matchLevels(other.levels, true);
    }

    public boolean capturesRobotId() {
        return robotIdLevel >= 0;
    }

    /**
     * The topic level at the position of this filter's first {@code +}, if the topic (split by {@link #levels})
     * matches.
     */
    public Optional<String> captureRobotId(List<String> topicLevels) {
        if (robotIdLevel < 0 || !matchLevels(topicLevels, false)) {
            return Optional.empty();
        }
        return Optional.of(topicLevels.get(robotIdLevel));
    }

    private boolean matchLevels(List<String> candidate, boolean candidateIsFilter) {
        for (int i = 0; i < levels.size(); i++) {
            String level = levels.get(i);
            if (level.equals(MULTI)) {
                return true;
            }
            if (i >= candidate.size()) {
                return false;
            }
            String other = candidate.get(i);
            if (candidateIsFilter && other.equals(MULTI)) {
                return false;
            }
            boolean otherIsWildcard = candidateIsFilter && other.equals(SINGLE);
            if (!level.equals(SINGLE) && (otherIsWildcard || !level.equals(other))) {
                return false;
            }
        }
        return candidate.size() == levels.size();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MqttTopicFilter other && other.filter.equals(filter);
    }

    @Override
    public int hashCode() {
        return filter.hashCode();
    }

    @Override
    public String toString() {
        return filter;
    }
}
