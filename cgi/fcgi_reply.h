/* fcgi_reply.h — a whole FastCGI response in one write. */
#ifndef TEJIAN_FCGI_REPLY_H
#define TEJIAN_FCGI_REPLY_H

#include <fcgiapp.h>
#include <stddef.h>
#include <sys/uio.h>

/* Sends head then body as the request's FCGI_STDOUT, then the end of the stream and
 * FCGI_END_REQUEST, in one writev (more only past IOV_MAX iovecs, ~21 MB, or when a
 * signal cuts a write short), and marks rq's out and err streams closed so that FCGX_Finish_r writes nothing
 * more. libfcgi's own writer flushes every 8 KB, three writes for a list page. Nothing
 * may have been written to rq->out or rq->err before (dispatch.c writes every response
 * here and nowhere else). Returns 0, or -1 with errno set when the server has gone; the
 * request is finished either way. */
int fcgi_reply(FCGX_Request *rq, const char *head, size_t hlen, const char *body, size_t blen);

/* The records fcgi_reply sends, as iovecs into hdrs (8 bytes per record, room for
 * fcgi_reply_records(hlen + blen) headers plus the 24-byte ending) and iov: returns how
 * many iovecs were filled, or -1 when iov_max is too small. For tests. */
int fcgi_reply_iov(int request_id, const char *head, size_t hlen, const char *body, size_t blen,
                   unsigned char *hdrs, struct iovec *iov, int iov_max);
/* Number of FCGI_STDOUT records carrying len bytes. */
size_t fcgi_reply_records(size_t len);

#endif
