package io.fleetstream.connectors.bridge;

import io.fleetstream.schemas.avro.TelemetrySample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Which (robot id, seq) pairs reached Kafka, how often: the evidence of the no-loss tests. */
final class DeliveryLedger {

    private final List<String> robots;
    private final int perRobot;
    private final Map<String, int[]> counts = new HashMap<>();
    private int seen;
    private long distinct;

    DeliveryLedger(List<String> robots, int perRobot) {
        this.robots = List.copyOf(robots);
        this.perRobot = perRobot;
        robots.forEach(r -> counts.put(r, new int[perRobot]));
    }

    /** Takes in the records not seen yet (the reader's list only grows); true once every pair arrived. */
    boolean complete(List<ConsumerRecord<String, TelemetrySample>> records) {
        for (; seen < records.size(); seen++) {
            TelemetrySample sample = records.get(seen).value();
            int[] robot = counts.get(sample.getRobotId());
            if (robot != null && sample.getSeq() < perRobot && robot[(int) sample.getSeq()]++ == 0) {
                distinct++;
            }
        }
        return distinct == (long) robots.size() * perRobot;
    }

    long distinct() {
        return distinct;
    }

    /** "robot-0003#1234" for every pair that never arrived. */
    List<String> missing() {
        List<String> missing = new ArrayList<>();
        counts.forEach((robot, seqs) -> {
            for (int seq = 0; seq < seqs.length; seq++) {
                if (seqs[seq] == 0) {
                    missing.add(robot + "#" + seq);
                }
            }
        });
        return missing;
    }

    /** "robot-0003#1234 x2" for every pair that arrived more than once. */
    List<String> duplicates() {
        List<String> duplicates = new ArrayList<>();
        counts.forEach((robot, seqs) -> {
            for (int seq = 0; seq < seqs.length; seq++) {
                if (seqs[seq] > 1) {
                    duplicates.add(robot + "#" + seq + " x" + seqs[seq]);
                }
            }
        });
        return duplicates;
    }
}
