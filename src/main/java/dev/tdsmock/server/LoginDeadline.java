package dev.tdsmock.server;

import dev.tdsmock.journal.Ending;
import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The time a client has to reach the logged-in state (limits.login-deadline): PRELOGIN, TLS and LOGIN7 together,
 * however its bytes trickle in, since each of them restarts the idle timeout. It starts when the server starts
 * serving the connection (after the accept stage: time in the backlog, with an accept worker or held by a fault
 * at accept does not count) and, like the idle timeout, runs only while the server waits for the client: a step
 * whose answer the server holds on purpose ({@link HeldStep}: a delay or gate at prelogin, tls-hello or login)
 * pauses it. Past it the connection ends with FIN by the server, "login not completed within N ms", during the
 * step it was in; once logged in, or once the connection has an ending, it is over. Used from the connection's
 * event loop.
 */
final class LoginDeadline {
    private final Channel channel;
    private final Duration limit;
    private long remainingNanos;
    private long runningSince;
    private ScheduledFuture<?> timer;
    private boolean started;
    private boolean paused;
    private boolean over;

    /** @param limit zero for no deadline */
    LoginDeadline(Channel channel, Duration limit) {
        this.channel = channel;
        this.limit = limit;
        this.remainingNanos = limit.toNanos();
        this.over = limit.isZero() || limit.isNegative();
    }

    /** The server starts serving the connection: the deadline runs from now. */
    void start() {
        started = true;
        arm();
    }

    /** The server holds its answer: the time until it lets go is not the client's. */
    void pause() {
        if (timer != null) {
            remainingNanos -= System.nanoTime() - runningSince;
            cancel();
        }
        paused = true;
    }

    /** The server waits for the client again: the deadline runs on with what was left of it. */
    void resume() {
        paused = false;
        arm();
    }

    /** Logged in, or ended: no deadline any more. */
    void stop() {
        over = true;
        cancel();
    }

    private void arm() {
        if (!started || paused || over || timer != null) {
            return;
        }
        runningSince = System.nanoTime();
        timer = channel.eventLoop().schedule(this::expired, Math.max(0, remainingNanos), TimeUnit.NANOSECONDS);
    }

    private void expired() {
        timer = null;
        if (over || paused || !channel.isOpen()) {
            return;
        }
        Connection connection = Connection.of(channel);
        if (connection.record().ending() != null) {
            return; // an ending that keeps the connection open on purpose (silence, no more reads) stays as it is
        }
        over = true;
        Closing.now(channel, Ending.byServer(Ending.Kind.FIN, "login not completed within " + limit.toMillis()
                + " ms (limits.login-deadline) during " + connection.state().step()));
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
