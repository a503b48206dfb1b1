/* sms.h — SMS verification codes: rate-limited, hashed, single use, 5 attempts. */
#ifndef TEJIAN_SMS_H
#define TEJIAN_SMS_H

/* Sends a 6-digit code to mobile for purpose ("register", "reset") through the outbox,
 * in its own transaction. 0 sent; 1 refused (too soon / too many today, *msg says why
 * in Chinese); -1 error. */
int sms_code_send(const char *mobile, const char *purpose, const char **msg);
/* Checks (and on success consumes) the latest live code. Must run inside the caller's
 * transaction when the verified action follows. 1 ok, 0 wrong/expired, -1 error. */
int sms_code_verify(const char *mobile, const char *purpose, const char *code);

#endif
