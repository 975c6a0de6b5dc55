package io.fleetstream.connectors.bridge;

import java.io.IOException;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/** Converts the payload of one route's MQTT messages into the Avro records to produce. */
interface PayloadConverter {

    /**
     * @param topicRobotId the robot id captured from the MQTT topic
     * @return the records to produce, in order, all keyed by the robot id
     * @throws RejectedInputException when the message can never be converted (it is dead-lettered)
     * @throws IOException when a dependency such as the object store failed; the message is retried later
     */
    List<SpecificRecord> convert(IncomingMessage message, String topicRobotId)
            throws RejectedInputException, IOException;
}
