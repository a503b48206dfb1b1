/* pdf_keys.c — see pdf_keys.h. */
#include "pdf_keys.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

#include "log.h"

#define CA_YEARS 10
#define SIGN_YEARS 2
#define YEAR (365L * 24 * 3600)

static void log_ssl(const char *what)
{
    char buf[256];
    unsigned long e = ERR_get_error();
    ERR_error_string_n(e, buf, sizeof buf);
    log_error("keys: %s: %s", what, e ? buf : "failed");
    ERR_clear_error();
}

EVP_PKEY *pdf_key_new(void)
{
    EVP_PKEY *k = EVP_EC_gen("P-256");
    if (!k)
        log_ssl("EC P-256 key");
    return k;
}

static int add_ext(X509 *cert, X509 *issuer, int nid, const char *value)
{
    X509V3_CTX ctx;
    X509_EXTENSION *ext;
    int ok;

    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, NULL, NULL, 0);
    if (!(ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value)))
        return 0;
    ok = X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
    return ok;
}

X509 *pdf_cert_new(EVP_PKEY *key, const char *cn, const char *org, time_t not_before,
                   time_t not_after, X509 *issuer, EVP_PKEY *issuer_key)
{
    X509 *c = X509_new();
    X509_NAME *name = X509_NAME_new();
    unsigned char serial[16];
    BIGNUM *bn = NULL;
    int ca = issuer == NULL;

    if (!c || !name || RAND_bytes(serial, sizeof serial) != 1)
        goto fail;
    serial[0] &= 0x7f; /* positive */
    if (!(bn = BN_bin2bn(serial, sizeof serial, NULL)) ||
        !BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(c)) || !X509_set_version(c, 2) ||
        !X509_NAME_add_entry_by_txt(name, "C", MBSTRING_UTF8, (const unsigned char *)"CN", -1, -1, 0) ||
        !X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, (const unsigned char *)org, -1, -1, 0) ||
        !X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, (const unsigned char *)cn, -1, -1, 0) ||
        !X509_set_subject_name(c, name) ||
        !X509_set_issuer_name(c, ca ? name : X509_get_subject_name(issuer)) ||
        !X509_time_adj_ex(X509_getm_notBefore(c), 0, 0, &not_before) ||
        !X509_time_adj_ex(X509_getm_notAfter(c), 0, 0, &not_after) || !X509_set_pubkey(c, key))
        goto fail;
    if (!add_ext(c, ca ? c : issuer, NID_subject_key_identifier, "hash") ||
        !add_ext(c, ca ? c : issuer, NID_authority_key_identifier, "keyid:always") ||
        !add_ext(c, ca ? c : issuer, NID_basic_constraints, ca ? "critical,CA:TRUE" : "critical,CA:FALSE") ||
        !add_ext(c, ca ? c : issuer, NID_key_usage,
                 ca ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature,nonRepudiation"))
        goto fail;
    if (!X509_sign(c, ca ? key : issuer_key, EVP_sha256()))
        goto fail;
    BN_free(bn);
    X509_NAME_free(name);
    return c;
fail:
    log_ssl("certificate");
    BN_free(bn);
    X509_NAME_free(name);
    X509_free(c);
    return NULL;
}

/* Writes a PEM file through a temporary name, mode 0600 for keys, 0644 for certificates. */
static int write_pem(const char *dir, const char *name, X509 *cert, EVP_PKEY *key)
{
    char path[4096], tmp[4200];
    FILE *f = NULL;
    int fd, rc = -1;

    if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path ||
        snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp) {
        log_error("keys: path too long");
        return -1;
    }
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, key ? 0600 : 0644);
    if (fd < 0 || !(f = fdopen(fd, "w"))) {
        log_error("keys: %s: %s", tmp, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    if (key ? !PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL) : !PEM_write_X509(f, cert)) {
        log_ssl(name);
        fclose(f);
        goto out;
    }
    if (fclose(f) != 0 || rename(tmp, path) != 0) {
        log_error("keys: %s: %s", path, strerror(errno));
        goto out;
    }
    rc = 0;
out:
    if (rc < 0)
        unlink(tmp);
    return rc;
}

int pdf_keys_init(const char *dir, const char *org, int *created)
{
    EVP_PKEY *ca_key = NULL, *key = NULL;
    X509 *ca = NULL, *cert = NULL;
    char path[4096], cn[512];
    struct stat st;
    time_t now = time(NULL);
    int rc = -1;

    *created = 0;
    if (snprintf(path, sizeof path, "%s/sign-cert.pem", dir) >= (int)sizeof path) {
        log_error("keys: path too long");
        return -1;
    }
    if (stat(path, &st) == 0)
        return 0;
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
        log_error("keys: %s: %s", dir, strerror(errno));
        return -1;
    }
    snprintf(cn, sizeof cn, "%s 演示根证书", org);
    if (!(ca_key = pdf_key_new()) ||
        !(ca = pdf_cert_new(ca_key, cn, org, now - 3600, now + CA_YEARS * YEAR, NULL, NULL)) ||
        !(key = pdf_key_new()) ||
        !(cert = pdf_cert_new(key, org, org, now - 3600, now + SIGN_YEARS * YEAR, ca, ca_key)))
        goto out;
    /* The certificate last: its presence is what marks the directory as done. */
    if (write_pem(dir, "ca.pem", ca, NULL) < 0 ||
        write_pem(dir, "chain.pem", ca, NULL) < 0 || write_pem(dir, "sign-key.pem", NULL, key) < 0 ||
        write_pem(dir, "sign-cert.pem", cert, NULL) < 0)
        goto out;
    *created = 1;
    rc = 0;
out:
    EVP_PKEY_free(ca_key);
    EVP_PKEY_free(key);
    X509_free(ca);
    X509_free(cert);
    return rc;
}
