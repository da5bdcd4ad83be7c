package dev.sockit.plugin.generator;

/** The README notes of {@link WinsockGenerator}: why each I/O model's code is written as it is. */
final class WinsockNotes {

    /** The README's notes every udp-server has, whatever its model. */
    static final String UDP_SERVER = """
            - **The buffer is 64 KiB**, more than the largest UDP payload (65507 bytes over IPv4). A datagram larger
              than the buffer fails the receive with **`WSAEMSGSIZE`** (Windows keeps its first bytes and drops the
              rest, where Linux truncates silently): the server drops it and counts it.
            - **WSAECONNRESET on a UDP socket**: when a reply draws an ICMP port unreachable (its sender is gone),
              Windows fails the socket's *next* receive with `WSAECONNRESET`, on an unconnected socket too. The
              server turns this off with `WSAIoctl(SIO_UDP_CONNRESET, FALSE)`, so that one vanished client cannot
              disturb the others, and still skips the error should it come.
            - **A full send buffer drops the reply** (`WSAEWOULDBLOCK`, `WSAENOBUFS`): UDP may drop; the server counts
              it and goes on rather than queue without bound. An error that belongs to one datagram or peer never
              stops the server; an error of the socket itself does.
            """;

    /** The README's notes every udp-client has, whatever its model. */
    static final String UDP_CLIENT = """
            - **Stop and wait on a connected socket**: `connect` fixes the peer, so only the server's datagrams are
              received. Each datagram carries a sequence number and stays under 1400 bytes (no IP fragmentation); a
              datagram whose reply does not come within 1 s is sent again (3 tries), a late reply is skipped.
            - **WSAECONNRESET on a UDP socket**: when a datagram draws an ICMP port unreachable, Windows fails the
              socket's next receive with `WSAECONNRESET` (`SIO_UDP_CONNRESET`, on by default, left on here): on the
              connected client it means "no server at that port", and the client reports it and exits 1.
            - **WSAEMSGSIZE**: a reply longer than the receive buffer fails the receive (Windows keeps its first
              bytes); the client reports a reply longer than it sent.
            """;

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

    /** How the README and the source comment name a client's I/O model. */
    static String clientTitle(String io) {
        return switch (io) {
            case "blocking" -> "blocking sockets (a sending and a receiving thread)";
            case "select" -> "select (one non-blocking socket)";
            case "wsapoll" -> "WSAPoll (one non-blocking socket)";
            default -> "an I/O completion port (overlapped WSASend and WSARecv)";
        };
    }

    /** The README's notes on a client's I/O model. */
    static String client(String io) {
        return switch (io) {
            case "blocking" -> """
                    - **Blocking calls on two threads**: a thread sends the payload, the main thread reads the reply.
                      On one thread a blocking client deadlocks as soon as the server's reply fills the buffers while
                      the client is still sending. `SO_RCVTIMEO` and `SO_SNDTIMEO` bound each call.
                    """;
            case "select" -> """
                    - **select on one non-blocking socket** (`ioctlsocket(FIONBIO)`): it asks for writability only while
                      bytes are left to send, and sends and reads until `WSAEWOULDBLOCK`, on one thread. Winsock's
                      `select` takes sockets only, which is why stdin (`-`) is read whole before connecting.
                    """;
            case "wsapoll" -> """
                    - **WSAPoll on one non-blocking socket** (`ioctlsocket(FIONBIO)`): `POLLWRNORM` only while bytes
                      are left to send, `POLLRDNORM` always; `POLLHUP` and `POLLERR` make the next `recv` name the
                      error. Known limit of `WSAPoll`: before Windows 10 2004 it did not report a failed non-blocking
                      `connect`; here `connect` is blocking and done before, so that limit does not apply.
                    """;
            default -> """
                    - **I/O completion port**: one overlapped `WSASend` and one `WSARecv` are outstanding at a time,
                      each started again from its completion; `GetQueuedCompletionStatus` waits for the next one at
                      most the timeout. A completed send may have taken fewer bytes than asked: the next one goes on
                      from there. `WSAGetOverlappedResult` turns a failed completion into its `WSAE*` code.
                    - **A blocking `connect`, not `ConnectEx`**: the client makes one connection, once, before any
                      I/O, so an overlapped connect would only add steps (`ConnectEx` comes from
                      `WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER)`, needs the socket bound first and
                      `SO_UPDATE_CONNECT_CONTEXT` after) without letting anything else run meanwhile. A program that
                      opens many connections, or must not block its completion thread, would use `ConnectEx`.
                    - **Buffers that outlive the call**: the `OVERLAPPED`s and the receive buffer are static: the kernel
                      writes into them until the port reports the operation, even after an early return.
                    """;
        };
    }

    /** The README's notes on a udp-server's I/O model. */
    static String udpServer(String io) {
        return switch (io) {
            case "blocking" -> """
                    - **Blocking `recvfrom`** waits for the next datagram; one socket serves every peer, so there is no
                      per-peer state. Ctrl+C is left to Windows' default handler.
                    """;
            case "select" -> """
                    - **select on one non-blocking socket**: each wake-up serves the waiting datagrams until
                      `WSAEWOULDBLOCK` (64 at most, then the stop flag is looked at); the wait is bounded to 1 s so
                      that Ctrl+C ends the loop.
                    """;
            case "wsapoll" -> """
                    - **WSAPoll on one non-blocking socket** (`POLLRDNORM`): each wake-up serves the waiting
                      datagrams until `WSAEWOULDBLOCK` (64 at most); the wait is bounded to 1 s so that Ctrl+C ends
                      the loop.
                    """;
            default -> """
                    - **I/O completion port**: 16 overlapped `WSARecvFrom` are outstanding, each in its own slot
                      (buffer, peer address, `OVERLAPPED`); for echo a completed receive becomes a `WSASendTo` of the
                      same bytes from the same slot, and the slot receives again when the send is reported. Datagrams
                      that arrive together are taken without a wait between them; `GetQueuedCompletionStatusEx`
                      takes up to 64 completions per call, on one thread, so slots need no lock.
                    - **Stopping**: Ctrl+C posts a packet to the port; the outstanding operations are then cancelled
                      (`CancelIoEx`) and their completions awaited (bounded), because the kernel writes into a slot
                      until its operation is reported.
                    """;
        };
    }

    /** The README's notes on a udp-client's I/O model. */
    static String udpClient(String io) {
        return switch (io) {
            case "blocking" -> """
                    - **SO_RCVTIMEO** bounds each blocking `recv` to the reply timeout (a `DWORD` of milliseconds
                      on Windows; it works only on sockets made with `WSA_FLAG_OVERLAPPED`). After such a timeout
                      Microsoft calls a stream socket's state indeterminate; a datagram socket has no stream to cut,
                      so the socket stays usable and a late reply is read (and skipped) by the next `recv`.
                    """;
            case "select", "wsapoll" -> """
                    - **%s on one non-blocking socket** keeps the reply timeout; `recv` reads until
                      `WSAEWOULDBLOCK`, and a full send buffer (`WSAEWOULDBLOCK`, `WSAENOBUFS`) waits for room.
                    """.formatted("select".equals(io) ? "select" : "WSAPoll");
            default -> """
                    - **I/O completion port**: an overlapped `WSARecv` stays outstanding across a timeout (a late
                      reply completes it and is skipped by its sequence number); each overlapped `WSASend` is awaited
                      before the send buffer is rewritten for the next datagram, because the kernel reads it until the
                      port reports the send.
                    """;
        };
    }
}
