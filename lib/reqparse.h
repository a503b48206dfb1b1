/* reqparse.h — the parts of a request the handlers read, into the request HDF: the query
 * string or an application/x-www-form-urlencoded body into Query.*, the Cookie header into
 * Cookie.*. Nothing else of the CGI environment is copied (ClearSilver's cgi_init copied
 * every CGI and HTTP_* variable into CGI.* and HTTP.*, which nothing read). Pure: no
 * FastCGI, no I/O besides debug logging. */
#ifndef TEJIAN_REQPARSE_H
#define TEJIAN_REQPARSE_H

#include <ClearSilver.h>
#include <stddef.h>

/* Fields one urlencoded input may set: the largest form sends ~500 (maint.c MAX_SUBMIT);
 * the cap keeps a 20 MB body of "a&a&a..." from costing the worker minutes (each repeat of
 * a name counts the ones before it) and memory. Fields past it are refused. */
#define REQPARSE_MAX_FIELDS 2000

/* Fields of s (len bytes, need not be NUL-terminated) into Query.* through form_set:
 * fields are separated by '&' (empty ones, as in "a&&b", are ignored); "name=value" or a
 * bare "name" (empty value); in both name and value '+' is a space and %XX a byte, a '%'
 * not followed by two hex digits is kept literally (as ClearSilver's cgi_url_unescape
 * does). A repeated name keeps every value (Query.name.0 .. .N, see form.h).
 * A field is refused, and the others still set, when its decoded name is not a valid
 * form name (form_valid_name: empty, over 100 bytes, leading/trailing/double dots, bytes
 * other than letters, digits and _-.[]), when its name or value holds a NUL byte (%00),
 * or past the first REQPARSE_MAX_FIELDS fields.
 * Returns the number of refused fields (0: all set), or -1 when the HDF or memory failed.
 * The caller decides what refusal means: a query string's bad fields are skipped, a POST
 * body with any is answered 400 (cgi/req.c). */
int reqparse_urlencoded(HDF *hdf, const char *s, size_t len);

/* The Cookie header into Cookie.<name>: "name=value" pairs separated by ';', spaces and
 * tabs around names and values ignored, values kept as sent (no decoding, quotes kept).
 * The FIRST pair of a name wins: browsers send the cookie of the most specific path (and
 * the oldest) first, so a later duplicate, e.g. one planted for a broader path, never
 * overrides it. Pairs with no '=', an empty name or an empty value are ignored, and so
 * are names that are not one HDF level (form_valid_name without dots), e.g. "a.b" or
 * "$Version". 0, or -1 when the HDF or memory failed. A NULL header sets nothing. */
int reqparse_cookies(HDF *hdf, const char *header);

#endif
