/*
 * A small kqueue over epoll, for running sockit's generated kqueue code on Linux in tests only. It implements what
 * that code and the shim's own checks use: EVFILT_READ and EVFILT_WRITE on sockets; EV_ADD, EV_DELETE, EV_CLEAR
 * (edge-triggered, EPOLLET) and level-triggered registration; EV_EOF on the read filter when the peer has closed
 * (EPOLLRDHUP/EPOLLHUP); EV_ERROR results for failed changes when there is room in the event list, as kqueue does.
 * One epoll set per kqueue; the per-descriptor state lives in a fixed table (descriptors below SHIM_MAX_FD).
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/event.h>
#include <unistd.h>

#define SHIM_MAX_FD 4096

struct shim_fd {
    unsigned filters; /* 1: read, 2: write */
    int clear;        /* EV_CLEAR on the last registration */
    void *udata[2];   /* per filter */
};

static struct shim_fd table[SHIM_MAX_FD];

int kqueue(void)
{
    return epoll_create1(EPOLL_CLOEXEC);
}

static int apply(int kq, const struct kevent *ch)
{
    if (ch->ident >= SHIM_MAX_FD || (ch->filter != EVFILT_READ && ch->filter != EVFILT_WRITE)) {
        return EINVAL;
    }
    int fd = (int)ch->ident;
    struct shim_fd *s = &table[fd];
    unsigned bit = ch->filter == EVFILT_READ ? 1u : 2u;
    unsigned before = s->filters;
    if (ch->flags & EV_DELETE) {
        if (!(s->filters & bit)) {
            return ENOENT;
        }
        s->filters &= ~bit;
    } else if (ch->flags & EV_ADD) {
        s->filters |= bit;
        s->udata[bit - 1] = ch->udata;
        s->clear = (ch->flags & EV_CLEAR) != 0;
    } else {
        return EINVAL;
    }
    struct epoll_event ev;
    memset(&ev, 0, sizeof ev);
    ev.events = ((s->filters & 1u) ? EPOLLIN | EPOLLRDHUP : 0u) | ((s->filters & 2u) ? EPOLLOUT : 0u)
            | (s->clear ? EPOLLET : 0u);
    ev.data.fd = fd;
    int rc;
    if (s->filters == 0) {
        rc = epoll_ctl(kq, EPOLL_CTL_DEL, fd, NULL);
    } else if (before == 0) {
        rc = epoll_ctl(kq, EPOLL_CTL_ADD, fd, &ev);
        if (rc < 0 && errno == EEXIST) { /* a stale entry of a descriptor number closed and reused */
            rc = epoll_ctl(kq, EPOLL_CTL_MOD, fd, &ev);
        }
    } else {
        rc = epoll_ctl(kq, EPOLL_CTL_MOD, fd, &ev);
        if (rc < 0 && errno == ENOENT) { /* close(2) dropped it from the epoll set: the number was reused */
            rc = epoll_ctl(kq, EPOLL_CTL_ADD, fd, &ev);
        }
    }
    if (rc < 0) {
        int err = errno;
        s->filters = before;
        return err;
    }
    return 0;
}

int kevent(int kq, const struct kevent *changelist, int nchanges, struct kevent *eventlist, int nevents,
           const struct timespec *timeout)
{
    int out = 0;
    for (int i = 0; i < nchanges; i++) {
        int err = apply(kq, &changelist[i]);
        if (err != 0) {
            if (out < nevents) {
                eventlist[out] = changelist[i];
                eventlist[out].flags = EV_ERROR;
                eventlist[out].data = err;
                out++;
            } else {
                errno = err;
                return -1;
            }
        }
    }
    if (out > 0 || nevents == 0) {
        return out;
    }
    struct epoll_event evs[64];
    int max = nevents / 2 < 64 ? nevents / 2 : 64;
    if (max < 1) {
        max = 1;
    }
    int ms = timeout == NULL ? -1 : (int)(timeout->tv_sec * 1000 + timeout->tv_nsec / 1000000);
    int n = epoll_wait(kq, evs, max, ms);
    if (n < 0) {
        return -1;
    }
    for (int i = 0; i < n && out < nevents; i++) {
        int fd = evs[i].data.fd;
        const struct shim_fd *s = &table[fd];
        unsigned e = evs[i].events;
        if ((s->filters & 1u) && (e & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))) {
            struct kevent *k = &eventlist[out++];
            memset(k, 0, sizeof *k);
            k->ident = (uintptr_t)fd;
            k->filter = EVFILT_READ;
            k->flags = (e & (EPOLLRDHUP | EPOLLHUP)) ? EV_EOF : 0;
            k->udata = s->udata[0];
        }
        if ((s->filters & 2u) && (e & (EPOLLOUT | EPOLLHUP | EPOLLERR)) && out < nevents) {
            struct kevent *k = &eventlist[out++];
            memset(k, 0, sizeof *k);
            k->ident = (uintptr_t)fd;
            k->filter = EVFILT_WRITE;
            k->flags = (e & EPOLLHUP) ? EV_EOF : 0;
            k->udata = s->udata[1];
        }
    }
    return out;
}
