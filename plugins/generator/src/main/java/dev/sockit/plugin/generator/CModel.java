package dev.sockit.plugin.generator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What distinguishes one C/POSIX I/O model in the generated program: its title, headers, how the listener is opened,
 * which shared connection parts it uses, its loop template ({@code c/loop_<name>.c.tmpl}), the libraries it links
 * and its README notes ({@code c/notes_<name>.md.tmpl}). Everything else (setup, options, errors, payloads, main) is
 * shared by every model.
 *
 * @param name         the model's name in the matrix
 * @param title        how the README and the source comment name it
 * @param includes     the model's own {@code #include} lines
 * @param listenFlags  the C expression for the listener's extra socket type flags
 * @param parts        the shared connection templates it uses, in order
 * @param makeLibs     Makefile lines adding libraries, or empty
 * @param connTable    whether it keeps the connection table (initialized in main)
 */
record CModel(String name, String title, String includes, String listenFlags, List<String> parts, String makeLibs,
              boolean connTable) {

    private static final List<String> EDGE = List.of("conn_table.c.tmpl", "conn_service.c.tmpl",
            "idle_sweep.c.tmpl");
    private static final List<String> LEVEL = List.of("conn_table.c.tmpl", "conn_service.c.tmpl",
            "conn_interest.c.tmpl", "idle_sweep.c.tmpl");
    private static final List<String> BLOCKING = List.of("conn_blocking.c.tmpl");

    /** The server models of the C/POSIX emitter, in the matrix's order. */
    static final Map<String, CModel> ALL = all();
    /**
     * The client models, one per server model: one connection, so each shows what its model buys a client (the
     * blocking ones a thread per direction, the readiness ones one thread waiting on send and receive readiness
     * together, io_uring a send and a receive in flight at once).
     */
    static final Map<String, CModel> CLIENTS = clients();

    /**
     * The udp-server models: one socket and no connections, so each readiness model waits on that one socket
     * (edge-like ones drain it until EAGAIN, level-triggered ones take a bounded batch per wake-up) and shares
     * {@code udp_serve.c.tmpl} (one buffer, recvfrom); threads runs a bounded number of workers blocking in recvfrom
     * on that one socket, each with its own buffer; io_uring keeps a bounded number of recvmsg/sendmsg requests in
     * flight, each with its own buffer.
     */
    static final Map<String, CModel> UDP_SERVERS = udpServers();
    /**
     * The udp-client models: stop and wait on one connected socket; the model is how it waits for a reply with a
     * timeout (blocking: poll(2) on the blocking socket; threads: a receiving thread and a mailbox; io_uring: a recv
     * request and a timed wait for its completion).
     */
    static final Map<String, CModel> UDP_CLIENTS = udpClients();

    private static Map<String, CModel> udpClients() {
        Map<String, CModel> m = new LinkedHashMap<>();
        put(m, new CModel("blocking", "a blocking connected socket", "#include <poll.h>\n", "", List.of(), "",
                false));
        put(m, new CModel("threads", "a receiving thread (pthreads)",
                "#include <pthread.h>\n#include <sys/time.h>\n#include <time.h>\n", "", List.of(),
                "LDLIBS += -pthread\n", false));
        put(m, new CModel("select", "select", "#include <sys/select.h>\n#include <sys/time.h>\n", "", List.of(), "",
                false));
        put(m, new CModel("poll", "poll", "#include <poll.h>\n", "", List.of(), "", false));
        put(m, new CModel("epoll", "epoll (edge-triggered)", "#include <sys/epoll.h>\n", "", List.of(), "", false));
        put(m, new CModel("epoll-lt", "epoll (level-triggered)", "#include <sys/epoll.h>\n", "", List.of(), "",
                false));
        put(m, new CModel("kqueue", "kqueue (EV_CLEAR)",
                "#include <stdint.h>\n#include <sys/event.h>\n#include <time.h>\n", "", List.of(), "", false));
        put(m, new CModel("io_uring", "io_uring (liburing)", "#include <liburing.h>\n#include <time.h>\n", "",
                List.of(), "LDLIBS += -luring\n", false));
        return Collections.unmodifiableMap(m);
    }

    private static Map<String, CModel> udpServers() {
        Map<String, CModel> m = new LinkedHashMap<>();
        List<String> serve = List.of("udp_serve.c.tmpl");
        put(m, new CModel("blocking", "a blocking socket", "", "0", serve, "", false));
        put(m, new CModel("threads", "worker threads on one blocking socket (pthreads)",
                "#include <pthread.h>\n#include <stdatomic.h>\n#include <sys/time.h>\n", "0", List.of(),
                "LDLIBS += -pthread\n", false));
        put(m, new CModel("select", "select", "#include <sys/select.h>\n", "SOCK_NONBLOCK", serve, "", false));
        put(m, new CModel("poll", "poll", "#include <poll.h>\n", "SOCK_NONBLOCK", serve, "", false));
        put(m, new CModel("epoll", "epoll (edge-triggered)", "#include <sys/epoll.h>\n", "SOCK_NONBLOCK", serve,
                "", false));
        put(m, new CModel("epoll-lt", "epoll (level-triggered)", "#include <sys/epoll.h>\n", "SOCK_NONBLOCK",
                serve, "", false));
        put(m, new CModel("kqueue", "kqueue (EV_CLEAR)", "#include <stdint.h>\n#include <sys/event.h>\n",
                "SOCK_NONBLOCK", serve, "", false));
        put(m, new CModel("io_uring", "io_uring (liburing, recvmsg/sendmsg in flight)",
                "#include <stdint.h>\n#include <liburing.h>\n#include <sys/uio.h>\n", "0", List.of(),
                "LDLIBS += -luring\n", false));
        return Collections.unmodifiableMap(m);
    }

    private static Map<String, CModel> clients() {
        Map<String, CModel> m = new LinkedHashMap<>();
        List<String> nonBlocking = List.of("client_nonblocking.c.tmpl");
        put(m, new CModel("blocking", "blocking sockets (a sending and a receiving thread)",
                "#include <pthread.h>\n#include <sys/time.h>\n", "", List.of(), "LDLIBS += -pthread\n", false));
        put(m, new CModel("threads", "a thread per direction, supervised (pthreads)",
                "#include <pthread.h>\n#include <stdatomic.h>\n#include <sys/time.h>\n#include <time.h>\n", "",
                List.of(), "LDLIBS += -pthread\n", false));
        put(m, new CModel("select", "select (one non-blocking socket)",
                "#include <fcntl.h>\n#include <sys/select.h>\n#include <sys/time.h>\n", "", nonBlocking, "", false));
        put(m, new CModel("poll", "poll (one non-blocking socket)",
                "#include <fcntl.h>\n#include <poll.h>\n#include <sys/time.h>\n", "", nonBlocking, "", false));
        put(m, new CModel("epoll", "epoll (edge-triggered, one non-blocking socket)",
                "#include <fcntl.h>\n#include <sys/epoll.h>\n#include <sys/time.h>\n", "", nonBlocking, "", false));
        put(m, new CModel("epoll-lt", "epoll (level-triggered, one non-blocking socket)",
                "#include <fcntl.h>\n#include <sys/epoll.h>\n#include <sys/time.h>\n", "", nonBlocking, "", false));
        put(m, new CModel("kqueue", "kqueue (EV_CLEAR, one non-blocking socket)",
                "#include <fcntl.h>\n#include <stdint.h>\n#include <sys/event.h>\n#include <sys/time.h>\n"
                        + "#include <time.h>\n", "", nonBlocking, "", false));
        put(m, new CModel("io_uring", "io_uring (liburing, a send and a receive in flight)",
                "#include <liburing.h>\n#include <sys/time.h>\n", "", List.of(), "LDLIBS += -luring\n", false));
        return Collections.unmodifiableMap(m);
    }

    private static Map<String, CModel> all() {
        Map<String, CModel> m = new LinkedHashMap<>();
        put(m, new CModel("blocking", "blocking sockets (iterative)", "#include <sys/time.h>\n#include <time.h>\n",
                "0", BLOCKING, "", false));
        put(m, new CModel("threads", "a thread per connection (pthreads)",
                "#include <pthread.h>\n#include <stdatomic.h>\n#include <sys/time.h>\n#include <time.h>\n", "0",
                BLOCKING, "LDLIBS += -pthread\n", false));
        put(m, new CModel("select", "select", "#include <fcntl.h>\n#include <sys/select.h>\n#include <time.h>\n",
                "SOCK_NONBLOCK", LEVEL, "", true));
        put(m, new CModel("poll", "poll", "#include <fcntl.h>\n#include <poll.h>\n#include <time.h>\n", "SOCK_NONBLOCK",
                LEVEL, "", true));
        put(m, new CModel("epoll", "epoll (edge-triggered)",
                "#include <fcntl.h>\n#include <stdint.h>\n#include <sys/epoll.h>\n#include <time.h>\n",
                "SOCK_NONBLOCK", EDGE, "", true));
        put(m, new CModel("epoll-lt", "epoll (level-triggered)",
                "#include <fcntl.h>\n#include <stdint.h>\n#include <sys/epoll.h>\n#include <time.h>\n",
                "SOCK_NONBLOCK", LEVEL, "", true));
        put(m, new CModel("kqueue", "kqueue (EV_CLEAR)",
                "#include <fcntl.h>\n#include <stdint.h>\n#include <sys/event.h>\n#include <time.h>\n",
                "SOCK_NONBLOCK", EDGE, "", true));
        put(m, new CModel("io_uring", "io_uring (liburing)",
                "#include <stdint.h>\n#include <liburing.h>\n#include <time.h>\n", "0",
                List.of("conn_table.c.tmpl"), "LDLIBS += -luring\n", true));
        return Collections.unmodifiableMap(m);
    }

    private static void put(Map<String, CModel> m, CModel model) {
        m.put(model.name(), model);
    }
}
