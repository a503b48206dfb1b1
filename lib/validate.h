/* validate.h — national code rules (GB 32100, GB 11643, mobile, equipment codes).
 *
 * Pure functions: no database, no allocation. Each returns a v_result and sets *msg
 * (when msg is not NULL) to a short Chinese sentence for the user on V_BAD or V_WARN,
 * and to NULL on V_OK. The code tables and where each rule comes from are in validate.c.
 *
 * Surrounding white space is trimmed only where the rule says so (credit code, ID
 * number, mobile). Where a norm buffer is given it receives the normalised form on
 * V_OK and V_WARN and "" on V_BAD: store that, not the raw input. The other validators
 * are strict: a value they accept is already in stored form. */
#ifndef TEJIAN_VALIDATE_H
#define TEJIAN_VALIDATE_H

enum v_result { V_BAD = -1, V_OK = 0, V_WARN = 1 }; /* V_WARN: acceptable but suspicious (lenient rules) */

/* Unified social credit code, GB 32100-2015: 18 characters from 0-9A-HJ-NP-RTUWXY with
 * the mod-31 check character. Lower case is upper-cased. An uncommon first-two-character
 * prefix (registration authority + entity type) is V_WARN. */
int v_credit_code(const char *in, char norm[19], const char **msg);

/* Resident identity number, GB 11643-1999: 18 characters with the mod-11 check ('x' is
 * normalised to 'X'); the birth date (characters 7-14) must exist, be no earlier than
 * 1900 and not in the future. A legacy 15-digit number is converted to 18 in norm. A bad
 * check character is V_BAD here (form rule); a bulk import may choose to downgrade it. */
int v_id_number(const char *in, char norm[19], const char **msg);
/* The same, except that a wrong check character (everything else right) is V_WARN with
 * norm filled: bulk imports accept it on confirmation (DOMAIN.md, lenient on import). */
int v_id_number_lenient(const char *in, char norm[19], const char **msg);

/* Mainland mobile number: ^1[3-9][0-9]{9}$ after trimming surrounding spaces; norm (may
 * be NULL) receives the 11 digits. */
int v_mobile(const char *in, char norm[12], const char **msg);

/* Pragmatic e-mail check: at most 254 bytes, one '@', local part of 1-64 bytes, a
 * domain with a dot and no empty labels, no spaces or control characters. */
int v_email(const char *in, const char **msg);

/* Login name: 4-32 ASCII letters, digits or '_', starting with a letter. */
int v_login_name(const char *in, const char **msg);

/* Strict YYYY-MM-DD, a real date between 1900-01-01 and 2200-12-31. y, m, d (each may
 * be NULL) receive the parts on V_OK and 0 otherwise. */
int v_date(const char *in, int *y, int *m, int *d, const char **msg);

/* Equipment registration code (legacy 注册代码): exactly 20 digits whose first 4 are a
 * catalogue variety code (V_BAD otherwise); an unknown province in digits 5-6, or a
 * registration month (digits 11-16, YYYYMM) outside 1950-01..this month, is V_WARN. */
int v_reg_code(const char *in, const char **msg);

/* Equipment code (设备代码): 18 characters, catalogue variety code (4) + maker code
 * (5 digits) + year of manufacture (4 digits) + sequence (5 digits or upper-case
 * letters); a manufacture year outside 1950..this year is V_WARN. A 20-character value
 * is checked as a registration code (v_reg_code), which older equipment carries. */
int v_equipment_code(const char *in, const char **msg);

#endif
