/**
 * What every socket process needs from the host it runs on, written once for plugins and runtime alike: kernel
 * limits from {@code /proc/sys}, verdicts on what the kernel did to a requested socket option, the
 * {@code /proc/net} socket tables, port checks with a second look after a failed bind, the protocol by which the
 * first instance of a process binds and the others join, the Vert.x setter of each socket option, and the built-in
 * frame codecs. Versioned with {@code dev.sockit.api}.
 */
module dev.sockit.net {
    requires transitive dev.sockit.api;
    // The built-in codecs configure Netty's frame decoders
    requires io.netty.codec;
    requires io.netty.buffer;
    // EventLoops hands out contexts on Vert.x's Netty event loops
    requires io.netty.common;
    requires io.netty.transport;

    exports dev.sockit.net;
    exports dev.sockit.net.codec;

    // Reflection: Jackson binds the built-in codecs' settings records
    opens dev.sockit.net.codec to com.fasterxml.jackson.databind;
}
