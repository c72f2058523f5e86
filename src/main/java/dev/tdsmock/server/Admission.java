package dev.tdsmock.server;

import io.netty.channel.Channel;

/** Decides when a connection the OS has accepted is served: at once, or after waiting for an accept worker. */
interface Admission {
    /** Called from the connection's event loop, with its guard in place and reading off. */
    void arrived(Channel channel);

    /** Serves everyone at once, as a healthy server does. */
    Admission IMMEDIATE = ConnectionPipeline::admit;
}
