package dev.tdsmock.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.MessageAggregator;
import java.util.List;

/**
 * Joins a client's {@link TdsPacket}s into {@link TdsMessage}s: a message is the payloads of its packets up to
 * the one with the end-of-message status bit 0x01 (MS-TDS 2.2.3.1.2), all of one type. An ATTENTION packet
 * (MS-TDS 2.2.1.7) is a message of its own at any time and drops the unfinished message it interrupts.
 *
 * <p>What a client can make one connection hold is bounded three ways, each a {@link MalformedTdsException}
 * naming the limit: the bytes of one message ({@code maxMessageBytes}, limits.max-message-bytes), the packets of
 * one message, empty ones included ({@code maxPackets}, limits.max-packets-per-message), and the listener's
 * {@link BufferBudget} shared by all its connections (limits.max-buffered-bytes-per-listener), claimed before a
 * packet's payload is kept and given back when its message is complete (handed on), dropped, or the connection
 * ends.
 */
public final class TdsMessageAggregator extends MessageAggregator<TdsPacket, ByteBufHolder, TdsPacket, TdsMessage> {
    /**
     * Netty's maxCumulationBufferComponents: past this many non-empty payloads the aggregator copies them into one
     * buffer, so an unfinished message keeps at most this many pieces (each a slice of a socket read) alive.
     */
    private static final int MAX_COMPONENTS = 64;
    private final int maxPackets;
    private final BufferBudget.Hold budget;
    private boolean inMessage;
    private int type;
    private int packets;
    private boolean failed;

    /**
     * @param maxMessageBytes the largest message payload, bytes; at least one whole packet (32767)
     * @param maxPackets the most packets one message may take, at least 1
     * @param budget the listener's budget for client bytes; the aggregator takes a share of its own
     */
    public TdsMessageAggregator(int maxMessageBytes, int maxPackets, BufferBudget budget) {
        this(maxMessageBytes, maxPackets, budget.share());
    }

    /**
     * @param maxMessageBytes the largest message payload, bytes; at least one whole packet (32767)
     * @param maxPackets the most packets one message may take, at least 1
     * @param share the connection's share of the listener's budget, which unfinished messages are claimed from
     */
    public TdsMessageAggregator(int maxMessageBytes, int maxPackets, BufferBudget.Share share) {
        super(maxMessageBytes, TdsPacket.class);
        if (maxMessageBytes < PacketHeader.MAX_PACKET_SIZE) {
            throw new IllegalArgumentException("the message limit must hold at least one whole packet");
        }
        if (maxPackets < 1) {
            throw new IllegalArgumentException("a message takes at least one packet");
        }
        this.maxPackets = maxPackets;
        this.budget = share.hold("unfinished messages");
        setMaxCumulationBufferComponents(MAX_COMPONENTS);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, TdsPacket packet, List<Object> out) throws Exception {
        if (failed) {
            return; // the connection is ending: what follows the bad packet is not read
        }
        try {
            if (packet.type() == PacketType.ATTENTION) {
                // An attention may interrupt a request the client is still sending: drop the unfinished part.
                dropMessage();
                out.add(new TdsMessage(PacketType.ATTENTION, packet.content().retain()));
                return;
            }
            if (!inMessage && packet.endOfMessage()) {
                out.add(new TdsMessage(packet.type(), packet.content().retain(), packet.resetConnection()));
                return;
            }
            check(packet);
            super.decode(ctx, packet, out);
        } catch (RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    private void check(TdsPacket packet) {
        if (inMessage && packet.type() != type) {
            throw new MalformedTdsException(String.format("packet of type 0x%02X arrived inside an unfinished %s message",
                    packet.type(), PacketType.name(type)));
        }
        int messageType = inMessage ? type : packet.type();
        if ((inMessage ? packets : 0) + 1 > maxPackets) {
            throw new MalformedTdsException(PacketType.name(messageType) + " message has more than " + maxPackets
                    + " packets (limits.max-packets-per-message), empty ones included");
        }
        int bytes = packet.content().readableBytes();
        if (budget.held() + bytes > maxContentLength()) {
            return; // the aggregator ends it as oversized: handleOversizedMessage
        }
        budget.claim(bytes, () -> " of this connection's " + PacketType.name(messageType) + " message");
    }

    @Override
    protected boolean isStartMessage(TdsPacket packet) {
        return !inMessage;
    }

    @Override
    protected boolean isContentMessage(TdsPacket packet) {
        return inMessage;
    }

    @Override
    protected boolean isLastContentMessage(TdsPacket packet) {
        return packet.endOfMessage();
    }

    @Override
    protected boolean isAggregated(TdsPacket packet) {
        return false; // every packet goes through decode, which lets single-packet messages through itself
    }

    @Override
    protected boolean isContentLengthInvalid(ByteBufHolder start, int maxContentLength) {
        return false; // a packet says nothing of its message's length
    }

    @Override
    protected Object newContinueResponse(ByteBufHolder start, int maxContentLength, ChannelPipeline pipeline) {
        return null;
    }

    @Override
    protected boolean closeAfterContinueResponse(Object msg) {
        return false;
    }

    @Override
    protected boolean ignoreContentAfterContinueResponse(Object msg) {
        return false;
    }

    @Override
    protected TdsMessage beginAggregation(ByteBufHolder start, ByteBuf content) {
        TdsPacket first = (TdsPacket) start;
        inMessage = true;
        type = first.type();
        packets = 1;
        // passed on once its last packet is in: the type and RESETCONNECTION bit are its first packet's
        return new TdsMessage(type, content, first.resetConnection());
    }

    @Override
    protected void aggregate(TdsMessage aggregated, TdsPacket content) {
        packets++;
    }

    @Override
    protected void finishAggregation(TdsMessage aggregated) {
        // the message is the next handler's now: its bytes leave the budget
        giveBack();
        inMessage = false;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, ByteBufHolder oversized) {
        throw new MalformedTdsException(PacketType.name(type) + " message is larger than the limit of "
                + maxContentLength() + " bytes");
    }

    private void dropMessage() {
        releaseCurrentMessage();
        giveBack();
        inMessage = false;
    }

    private void giveBack() {
        budget.releaseAll();
    }

    /** Reads belong to the connection's reading owner: this handler never asks for more on its own. */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.fireChannelReadComplete();
    }

    /** A message the client did not finish is not an error here: the connection's end says what happened. */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        dropMessage();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) throws Exception {
        try {
            super.handlerRemoved(ctx);
        } finally {
            dropMessage();
        }
    }
}
