package io.fleetstream.flink.influx;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.apache.flink.api.common.operators.ProcessingTimeService;

/** Processing time that moves only when the test says so; due timers fire on the test's thread, like Flink's mailbox. */
final class ManualProcessingTime implements ProcessingTimeService {

    private record Timer(long time, ProcessingTimeCallback callback) {
    }

    private final List<Timer> timers = new ArrayList<>();
    private long now;

    @Override
    public long getCurrentProcessingTime() {
        return now;
    }

    @Override
    public ScheduledFuture<?> registerTimer(long time, ProcessingTimeCallback callback) {
        timers.add(new Timer(time, callback));
        return null;
    }

    void advance(long millis) throws Exception {
        now += millis;
        List<Timer> due = timers.stream().filter(t -> t.time() <= now).toList();
        timers.removeAll(due);
        for (Timer timer : due) {
            timer.callback().onProcessingTime(now);
        }
    }
}
