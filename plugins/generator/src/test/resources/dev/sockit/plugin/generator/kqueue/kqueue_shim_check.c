/*
 * Checks the kqueue-over-epoll test shim against kqueue's documented behaviour, on a socket pair: EV_ADD of the
 * read and write filters, udata passed through, EV_CLEAR reporting a change once, level-triggered registration
 * reporting it again, EV_DELETE stopping reports, EV_EOF after the peer closes, EV_ERROR for a bad change.
 * Exit 0 when every check holds; the failed check on stderr otherwise.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/event.h>
#include <sys/socket.h>
#include <unistd.h>

static int failures;

static void check(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "FAILED: %s\n", what);
        failures++;
    }
}

static int change(int kq, int fd, short filter, unsigned short flags, void *udata)
{
    struct kevent ch;
    EV_SET(&ch, (uintptr_t)fd, filter, flags, 0, 0, udata);
    return kevent(kq, &ch, 1, NULL, 0, NULL);
}

/* Waits up to 50 ms; returns the number of events, the first in *out. */
static int poll_events(int kq, struct kevent *out, int max)
{
    struct timespec ts = { 0, 50 * 1000 * 1000 };
    return kevent(kq, NULL, 0, out, max, &ts);
}

int main(void)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0) {
        fprintf(stderr, "socketpair: %s\n", strerror(errno));
        return 1;
    }
    int kq = kqueue();
    check(kq >= 0, "kqueue() returns a descriptor");
    static int tag;
    struct kevent ev[4];

    check(change(kq, sv[0], EVFILT_READ, EV_ADD | EV_CLEAR, &tag) == 0, "EV_ADD | EV_CLEAR of EVFILT_READ");
    check(poll_events(kq, ev, 4) == 0, "no event before data");
    check(write(sv[1], "x", 1) == 1, "write to the peer");
    int n = poll_events(kq, ev, 4);
    check(n == 1 && ev[0].filter == EVFILT_READ && ev[0].udata == &tag && ev[0].ident == (uintptr_t)sv[0],
          "EVFILT_READ reported with its udata");
    check(poll_events(kq, ev, 4) == 0, "EV_CLEAR: the same data is not reported again");

    check(change(kq, sv[0], EVFILT_READ, EV_ADD, &tag) == 0, "EV_ADD without EV_CLEAR (level-triggered)");
    check(poll_events(kq, ev, 4) == 1, "level-triggered: unread data reported");
    check(poll_events(kq, ev, 4) == 1, "level-triggered: reported again while unread");

    check(change(kq, sv[0], EVFILT_READ, EV_DELETE, NULL) == 0, "EV_DELETE of EVFILT_READ");
    check(poll_events(kq, ev, 4) == 0, "EV_DELETE: no more reports");
    check(change(kq, sv[0], EVFILT_READ, EV_DELETE, NULL) < 0 && errno == ENOENT, "EV_DELETE twice: ENOENT");

    check(change(kq, sv[0], EVFILT_WRITE, EV_ADD | EV_CLEAR, &tag) == 0, "EV_ADD of EVFILT_WRITE");
    n = poll_events(kq, ev, 4);
    check(n == 1 && ev[0].filter == EVFILT_WRITE, "EVFILT_WRITE reported on a writable socket");
    check(change(kq, sv[0], EVFILT_WRITE, EV_DELETE, NULL) == 0, "EV_DELETE of EVFILT_WRITE");

    char buf[4];
    check(read(sv[0], buf, sizeof buf) == 1, "read the byte");
    check(change(kq, sv[0], EVFILT_READ, EV_ADD | EV_CLEAR, &tag) == 0, "EV_ADD of EVFILT_READ again");
    check(close(sv[1]) == 0, "close the peer");
    n = poll_events(kq, ev, 4);
    check(n == 1 && ev[0].filter == EVFILT_READ && (ev[0].flags & EV_EOF), "EV_EOF after the peer closed");

    struct kevent bad;
    EV_SET(&bad, (uintptr_t)sv[0], 99, EV_ADD, 0, 0, NULL);
    n = kevent(kq, &bad, 1, ev, 4, NULL);
    check(n == 1 && (ev[0].flags & EV_ERROR) && ev[0].data == EINVAL, "EV_ERROR with EINVAL for an unknown filter");

    check(close(sv[0]) == 0 && close(kq) == 0, "close");
    if (failures == 0) {
        printf("kqueue shim: every check holds\n");
    }
    return failures == 0 ? 0 : 1;
}
