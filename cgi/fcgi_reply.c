/* fcgi_reply.c — a whole FastCGI response in one write (see fcgi_reply.h). */
#include "fcgi_reply.h"

#include <errno.h>
#include <fastcgi.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define RECORD_MAX 65535 /* a record's content length is 16 bits */
#define ENDING_LEN 24    /* empty FCGI_STDOUT, then FCGI_END_REQUEST with its 8-byte body */
#define SMALL_RECORDS 8  /* up to 512 KB: headers and iovecs on the stack */

size_t fcgi_reply_records(size_t len)
{
    return (len + RECORD_MAX - 1) / RECORD_MAX;
}

static void put_header(unsigned char *h, int type, int request_id, size_t len)
{
    h[0] = FCGI_VERSION_1;
    h[1] = (unsigned char)type;
    h[2] = (unsigned char)(request_id >> 8 & 0xff);
    h[3] = (unsigned char)(request_id & 0xff);
    h[4] = (unsigned char)(len >> 8 & 0xff);
    h[5] = (unsigned char)(len & 0xff);
    h[6] = 0; /* no padding: optional in the protocol, and nginx needs none */
    h[7] = 0;
}

int fcgi_reply_iov(int request_id, const char *head, size_t hlen, const char *body, size_t blen,
                   unsigned char *hdrs, struct iovec *iov, int iov_max)
{
    size_t total = hlen + blen, off = 0;
    unsigned char *h = hdrs;
    int n = 0;

    while (off < total) {
        size_t len = total - off > RECORD_MAX ? RECORD_MAX : total - off, end = off + len;

        if (n + 3 > iov_max)
            return -1;
        put_header(h, FCGI_STDOUT, request_id, len);
        iov[n++] = (struct iovec){h, 8};
        h += 8;
        /* A record's content may begin in the head and end in the body. */
        if (off < hlen) {
            size_t stop = end < hlen ? end : hlen;
            iov[n++] = (struct iovec){(void *)(head + off), stop - off};
        }
        if (end > hlen) {
            size_t start = off > hlen ? off : hlen;
            iov[n++] = (struct iovec){(void *)(body + (start - hlen)), end - start};
        }
        off = end;
    }
    if (n + 1 > iov_max)
        return -1;
    put_header(h, FCGI_STDOUT, request_id, 0);
    put_header(h + 8, FCGI_END_REQUEST, request_id, 8);
    memset(h + 16, 0, 8); /* appStatus 0, FCGI_REQUEST_COMPLETE, reserved */
    iov[n++] = (struct iovec){h, ENDING_LEN};
    return n;
}

/* writev until every iovec is out, at most IOV_MAX at a time, resuming short writes. */
static int writev_all(int fd, struct iovec *iov, int n)
{
    while (n > 0) {
        ssize_t put = writev(fd, iov, n > IOV_MAX ? IOV_MAX : n);

        if (put < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        while (n > 0 && (size_t)put >= iov->iov_len) {
            put -= (ssize_t)iov->iov_len;
            iov++;
            n--;
        }
        if (n > 0 && put > 0) {
            iov->iov_base = (char *)iov->iov_base + put;
            iov->iov_len -= (size_t)put;
        }
    }
    return 0;
}

static void mark_closed(FCGX_Stream *s)
{
    if (s) {
        s->wasFCloseCalled = 1;
        s->isClosed = 1;
    }
}

int fcgi_reply(FCGX_Request *rq, const char *head, size_t hlen, const char *body, size_t blen)
{
    unsigned char small_hdrs[SMALL_RECORDS * 8 + ENDING_LEN], *hdrs = small_hdrs;
    struct iovec small_iov[SMALL_RECORDS * 3 + 1], *iov = small_iov;
    size_t records = fcgi_reply_records(hlen + blen);
    int n, rc = -1, saved = 0;

    if (records > SMALL_RECORDS) {
        hdrs = malloc(records * 8 + ENDING_LEN);
        iov = malloc((records * 3 + 1) * sizeof *iov);
        if (!hdrs || !iov) {
            saved = ENOMEM;
            goto out;
        }
    }
    n = fcgi_reply_iov(rq->requestId, head, hlen, body, blen, hdrs, iov, (int)(records * 3 + 1));
    if (n < 0) {
        saved = EINVAL;
        goto out;
    }
    /* ipcFd is the request's connection. fcgiapp.h files it under "don't use", but the
     * struct's layout is libfcgi.so.0's ABI, and the streams are only touched through
     * their public fields here. */
    if (writev_all(rq->ipcFd, iov, n)) {
        saved = errno;
        goto out;
    }
    rc = 0;
out:
    /* Finished either way: FCGX_Finish_r must not add records after these. */
    mark_closed(rq->out);
    mark_closed(rq->err);
    if (rc && rq->out)
        rq->out->FCGI_errno = saved; /* makes FCGX_Finish_r close the connection */
    if (hdrs != small_hdrs)
        free(hdrs);
    if (iov != small_iov)
        free(iov);
    errno = saved;
    return rc;
}
