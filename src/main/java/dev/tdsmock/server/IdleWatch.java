package dev.tdsmock.server;

import dev.tdsmock.faults.InstalledFault;
import dev.tdsmock.faults.Step;
import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Meets a logged-in session that sends nothing with the listener's faults at {@code idle}, each once its own
 * {@code after} has passed; a request starts the wait again. The faults are those in force when the session became
 * idle. Used from the connection's event loop.
 */
final class IdleWatch {
    private final Channel channel;
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();

    IdleWatch(Channel channel) {
        this.channel = channel;
    }

    /** The session is idle from now. */
    void start() {
        stop();
        for (InstalledFault fault : Connection.of(channel).faults().all()) {
            if (fault.definition().at() == Step.IDLE) {
                long after = fault.definition().activation().idleAfter().toMillis();
                timers.add(channel.eventLoop().schedule(() -> idleFor(fault), after, TimeUnit.MILLISECONDS));
            }
        }
    }

    /** The session is busy (or gone). */
    void stop() {
        timers.forEach(timer -> timer.cancel(false));
        timers.clear();
    }

    private void idleFor(InstalledFault fault) {
        if (channel.isActive() && Connection.of(channel).state() == ConnectionState.LOGGED_IN) {
            Steps.run(channel, Step.IDLE, candidate -> candidate == fault, () -> null);
        }
    }
}
