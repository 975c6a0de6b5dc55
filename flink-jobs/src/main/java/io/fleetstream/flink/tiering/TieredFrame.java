package io.fleetstream.flink.tiering;

/**
 * A validated point cloud frame on its way to the store: compressed with the job's codec (kept compressed while
 * it waits in state for its chunk), or a reference to the object the bridge already stored. A Flink POJO.
 */
public class TieredFrame {

    public String robotId;
    public String site;
    public String sensor;
    public String frameId;
    public long seq;
    public long eventTime;
    /** The PCD file compressed with the job's codec; null for a referenced frame. */
    public byte[] data;
    /** Size of the PCD file as captured. */
    public long originalSize;
    public String refBucket;
    public String refKey;
    public String refSha256;
    /** Set when the chunk is cut: {@code full}, {@code thinned} or {@code hot}. */
    public String tier;

    public TieredFrame() {
    }

    boolean isReferenced() {
        return data == null;
    }

    /** Bytes this frame adds to a chunk object. */
    long storedSize() {
        return data == null ? 0 : data.length;
    }
}
