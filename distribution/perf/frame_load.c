/*
 * frame_load: a closed-loop load driver for length-field framed echo services (a benchmark tool, not a test).
 *
 *   frame_load HOST PORT CONNS SIZE WARM_S DUR_S
 *
 * Opens CONNS TCP connections to HOST:PORT; each one sends a frame (4-byte big-endian length + SIZE payload
 * bytes), waits for the whole answer, checks it is the same frame byte for byte, and sends the next one. The
 * payload changes with every message (connection number and sequence), so a reply that belongs to another
 * request, another connection or that is cut short is caught. One thread, epoll, non-blocking sockets.
 * Messages answered during the first WARM_S seconds are not counted; then DUR_S seconds are measured.
 * Prints one line: conns=.. size=.. msgs=.. secs=.. msgs_per_s=.. p50_us=.. p99_us=.. max_us=.. errors=..
 * Exit status: 0 when every reply was byte-exact and no connection failed, 1 otherwise, 2 on bad arguments.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_US 10000000u /* latencies above 10 s land in the last bucket */

struct conn {
    int fd;
    uint32_t id;
    uint64_t seq;
    size_t sent;     /* bytes of the current frame written */
    size_t got;      /* bytes of the answer read */
    uint64_t t0_ns;  /* when the current frame was started */
    unsigned char *out;
    unsigned char *in;
};

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t) ts.tv_sec * 1000000000u + (uint64_t) ts.tv_nsec;
}

static void fill(struct conn *c, size_t size) {
    uint32_t len = htonl((uint32_t) size);
    memcpy(c->out, &len, 4);
    uint64_t x = ((uint64_t) c->id << 40) ^ c->seq ^ 0x9e3779b97f4a7c15u;
    for (size_t i = 0; i < size; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        c->out[4 + i] = (unsigned char) x;
    }
    c->sent = 0;
    c->got = 0;
    c->t0_ns = now_ns();
}

static int pump_out(struct conn *c, size_t frame) {
    while (c->sent < frame) {
        ssize_t n = write(c->fd, c->out + c->sent, frame - c->sent);
        if (n < 0) {
            return (errno == EAGAIN || errno == EWOULDBLOCK) ? 0 : -1;
        }
        c->sent += (size_t) n;
    }
    return 0;
}

static size_t percentile(const uint32_t *hist, uint64_t total, double q) {
    uint64_t want = (uint64_t) ((double) total * q), seen = 0;
    for (size_t us = 0; us <= MAX_US; us++) {
        seen += hist[us];
        if (seen > want) {
            return us;
        }
    }
    return MAX_US;
}

