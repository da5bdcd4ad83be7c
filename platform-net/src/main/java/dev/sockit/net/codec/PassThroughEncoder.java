package dev.sockit.net.codec;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOutboundHandlerAdapter;

/** The encoder of the {@code raw} codec: writes pass as they are. */
@ChannelHandler.Sharable
final class PassThroughEncoder extends ChannelOutboundHandlerAdapter {

    static final PassThroughEncoder INSTANCE = new PassThroughEncoder();

    private PassThroughEncoder() {
    }
}
