package dev.tdsmock.server;

import io.netty.channel.Channel;
import java.util.EnumSet;
import java.util.Set;

/**
 * The one owner of a connection's socket reads ({@code autoRead}): the server reads while nothing pauses it.
 * Used from the connection's event loop only.
 */
final class Reading {
    /** Why reads are paused. */
    enum Pause {
        /** Not admitted yet (an accept worker, an accept-step fault), and already keeping all it may of what the client sent. */
        ADMISSION,
        /** The client sends requests without reading the answers; it is not read until it catches up. */
        BACKPRESSURE,
        /** A held step's queue of the client's messages is full. */
        QUEUE_FULL,
        /** A fault made the server stop reading for good. */
        STOPPED
    }

    private final Channel channel;
    private final Set<Pause> pauses = EnumSet.noneOf(Pause.class);

    Reading(Channel channel) {
        this.channel = channel;
    }

    void pause(Pause pause) {
        pauses.add(pause);
        apply();
    }

    void resume(Pause pause) {
        pauses.remove(pause);
        apply();
    }

    private void apply() {
        boolean read = pauses.isEmpty();
        if (channel.config().isAutoRead() != read) {
            channel.config().setAutoRead(read);
        }
    }
}
