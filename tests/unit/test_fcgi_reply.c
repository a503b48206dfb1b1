/* test_fcgi_reply.c — the one-write FastCGI response: the record stream it sends, read
 * back from a real socket and parsed as a server would, for sizes around every boundary. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <fastcgi.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "fcgi_reply.h"

struct sink {
    int fd;
    int slow; /* small reads with pauses: the writer blocks, and signals cut it short */
    unsigned char *buf;
    size_t len, cap;
};

static void *drain(void *arg)
{
    struct sink *s = arg;
    ssize_t got;

    for (;;) {
        if (s->len + 65536 > s->cap) {
            s->cap = s->cap ? s->cap * 2 : 1 << 20;
            s->buf = realloc(s->buf, s->cap);
            if (!s->buf)
                return NULL;
        }
        got = read(s->fd, s->buf + s->len, s->slow ? 4096 : s->cap - s->len);
        if (s->slow && got > 0 && s->len % (256 << 10) < 4096)
            usleep(2000);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return NULL;
        s->len += (size_t)got;
    }
}

/* Parses what a server receives: FCGI_STDOUT records for request id, then an empty one,
 * then FCGI_END_REQUEST (complete, status 0), then nothing. Returns the content in *out. */
static void parse_stream(const unsigned char *p, size_t len, int id, unsigned char **out,
                         size_t *out_len)
{
    size_t off = 0, n = 0;
    unsigned char *content = malloc(len + 1);
    int ended = 0;

    assert_non_null(content);
    while (!ended) {
        assert_true(off + 8 <= len);
        const unsigned char *h = p + off;
        size_t clen = (size_t)h[4] << 8 | h[5], plen = h[6];

        assert_int_equal(h[0], FCGI_VERSION_1);
        assert_int_equal((h[2] << 8 | h[3]), id);
        assert_true(off + 8 + clen + plen <= len);
        if (h[1] == FCGI_STDOUT && clen > 0) {
            memcpy(content + n, h + 8, clen);
            n += clen;
        } else {
            assert_int_equal(h[1], FCGI_STDOUT); /* the empty record ends the stream */
            assert_int_equal(clen, 0);
            off += 8 + plen;
            assert_true(off + 16 <= len);
            h = p + off;
            assert_int_equal(h[0], FCGI_VERSION_1);
            assert_int_equal(h[1], FCGI_END_REQUEST);
            assert_int_equal((h[2] << 8 | h[3]), id);
            assert_int_equal((h[4] << 8 | h[5]), 8);
            for (int i = 8; i < 16; i++) /* appStatus 0, FCGI_REQUEST_COMPLETE */
                assert_int_equal(h[i], 0);
            off += 16 + h[6];
            ended = 1;
            continue;
        }
        off += 8 + clen + plen;
    }
    assert_int_equal(off, len); /* nothing after FCGI_END_REQUEST */
    *out = content;
    *out_len = n;
}

/* One response through a socketpair, read by a second thread as it is written. */
static void reply_through_socket_as(size_t hlen, size_t blen, int id, int slow)
{
    int fds[2];
    char *head = malloc(hlen + 1), *body = malloc(blen + 1);
    FCGX_Stream out, err;
    FCGX_Request rq;
    struct sink sink = {0};
    pthread_t reader;
    unsigned char *content;
    size_t content_len;

    assert_non_null(head);
    assert_non_null(body);
    for (size_t i = 0; i < hlen; i++)
        head[i] = (char)('A' + i % 26);
    for (size_t i = 0; i < blen; i++)
        body[i] = (char)(i * 7 + i / 65535); /* every byte value; record seams visible */
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
    memset(&out, 0, sizeof out);
    memset(&err, 0, sizeof err);
    memset(&rq, 0, sizeof rq);
    rq.requestId = id;
    rq.ipcFd = fds[0];
    rq.out = &out;
    rq.err = &err;
    sink.fd = fds[1];
    sink.slow = slow;
    assert_int_equal(pthread_create(&reader, NULL, drain, &sink), 0);
    assert_int_equal(fcgi_reply(&rq, head, hlen, body, blen), 0);
    close(fds[0]);
    assert_int_equal(pthread_join(reader, NULL), 0);
    close(fds[1]);
    /* FCGX_Finish_r must find both writers closed, so it adds no records of its own. */
    assert_true(out.wasFCloseCalled && out.isClosed && out.FCGI_errno == 0);
    assert_true(err.wasFCloseCalled && err.isClosed);
    parse_stream(sink.buf, sink.len, id, &content, &content_len);
    assert_int_equal(content_len, hlen + blen);
    assert_memory_equal(content, head, hlen);
    if (blen)
        assert_memory_equal(content + hlen, body, blen);
    free(content);
    free(sink.buf);
    free(head);
    free(body);
}

