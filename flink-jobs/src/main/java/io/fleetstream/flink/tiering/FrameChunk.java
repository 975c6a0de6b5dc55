package io.fleetstream.flink.tiering;

/**
 * The frames of one robot and sensor that go into one chunk object of one retention tier, in event-time order.
 * A Flink POJO.
 */
public class FrameChunk {

    public String robotId;
    public String site;
    public String sensor;
    public String tier;
    public TieredFrame[] frames;

    public FrameChunk() {
    }

    FrameChunk(String robotId, String site, String sensor, String tier, TieredFrame[] frames) {
        this.robotId = robotId;
        this.site = site;
        this.sensor = sensor;
        this.tier = tier;
        this.frames = frames;
    }
}
