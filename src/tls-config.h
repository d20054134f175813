/* tls-config.h — TLS settings in dcmtk's words (+tls KEY CERT, +cf, -rc,
 * +pg ...), their parser, and the GnuTLS credentials made from them.
 *
 * The commands (storescp, storescu, echoscu) feed each argument to
 * dcb_tls_option() (through the option table of cli-tls.h, which also
 * carries the help); the engine turns the finished configuration into a
 * struct dcb_tls_creds once, and every TLS connection borrows it
 * (transport-tls.h).  The security profiles are mapped to GnuTLS priority
 * strings in one place: dcb_tls_priority(). */
#ifndef DCB_TLS_CONFIG_H
#define DCB_TLS_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "error.h"

#define DCB_TLS_MAX_FILES 16
#define DCB_TLS_MAX_SUITES 32

enum dcb_tls_verify {
	DCB_TLS_VERIFY_REQUIRE,    /* -rc: verify, fail if absent (default) */
	DCB_TLS_VERIFY_IF_PRESENT, /* -vc: verify if the peer sends one */
	DCB_TLS_VERIFY_IGNORE,     /* -ic: do not verify (and as SCP, do not ask) */
};

/* PS3.15 Annex B security profiles. */
enum dcb_tls_profile {
	DCB_TLS_PROFILE_RFC8996,   /* +pg: BCP 195 RFC 8996 (TLS 1.2+, AEAD only), default */
	DCB_TLS_PROFILE_BCP195_ND, /* +py: non-downgrading BCP 195 (TLS 1.2+) */
	DCB_TLS_PROFILE_BCP195,    /* +px: BCP 195 (TLS 1.0+ allowed for old peers) */
	DCB_TLS_PROFILE_BCP195_EX, /* +pz: extended BCP 195 (TLS 1.2+, more suites) */
};

enum dcb_tls_password {
	DCB_TLS_PW_PROMPT, /* +ps: ask (the command does, if the key is encrypted) */
	DCB_TLS_PW_GIVEN,  /* +pw PWD */
	DCB_TLS_PW_NONE,   /* -pw: empty password */
};

/* Strings are borrowed (argv, or owned by the caller for the lifetime of
 * the configuration).  Fill with dcb_tls_config_init(). */
struct dcb_tls_config {
	bool enabled;                            /* +tls given */
	const char *key_file, *cert_file;        /* +tls KEY CERT; CERT may hold a chain */
	const char *ca_files[DCB_TLS_MAX_FILES]; /* +cf */
	size_t n_ca_files;
	const char *ca_dirs[DCB_TLS_MAX_FILES]; /* +cd */
	size_t n_ca_dirs;
	const char *crl_files[DCB_TLS_MAX_FILES]; /* +crl */
	size_t n_crl_files;
	enum dcb_tls_verify verify;
	enum dcb_tls_profile profile;
	const char *suites[DCB_TLS_MAX_SUITES]; /* +cs, dcmtk/IANA or OpenSSL names */
	size_t n_suites;
	enum dcb_tls_password pw_mode;
	const char *password; /* +pw */
	bool der;             /* -der: key and certificate are DER */
	bool list_suites;     /* +cc: the command lists and exits */
	/* Accepted options that GnuTLS does not need, explained (translated,
	 * one per line), for the command to print. */
	char notes[1024];
};

void dcb_tls_config_init(struct dcb_tls_config *c);

/* Consumes the TLS option at argv[*i], with its values, if it is one.
 * Returns 1 and leaves *i on the last argument consumed (the caller's loop
 * steps past it), 0 when argv[*i] is no TLS option, or DCB_ERR_USAGE when
 * a value is missing or the option is not supported (+pa, +pn, +cs with
 * +pz, an unknown suite: the detail says what to use instead). */
int dcb_tls_option(struct dcb_tls_config *c, int argc, char **argv, int *i, struct dcb_error *err);

/* Checks the finished configuration (what one option alone cannot: +cs
 * with +pz, -tls after +tls ...).  0 or DCB_ERR_USAGE. */
int dcb_tls_config_check(const struct dcb_tls_config *c, struct dcb_error *err);

/* The GnuTLS priority string for a profile and optional +cs suites: the
 * one place where PS3.15 profiles become GnuTLS settings.
 * Errors: DCB_ERR_USAGE (unknown suite), DCB_ERR_LIMIT (buffer too small). */
int dcb_tls_priority(enum dcb_tls_profile p, const char *const *suites, size_t n_suites, char *buf,
                     size_t size, struct dcb_error *err);

/* The name people know a profile by ("BCP 195 RFC 8996 (+pg)"), translated. */
const char *dcb_tls_profile_name(enum dcb_tls_profile p);

/* Lists the suites a profile allows (one IANA name per line, with the TLS
 * version and the OpenSSL name) into buf.  Returns the count. */
int dcb_tls_list_suites(enum dcb_tls_profile p, char *buf, size_t size);

/* Credentials made from a configuration: own key and chain, trusted
 * certificates, CRLs, the priority cache and the verification policy.
 * One per engine; connections borrow it. */
struct dcb_tls_creds;

/* server: made for the acceptor (it then needs +tls KEY CERT).
 * Errors: DCB_ERR_USAGE (missing key/cert, key does not match the
 * certificate, encrypted key without password, no trusted certificate in
 * a +cf file, unknown suite), DCB_ERR_MALFORMED (no key or certificate in
 * a file, a certificate whose public key cannot be read), DCB_ERR_IO
 * (unreadable file), DCB_ERR_LIMIT (file too large, too many
 * certificates), DCB_ERR_TLS, DCB_ERR_NOMEM.  The detail names the file
 * and what to do. */
int dcb_tls_creds_new(const struct dcb_tls_config *c, bool server, struct dcb_tls_creds **out,
                      struct dcb_error *err);
void dcb_tls_creds_free(struct dcb_tls_creds *cr);

struct dcb_pki_info;

/* The own certificate's facts, or NULL when the credentials have none. */
const struct dcb_pki_info *dcb_tls_creds_own(const struct dcb_tls_creds *cr);

/* Writes into buf (translated) a warning when the own certificate is not
 * valid at time now (expired, not yet valid), so peers will refuse it;
 * "" when it is fine.  Returns true when there is a warning. */
bool dcb_tls_creds_check_dates(const struct dcb_tls_creds *cr, time_t now, char *buf, size_t size);

/* True when dcb_tls_creds_new() would need a password it does not have:
 * the key file is encrypted and pw_mode is DCB_TLS_PW_PROMPT without one. */
bool dcb_tls_config_needs_password(const struct dcb_tls_config *c);

#endif
