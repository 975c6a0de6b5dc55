package io.fleetstream.flink.tiering;

import io.fleetstream.connectors.retrieval.TierLayout;
import io.fleetstream.schemas.avro.LogRecord;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;

/**
 * Writes log records into one open file per robot and event-time hour (the partition of the record). Files are
 * rolled when they reach the maximum size, when no record came for the inactivity interval, when they reach the
 * maximum age, and at the end of a bounded input; a rolled file becomes a committable, made visible by the
 * committer when the next checkpoint completes. Files still open at a checkpoint go into the writer state.
 *
 * <p>Files restored from a checkpoint are rolled at the next checkpoint rather than continued: after a rescale
 * their robot may belong to another subtask, and a restored file is never appended to by two writers.
 */
final class LogFileWriter implements CommittingSinkWriter<LogRecord, PendingObject>,
        StatefulSinkWriter<LogRecord, LogFileState> {

    /** Keys of files opened by this writer that may still be pending; bounded, oldest forgotten first. */
    private static final int REMEMBERED_KEYS = 10_000;

    private final String bucket;
    private final LogTieringSettings settings;
    private final ObjectUploads uploads;
    private final ProcessingTimeService clock;
    private final Map<String, OpenLogFile> open = new HashMap<>();
    private final List<OpenLogFile> restored = new ArrayList<>();
    private final List<PendingObject> finished = new ArrayList<>();
    private final Set<String> usedKeys = new LinkedHashSet<>();
    private final Counter records;
    private final Counter bytesStored;
    private final Counter filesRolled;
    private boolean endOfInput;

    LogFileWriter(String bucket, LogTieringSettings settings, ObjectUploads uploads, ProcessingTimeService clock,
            SinkWriterMetricGroup metrics, Collection<LogFileState> state) {
        this.bucket = bucket;
        this.settings = settings;
        this.uploads = uploads;
        this.clock = clock;
        this.records = metrics.getNumRecordsSendCounter();
        this.bytesStored = metrics.getNumBytesSendCounter();
        this.filesRolled = metrics.counter("filesRolled");
        metrics.gauge("openFiles", open::size);
        long now = clock.getCurrentProcessingTime();
        for (LogFileState s : state) {
            restored.add(OpenLogFile.restore(s, (int) settings.partSize(), now));
            remember(s.key());
        }
    }

    @Override
    public void write(LogRecord record, Context context) throws IOException {
        long eventTime = record.getEventTime().toEpochMilli();
        String file = record.getRobotId() + '\n' + TierLayout.hourStart(eventTime);
        OpenLogFile target = open.get(file);
        long now = clock.getCurrentProcessingTime();
        if (target == null) {
            target = openFile(record, eventTime, now);
            open.put(file, target);
        }
        long before = target.storedBytes();
        target.write(record, uploads, now);
        bytesStored.inc(target.storedBytes() - before);
        records.inc();
        if (target.storedBytes() >= settings.maxFileSize()) {
            roll(target);
            open.remove(file);
        }
    }

    private OpenLogFile openFile(LogRecord first, long eventTime, long now) throws IOException {
        for (int discriminator = 0; ; discriminator++) {
            String key = TierLayout.logObjectKey(first.getSite(), first.getRobotId(), eventTime, first.getSeq(),
                    discriminator);
            // A duplicated first record (an MQTT redelivery) must not make a new file overwrite an older one.
            if (!usedKeys.contains(key) && uploads.size(bucket, key) < 0) {
                remember(key);
                return OpenLogFile.open(bucket, key, first.getSite(), first.getRobotId(),
                        uploads.create(bucket, key), (int) settings.partSize(), now);
            }
        }
    }

    private void remember(String key) {
        usedKeys.add(key);
        if (usedKeys.size() > REMEMBERED_KEYS) {
            Iterator<String> oldest = usedKeys.iterator();
            oldest.next();
            oldest.remove();
        }
    }

    @Override
    public void flush(boolean endOfInput) {
        this.endOfInput |= endOfInput;
    }

    /** Called at every checkpoint (after flush): rolls what is due and hands over everything rolled since. */
    @Override
    public Collection<PendingObject> prepareCommit() throws IOException {
        long now = clock.getCurrentProcessingTime();
        for (OpenLogFile file : restored) {
            roll(file);
        }
        restored.clear();
        for (Iterator<OpenLogFile> it = open.values().iterator(); it.hasNext(); ) {
            OpenLogFile file = it.next();
            if (endOfInput || now - file.lastWriteAt() >= settings.inactivityInterval().toMillis()
                    || now - file.openedAt() >= settings.maxFileAge().toMillis()) {
                roll(file);
                it.remove();
            }
        }
        List<PendingObject> committables = List.copyOf(finished);
        finished.clear();
        return committables;
    }

    private void roll(OpenLogFile file) throws IOException {
        if (file.isEmpty()) {
            return;
        }
        finished.add(file.finish(uploads, Instant.ofEpochMilli(clock.getCurrentProcessingTime())));
        filesRolled.inc();
    }

    @Override
    public List<LogFileState> snapshotState(long checkpointId) throws IOException {
        List<LogFileState> state = new ArrayList<>(open.size());
        for (OpenLogFile file : open.values()) {
            state.add(file.snapshot());
        }
        return state;
    }

    @Override
    public void close() {
        // Open uploads are left as they are: the last checkpoint's state still refers to them.
    }
}