static void reply_through_socket(size_t hlen, size_t blen, int id)
{
    reply_through_socket_as(hlen, blen, id, 0);
}

static void test_sizes_around_record_seams(void **state)
{
    static const size_t bodies[] = {0, 1, 7, 8, 8191, 8192, 24000, 65535 - 300, 65535 - 299,
                                    65535 - 298, 65535, 65536, 2 * 65535, 2 * 65535 + 1,
                                    8 * 65535 - 300, 8 * 65535, 9 * 65535 + 5};
    (void)state;
    for (size_t i = 0; i < sizeof bodies / sizeof *bodies; i++)
        reply_through_socket(299, bodies[i], 1);
    reply_through_socket(65535, 1, 1);     /* the head fills the first record exactly */
    reply_through_socket(65536, 65535, 1); /* the head spills into a second record */
    reply_through_socket(1, 0, 65535);     /* the largest request id */
}

/* More records than one writev may carry (IOV_MAX iovecs): sent in several calls. */
static void test_larger_than_iov_max(void **state)
{
    (void)state;
    reply_through_socket(400, (size_t)400 * 65535 + 123, 3);
}

static volatile sig_atomic_t ticks;
static void on_tick(int sig)
{
    (void)sig;
    ticks++;
}

/* A signal during a blocked writev ends it early, with part of the data sent or with
 * EINTR: the rest must follow exactly where it stopped. */
static void test_interrupted_writes(void **state)
{
    struct sigaction sa;
    struct itimerval every = {{0, 1000}, {0, 1000}}, off = {{0, 0}, {0, 0}};

    (void)state;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_tick;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART */
    assert_int_equal(sigaction(SIGALRM, &sa, NULL), 0);
    ticks = 0;
    assert_int_equal(setitimer(ITIMER_REAL, &every, NULL), 0);
    reply_through_socket_as(300, (size_t)5 << 20, 7, 1);
    assert_int_equal(setitimer(ITIMER_REAL, &off, NULL), 0);
    signal(SIGALRM, SIG_DFL);
    assert_true(ticks > 10);
}

static void test_iov_layout(void **state)
{
    unsigned char hdrs[3 * 8 + 24];
    struct iovec iov[16];
    char head[10] = "Status: 2", body[70000];
    int n;

    (void)state;
    memset(body, 'x', sizeof body);
    assert_int_equal(fcgi_reply_records(0), 0);
    assert_int_equal(fcgi_reply_records(1), 1);
    assert_int_equal(fcgi_reply_records(65535), 1);
    assert_int_equal(fcgi_reply_records(65536), 2);
    /* Record 1: header, head, first part of body; record 2: header, rest; ending. */
    n = fcgi_reply_iov(9, head, 10, body, sizeof body, hdrs, iov, 16);
    assert_int_equal(n, 6);
    assert_int_equal(iov[1].iov_len, 10);
    assert_int_equal(iov[2].iov_len, 65525);
    assert_int_equal(iov[4].iov_len, sizeof body - 65525);
    assert_int_equal(iov[5].iov_len, 24);
    /* Too few iovecs is refused, not overrun. */
    assert_int_equal(fcgi_reply_iov(9, head, 10, body, sizeof body, hdrs, iov, 5), -1);
}

/* The server gone: -1 with errno, and the streams closed with an error so that the
 * connection is dropped rather than reused. */
static void test_peer_gone(void **state)
{
    int fds[2];
    FCGX_Stream out, err;
    FCGX_Request rq;
    static char body[300000];

    (void)state;
    signal(SIGPIPE, SIG_IGN);
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
    close(fds[1]);
    memset(&out, 0, sizeof out);
    memset(&err, 0, sizeof err);
    memset(&rq, 0, sizeof rq);
    rq.requestId = 1;
    rq.ipcFd = fds[0];
    rq.out = &out;
    rq.err = &err;
    assert_int_equal(fcgi_reply(&rq, "Status: 200 OK\r\n\r\n", 18, body, sizeof body), -1);
    assert_int_equal(errno, EPIPE);
    assert_true(out.wasFCloseCalled && out.FCGI_errno == EPIPE);
    assert_true(err.wasFCloseCalled);
    close(fds[0]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_iov_layout),
        cmocka_unit_test(test_sizes_around_record_seams),
        cmocka_unit_test(test_larger_than_iov_max),
        cmocka_unit_test(test_interrupted_writes),
        cmocka_unit_test(test_peer_gone),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
