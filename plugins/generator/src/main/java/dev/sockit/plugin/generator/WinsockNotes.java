package dev.sockit.plugin.generator;

/** The README notes of {@link WinsockGenerator}: why each I/O model's code is written as it is. */
final class WinsockNotes {

    private WinsockNotes() {
    }

    /** The README's notes on a server's I/O model. */
    static String server(String io, int maxConns, int stopCheckMs) {
        return switch (io) {
            case "blocking" -> """
                    - **Blocking and iterative**: one connection is served to its end before the next `accept`; the
                      others wait in the listen backlog. Simple and correct, but one slow or idle peer holds up all the
                      others: use it to learn, or behind a proxy that serializes, not for many clients.
                    - **Ctrl+C** is left to Windows' default handler, which ends the process; Windows closes its
                      sockets. A flag would only be read after the current `accept` or `recv` returns.
                    """;
            case "select" -> """
                    - **select** is level-triggered. Winsock's `fd_set` is a counted array of sockets, not a bitmap:
                      `FD_SETSIZE` is raised above the connection limit before `winsock2.h`, the first argument of
                      `select` is ignored, and `FD_ISSET` is a linear search, so a round costs O(n²) at worst. Fine for
                      hundreds of connections; use `wsapoll` or `iocp` beyond.
                    """ + nonBlockingNotes(maxConns, stopCheckMs);
            case "wsapoll" -> """
                    - **WSAPoll** is Winsock's `poll`, level-triggered: the set is rebuilt each round, asking for
                      input (`POLLRDNORM`) only while the buffer has room and for output (`POLLWRNORM`) only while
                      output is pending; `POLLPRI` is not asked for (`WSAPoll` refuses it). Known limit of `WSAPoll`
                      (not met by a server): before Windows 10 2004 it did not report a failed `connect`.
                    """ + nonBlockingNotes(maxConns, stopCheckMs);
            default -> """
                    - **I/O completion port**: Windows' native model. Operations are started (`AcceptEx`, `WSARecv`,
                      `WSASend`) and the port reports them done; `GetQueuedCompletionStatusEx` takes up to 64
                      completions per call. One thread serves the port, so a connection's state needs no lock; to use
                      more cores, run several threads on one port and lock per connection.
                    - **One outstanding operation per direction** per connection: a receive into the free part of a
                      ring buffer and a send from its pending part, on disjoint bytes. A receive is never posted
                      without room, so a completed receive of 0 bytes is the peer's FIN.
                    - **AcceptEx** comes from `WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER)`, as Microsoft asks; one
                      accept is outstanding while a connection slot is free (at most {{MAX}}); with all taken, new
                      connections wait in the listen backlog. `SO_UPDATE_ACCEPT_CONTEXT` gives the accepted socket the
                      listener's properties, so that `shutdown` works on it.
                    - **Errors and closing**: a failed operation closes the socket, which cancels the other one; its
                      slot is reused only after the port has reported every operation (the kernel writes into the
                      slot's buffer until then). `WSAGetOverlappedResult` turns a completion's status into a
                      `WSAE*` code for the message.
                    - **Ctrl+C** posts a packet to the port (`PostQueuedCompletionStatus`) that ends the loop at once.
                    """.replace("{{MAX}}", Integer.toString(maxConns));
        };
    }

    private static String nonBlockingNotes(int maxConns, int stopCheckMs) {
        return """
                - **Non-blocking sockets** (`ioctlsocket(FIONBIO)`, set again on each accepted socket rather than
                  relying on inheritance): a call that would wait fails with `WSAEWOULDBLOCK`, and the loops read and
                  write until it does.
                - **Max connections** (%d): a connection beyond it is accepted and closed at once, so the backlog does
                  not fill.
                - **Ctrl+C** sets a flag from the console handler (another thread); the wait is bounded to %d ms so
                  that the loop sees it.
                """.formatted(maxConns, stopCheckMs);
    }

    /** The README's notes on a client's I/O model. */
    static String client(String io) {
        return "blocking".equals(io)
                ? """
                  - **Blocking calls on two threads**: one thread sends stdin, the main thread copies the server to
                    stdout. On one thread a blocking client deadlocks as soon as the server's answer fills the buffers
                    while the client is still sending. The program ends when the server closes, even while stdin is
                    still open (an interactive user).
                  """
                : """
                  - **select takes sockets only**: Winsock cannot wait for stdin in `select`. A thread copies stdin into
                    one end of a loopback socket pair (made with listen, connect and accept on 127.0.0.1 port 0, and
                    checked to be our own connection); the select loop reads the other end like any socket. Both the
                    pair and the server socket are non-blocking (`ioctlsocket(FIONBIO)`), and input is read from the
                    pair only while the buffer has room.
                  """;
    }
}
