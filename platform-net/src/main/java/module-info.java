/**
 * What every socket process needs from the host it runs on, written once for plugins and runtime alike: kernel
 * limits from {@code /proc/sys}, verdicts on what the kernel did to a requested socket option, the
 * {@code /proc/net} socket tables, port checks with a second look after a failed bind, and the protocol by which
 * the first instance of a process binds and the others join. Versioned with {@code dev.sockit.api}.
 */
module dev.sockit.net {
    requires transitive dev.sockit.api;

    exports dev.sockit.net;
}
