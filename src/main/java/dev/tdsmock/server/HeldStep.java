package dev.tdsmock.server;

import dev.tdsmock.faults.Step;
import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A step whose answer faults hold: first for the delays, then until every gate it waits at lets it through.
 * Meanwhile the client's messages wait in the {@link MessageGate} and neither the idle timeout nor the login
 * deadline runs. It ends with
 * the answer, or when the client cancels it (ATTENTION, for a request), or when the connection closes.
 * Used from the connection's event loop.
 */
final class HeldStep {
    private final Channel channel;
    private final Step step;
    private final Steps.Answer answer;
    private final List<CompletableFuture<Void>> gates;
    private final Runnable then;
    private final MessageGate gate;
    private final ClientWait wait;
    private final ScheduledFuture<?> timer;
    private boolean over;

    /**
     * @param gates completed when a gate lets this connection through; cancelled here when the connection closes
     * @param then what the step does when the hold ends: its answer, or the fault that decided
     */
    HeldStep(Channel channel, Step step, Duration hold, List<CompletableFuture<Void>> gates, Runnable then,
             Steps.Answer answer) {
        this.channel = channel;
        this.step = step;
        this.answer = answer;
        this.gates = gates;
        this.then = then;
        this.gate = channel.pipeline().get(MessageGate.class);
        this.wait = channel.pipeline().get(ClientWait.class);
        if (gate != null) {
            gate.close();
        }
        if (wait != null) {
            wait.pause();
        }
        Connection.of(channel).loginDeadline().pause();
        channel.closeFuture().addListener(closed -> gates.forEach(g -> g.cancel(false)));
        this.timer = channel.eventLoop().schedule(this::delayed, hold.toMillis(), TimeUnit.MILLISECONDS);
    }

    Step step() {
        return step;
    }

    private void delayed() {
        CompletableFuture.allOf(gates.toArray(CompletableFuture[]::new))
                .whenComplete((passed, failure) -> channel.eventLoop().execute(this::ended));
    }

    private void ended() {
        if (over) {
            return;
        }
        over = true;
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

    /** Ends the hold without its answer; returns false when it had already ended. */
    boolean cancel() {
        if (over) {
            return false;
        }
        over = true;
        timer.cancel(false);
        gates.forEach(g -> g.cancel(false));
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
        Connection.of(channel).loginDeadline().resume();
    }

    private void openGate() {
        if (gate != null && channel.pipeline().get(MessageGate.class) == gate) {
            gate.open();
        }
    }
}
