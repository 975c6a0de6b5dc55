package io.fleetstream.flink.anomaly.detector;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The highest and lowest values of a series over a recent horizon, in a fixed number of blocks: the memory of the
 * detector's second, model-free opinion ("a value beyond anything of the last weeks"). The horizon is at least
 * {@code horizonSamples} and grows with the history to {@code horizonFraction} of the samples seen, by merging
 * adjacent blocks pairwise (the block length doubles), so it stays {@link #BLOCKS} blocks whatever the series' length.
 */
final class RecentExtremes {

    static final int BLOCKS = 16;
    static final int SERIALIZED_BYTES = 2 * BLOCKS * Float.BYTES + 2 * Double.BYTES + 3 * Integer.BYTES;

    /** Extremes of the completed blocks, oldest first; the first {@code blocks} entries are in use. */
    private final float[] blockMax = new float[BLOCKS];
    private final float[] blockMin = new float[BLOCKS];
    private double currentMax = Double.NEGATIVE_INFINITY;
    private double currentMin = Double.POSITIVE_INFINITY;
    /** 0 until {@link #start}. */
    private int blockLength;
    private int blocks;
    private int inBlock;

    /** Starts with blocks of {@code horizonSamples / BLOCKS} samples. */
    void start(int horizonSamples) {
        blockLength = Math.max(1, horizonSamples / BLOCKS);
    }

    boolean isStarted() {
        return blockLength > 0;
    }

    boolean isEmpty() {
        return blocks == 0;
    }

    /** Highest value of the horizon (completed blocks and the block being filled). */
    double max() {
        double max = currentMax;
        for (int i = 0; i < blocks; i++) {
            max = Math.max(max, blockMax[i]);
        }
        return max;
    }

    /** Lowest value of the horizon. */
    double min() {
        double min = currentMin;
        for (int i = 0; i < blocks; i++) {
            min = Math.min(min, blockMin[i]);
        }
        return min;
    }

    /** Remembers {@code value}, the {@code samplesSeen}-th sample, then closes the block if it is full. */
    void add(double value, long samplesSeen, double horizonFraction) {
        currentMax = Math.max(currentMax, value);
        currentMin = Math.min(currentMin, value);
        if (++inBlock < blockLength) {
            return;
        }
        if (blocks == BLOCKS) {
            if ((double) BLOCKS * blockLength < horizonFraction * samplesSeen) {
                for (int i = 0; i < BLOCKS / 2; i++) {
                    blockMax[i] = Math.max(blockMax[2 * i], blockMax[2 * i + 1]);
                    blockMin[i] = Math.min(blockMin[2 * i], blockMin[2 * i + 1]);
                }
                blocks = BLOCKS / 2;
                blockLength *= 2;
            } else {
                System.arraycopy(blockMax, 1, blockMax, 0, BLOCKS - 1);
                System.arraycopy(blockMin, 1, blockMin, 0, BLOCKS - 1);
                blocks--;
            }
        }
        blockMax[blocks] = (float) currentMax;
        blockMin[blocks] = (float) currentMin;
        blocks++;
        currentMax = Double.NEGATIVE_INFINITY;
        currentMin = Double.POSITIVE_INFINITY;
        inBlock = 0;
    }

    void writeTo(ByteBuffer out) {
        for (int i = 0; i < BLOCKS; i++) {
            out.putFloat(blockMax[i]);
            out.putFloat(blockMin[i]);
        }
        out.putDouble(currentMax);
        out.putDouble(currentMin);
        out.putInt(blockLength);
        out.putInt(blocks);
        out.putInt(inBlock);
    }

    void readFrom(ByteBuffer in) throws IOException {
        for (int i = 0; i < BLOCKS; i++) {
            blockMax[i] = in.getFloat();
            blockMin[i] = in.getFloat();
        }
        currentMax = in.getDouble();
        currentMin = in.getDouble();
        blockLength = in.getInt();
        blocks = in.getInt();
        inBlock = in.getInt();
        // Block length 0: a state that has not seen its first sample yet.
        boolean started = blockLength > 0;
        if (blockLength < 0 || blocks < 0 || blocks > BLOCKS || inBlock < 0
                || (started ? inBlock >= blockLength : blocks + inBlock > 0)) {
            throw new IOException("Corrupt recent-extremes state: " + blocks + " blocks of "
                    + blockLength + ", " + inBlock + " in the current one");
        }
    }
}
