package io.fleetstream.platform.mqtt;

import java.util.List;

import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission;
import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission.MqttActivity;
import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission.PermissionType;
import com.hivemq.extension.sdk.api.services.builder.Builders;

/** What an authenticated MQTT user may do; anything not allowed here is denied. */
public enum MqttRole {
    /** A robot publishes only under {@code robots/{own id}/#} and subscribes only to its own commands. */
    ROBOT {
        @Override
        List<TopicPermission> permissions(String username) {
            return List.of(
                    allow("robots/" + username + "/#", MqttActivity.PUBLISH),
                    allow("robots/" + username + "/commands/#", MqttActivity.SUBSCRIBE));
        }
    },
    /** A back-end service (the bridge) reads everything robots send and may send robots commands. */
    SERVICE {
        @Override
        List<TopicPermission> permissions(String username) {
            return List.of(
                    allow("robots/#", MqttActivity.SUBSCRIBE),
                    allow("robots/+/commands/#", MqttActivity.PUBLISH));
        }
    };

    abstract List<TopicPermission> permissions(String username);

    private static TopicPermission allow(String topicFilter, MqttActivity activity) {
        return Builders.topicPermission().topicFilter(topicFilter).type(PermissionType.ALLOW).activity(activity).build();
    }
}
