/*
 * <sys/event.h> for compiling sockit's generated kqueue code on Linux, in tests only. The declarations follow
 * FreeBSD's and macOS's header (the fields, the filter and flag values and the EV_SET macro as they are there; the
 * struct kevent layout of macOS and of FreeBSD before 12, without FreeBSD 12's ext[4]); only what the generated code
 * and the test shim (kqueue_shim.c, over epoll) need is declared. This is not a port of kqueue.
 */
#ifndef SOCKIT_TEST_SYS_EVENT_H
#define SOCKIT_TEST_SYS_EVENT_H

#include <stdint.h>
#include <time.h>

#define EVFILT_READ (-1)
#define EVFILT_WRITE (-2)

#define EV_ADD 0x0001
#define EV_DELETE 0x0002
#define EV_ENABLE 0x0004
#define EV_DISABLE 0x0008
#define EV_ONESHOT 0x0010
#define EV_CLEAR 0x0020
#define EV_ERROR 0x4000
#define EV_EOF 0x8000

struct kevent {
    uintptr_t ident;     /* the descriptor */
    short filter;        /* EVFILT_READ or EVFILT_WRITE */
    unsigned short flags; /* EV_* */
    unsigned int fflags; /* filter flags */
    intptr_t data;       /* filter data; the errno with EV_ERROR */
    void *udata;         /* passed through unchanged */
};

#define EV_SET(kevp, a, b, c, d, e, f) do {  \
        struct kevent *ev_set_p = (kevp);    \
        ev_set_p->ident = (a);               \
        ev_set_p->filter = (b);              \
        ev_set_p->flags = (c);               \
        ev_set_p->fflags = (d);              \
        ev_set_p->data = (e);                \
        ev_set_p->udata = (f);               \
    } while (0)

int kqueue(void);
int kevent(int kq, const struct kevent *changelist, int nchanges, struct kevent *eventlist, int nevents,
           const struct timespec *timeout);

#endif
