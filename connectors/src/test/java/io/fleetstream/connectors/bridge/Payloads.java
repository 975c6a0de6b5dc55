package io.fleetstream.connectors.bridge;

import java.util.Locale;

/** JSON payloads of the MQTT contract (TEAM.md), for tests. */
final class Payloads {

    private Payloads() {
    }

    static String telemetry(String robotId, long seq, long ts) {
        return String.format(Locale.ROOT, """
                {"robotId":"%s","site":"site-a","seq":%d,"ts":%d,\
                "metrics":{"battery_pct":87.5,"motor_temp_c":41.2,"cpu_pct":23.0,"pos_x":1.5,"pos_y":-3.2,\
                "velocity_mps":0.8},"status":"ACTIVE"}""", robotId, seq, ts);
    }

    static String heartbeat(String robotId, long seq, long ts) {
        return String.format(Locale.ROOT, """
                {"robotId":"%s","site":"site-a","seq":%d,"ts":%d,"status":"OK","uptimeS":360,\
                "errorCodes":["E12"],"firmware":"1.4.2"}""", robotId, seq, ts);
    }

    static String logLine(String robotId, long seq, long ts, String level, String message) {
        return String.format(Locale.ROOT, """
                {"robotId":"%s","site":"site-a","seq":%d,"ts":%d,"level":"%s","source":"nav","message":"%s"}""",
                robotId, seq, ts, level, message);
    }

    static String telemetryTopic(String robotId) {
        return "robots/" + robotId + "/telemetry";
    }
}
