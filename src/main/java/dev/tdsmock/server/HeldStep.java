package dev.tdsmock.server;

import dev.tdsmock.faults.Step;
import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A step whose answer a delay fault holds: the client's messages wait in the {@link MessageGate} and the idle
 * timeout does not run until the hold ends, with the answer, or the client cancels it (ATTENTION, for a request).
 */
final class HeldStep {
    private final Channel channel;
    private final Step step;
    private final Steps.Answer answer;
    private final MessageGate gate;
    private final ClientWait wait;
    private final ScheduledFuture<?> timer;

    /** @param then what the step does when the hold ends: its answer, or the fault that decided */
    HeldStep(Channel channel, Step step, Duration hold, Runnable then, Steps.Answer answer) {
        this.channel = channel;
        this.step = step;
        this.answer = answer;
        this.gate = channel.pipeline().get(MessageGate.class);
        this.wait = channel.pipeline().get(ClientWait.class);
        if (gate != null) {
            gate.close();
        }
        if (wait != null) {
            wait.pause();
        }
        this.timer = channel.eventLoop().schedule(() -> ended(then), hold.toMillis(), TimeUnit.MILLISECONDS);
    }

    Step step() {
        return step;
    }

    private void ended(Runnable then) {
        Connection.of(channel).hold(null);
        if (!channel.isActive()) {
            answer.abandon();
            return;
        }
        resume();
        try {
            then.run();
            openGate();
        } catch (RuntimeException e) {
            channel.pipeline().fireExceptionCaught(e);
        }
    }

    /** Ends the hold without its answer; returns false when the hold had already ended. */
    boolean cancel() {
        if (!timer.cancel(false)) {
            return false;
        }
        Connection.of(channel).hold(null);
        answer.abandon();
        resume();
        channel.eventLoop().execute(this::openGate);
        return true;
    }

    private void resume() {
        if (wait != null) {
            wait.resume();
        }
    }

    private void openGate() {
        if (gate != null && channel.pipeline().get(MessageGate.class) == gate) {
            gate.open();
        }
    }
}
