/*
 * Test shim, loaded with LD_PRELOAD into a generated UDP server: a datagram whose text is an errno name the shim
 * knows is received for real and then reported to the program as that error (recvfrom returns -1 with errno set),
 * so a test can make the server meet a receive error at a moment it chooses. Every other datagram passes unchanged.
 * Built by CGeneratorUdpErrorsTest with gcc -shared -fPIC.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>

typedef ssize_t (*recvfrom_fn)(int, void *, size_t, int, struct sockaddr *, socklen_t *);

static int error_named(const void *buf, ssize_t n)
{
    static const struct {
        const char *name;
        int value;
    } errors[] = {{"ENOBUFS", ENOBUFS}, {"ENOMEM", ENOMEM}, {"ECONNREFUSED", ECONNREFUSED}, {"EBADF", EBADF},
                  {"EINVAL", EINVAL}};
    for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++) {
        size_t len = strlen(errors[i].name);
        if (n == (ssize_t)len && memcmp(buf, errors[i].name, len) == 0) {
            return errors[i].value;
        }
    }
    return 0;
}

static recvfrom_fn real;

/* Looked up once, before main: the worker threads of the threads model call recvfrom at once. */
__attribute__((constructor)) static void find_real(void)
{
    real = (recvfrom_fn)dlsym(RTLD_NEXT, "recvfrom");
}

ssize_t recvfrom(int fd, void *buf, size_t len, int flags, struct sockaddr *addr, socklen_t *addr_len)
{
    ssize_t n = real(fd, buf, len, flags, addr, addr_len);
    int err = n > 0 ? error_named(buf, n) : 0;
    if (err != 0) {
        errno = err;
        return -1;
    }
    return n;
}
