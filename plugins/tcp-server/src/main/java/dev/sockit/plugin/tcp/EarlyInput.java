package dev.sockit.plugin.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayDeque;

/**
 * Holds what a forwarded connection delivers before its consumer has answered {@code opened} and its codec is in
 * place. Reading is off until then, but a peer that sends its request and a FIN at once (socat, {@code nc -N})
 * still gets read: the transport reads what is there when it sees the peer's half-close. Held here, those bytes
 * and the half-close reach the codec once it is installed ({@link #replay()}); without it they would go to
 * Vert.x's handler and be lost. At most one read's worth is held (reading is off). Used on the event loop only.
 */
final class EarlyInput extends ChannelInboundHandlerAdapter {

    /** The pipeline name of the handler. */
    static final String NAME = "sockit-early-input";

    private final ArrayDeque<Object> held = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private Object inputEnd;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf) {
            held.add(msg);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // Nothing for the handlers behind until the replay.
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent || evt instanceof SslCloseCompletionEvent) {
            inputEnd = evt;
        } else if (!(evt instanceof ChannelInputShutdownReadComplete)) {
            ctx.fireUserEventTriggered(evt);
        }
    }

    /** True when the peer's half-close came before the codec was in place (and waits here for the replay). */
    boolean inputEnded() {
        return inputEnd != null;
    }

    /** Passes what was held to the handlers behind (the codec, now in place), then leaves the pipeline. */
    void replay() {
        if (ctx == null || ctx.isRemoved()) {
            return;
        }
        boolean read = !held.isEmpty();
        for (Object msg; (msg = held.poll()) != null; ) {
            ctx.fireChannelRead(msg);
        }
        if (read) {
            ctx.fireChannelReadComplete();
        }
        if (inputEnd != null) {
            ctx.fireUserEventTriggered(inputEnd);
        }
        ctx.pipeline().remove(this);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        for (Object msg; (msg = held.poll()) != null; ) {
            ReferenceCountUtil.release(msg);
        }
    }
}