/* CPU time this process has used, user + system, in microseconds. */
static uint64_t cpu_us(void) {
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) < 0) {
        return 0;
    }
    return (uint64_t) (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000u
           + (uint64_t) (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
}

int main(int argc, char **argv) {
    if (argc != 7) {
        fprintf(stderr, "usage: %s HOST PORT CONNS SIZE WARM_S DUR_S\n", argv[0]);
        return 2;
    }
    const char *host = argv[1];
    int port = atoi(argv[2]), conns = atoi(argv[3]);
    long size = atol(argv[4]);
    double warm = atof(argv[5]), dur = atof(argv[6]);
    if (port <= 0 || port > 65535 || conns <= 0 || conns > 10000 || size < 1 || size > (1 << 24) || warm < 0
        || dur <= 0) {
        fprintf(stderr, "bad arguments: port 1..65535, conns 1..10000, size 1..16Mi, warm >= 0, dur > 0\n");
        return 2;
    }
    size_t frame = 4 + (size_t) size;
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t) port)};
    if (inet_pton(AF_INET, host, &sa.sin_addr) != 1) {
        fprintf(stderr, "bad host '%s' (expected an IPv4 literal such as 127.0.0.1)\n", host);
        return 2;
    }
    int ep = epoll_create1(0);
    struct conn *cs = calloc((size_t) conns, sizeof *cs);
    uint32_t *hist = calloc(MAX_US + 1, sizeof *hist);
    if (ep < 0 || !cs || !hist) {
        perror("setup");
        return 1;
    }
    for (int i = 0; i < conns; i++) {
        struct conn *c = &cs[i];
        c->id = (uint32_t) i;
        c->out = malloc(frame);
        c->in = malloc(frame);
        c->fd = socket(AF_INET, SOCK_STREAM, 0);
        int one = 1;
        if (!c->out || !c->in || c->fd < 0
            || setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) < 0
            || connect(c->fd, (struct sockaddr *) &sa, sizeof sa) < 0) {
            fprintf(stderr, "connection %d to %s:%d: %s\n", i, host, port, strerror(errno));
            return 1;
        }
        if (fcntl(c->fd, F_SETFL, fcntl(c->fd, F_GETFL) | O_NONBLOCK) < 0) {
            perror("fcntl");
            return 1;
        }
        struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT | EPOLLET, .data.ptr = c};
        if (epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev) < 0) {
            perror("epoll_ctl");
            return 1;
        }
    }
    uint64_t start = now_ns();
    uint64_t measure_from = start + (uint64_t) (warm * 1e9);
    uint64_t end = measure_from + (uint64_t) (dur * 1e9);
    uint64_t msgs = 0, errors = 0, max_us = 0;
    int open_conns = conns;
    for (int i = 0; i < conns; i++) {
        fill(&cs[i], (size_t) size);
        if (pump_out(&cs[i], frame) < 0) {
            fprintf(stderr, "connection %d: write: %s\n", i, strerror(errno));
            return 1;
        }
    }
    struct epoll_event evs[256];
    /* This driver's own CPU time (user + system) over the measured seconds, per message answered in them. */
    uint64_t cpu_from = 0;
    int cpu_started = 0;
    for (uint64_t t = now_ns(); t < end && open_conns > 0; t = now_ns()) {
        if (!cpu_started && t >= measure_from) {
            cpu_from = cpu_us();
            cpu_started = 1;
        }
        int timeout_ms = (int) ((end - t) / 1000000u) + 1;
        int n = epoll_wait(ep, evs, 256, timeout_ms > 100 ? 100 : timeout_ms);
        if (n < 0 && errno != EINTR) {
            perror("epoll_wait");
            return 1;
        }
        for (int k = 0; k < n; k++) {
            struct conn *c = evs[k].data.ptr;
            if (c->fd < 0) {
                continue;
            }
            int failed = pump_out(c, frame) < 0;
            while (!failed) {
                ssize_t r = read(c->fd, c->in + c->got, frame - c->got);
                if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                    break;
                }
                if (r <= 0) {
                    fprintf(stderr, "connection %u: %s after %llu messages\n", c->id,
                            r == 0 ? "closed by the server" : strerror(errno), (unsigned long long) c->seq);
                    failed = 1;
                    break;
                }
                c->got += (size_t) r;
                if (c->got < frame) {
                    continue;
                }
                if (c->sent < frame || memcmp(c->in, c->out, frame) != 0) {
                    fprintf(stderr, "connection %u message %llu: the answer is not the frame sent\n", c->id,
                            (unsigned long long) c->seq);
                    failed = 1;
                    break;
                }
                uint64_t done = now_ns();
                if (done >= measure_from && done < end) {
                    uint64_t us = (done - c->t0_ns) / 1000u;
                    hist[us > MAX_US ? MAX_US : us]++;
                    max_us = us > max_us ? us : max_us;
                    msgs++;
                }
                c->seq++;
                fill(c, (size_t) size);
                if (pump_out(c, frame) < 0) {
                    failed = 1;
                }
            }
            if (failed) {
                errors++;
                close(c->fd);
                c->fd = -1;
                open_conns--;
            }
        }
    }
    uint64_t cpu_used = cpu_started ? cpu_us() - cpu_from : 0;
    double secs = dur;
    uint64_t stop = now_ns();
    if (stop < end) { /* every connection failed before the end */
        secs = stop > measure_from ? (double) (stop - measure_from) / 1e9 : 0;
    }
    printf("conns=%d size=%ld msgs=%llu secs=%.2f msgs_per_s=%.0f p50_us=%zu p99_us=%zu max_us=%llu errors=%llu"
           " driver_cpu_us_per_msg=%.1f\n",
           conns, size, (unsigned long long) msgs, secs, secs > 0 ? (double) msgs / secs : 0.0,
           msgs ? percentile(hist, msgs, 0.50) : 0, msgs ? percentile(hist, msgs, 0.99) : 0,
           (unsigned long long) max_us, (unsigned long long) errors,
           msgs ? (double) cpu_used / (double) msgs : 0.0);
    for (int i = 0; i < conns; i++) {
        if (cs[i].fd >= 0) {
            close(cs[i].fd);
        }
        free(cs[i].out);
        free(cs[i].in);
    }
    free(cs);
    free(hist);
    close(ep);
    return errors == 0 && msgs > 0 ? 0 : 1;
}
