/* tls-internal.h — what tls-config.c and transport-tls.c share: the
 * credentials behind the opaque struct dcb_tls_creds.  Not for other
 * modules. */
#ifndef DCB_TLS_INTERNAL_H
#define DCB_TLS_INTERNAL_H

#include <stdbool.h>

#include <gnutls/gnutls.h>

#include "pki.h"
#include "tls-config.h"

struct dcb_tls_creds {
	gnutls_certificate_credentials_t cred;
	gnutls_priority_t prio;
	enum dcb_tls_verify verify;
	enum dcb_tls_profile profile;
	bool server;
	bool have_own;           /* own key and certificate loaded */
	struct dcb_pki_info own; /* the own (leaf) certificate */
	unsigned n_trusted;      /* certificates trusted (+cf, +cd) */
	char priority[512];
};

/* The GnuTLS verification callback installed on every credential. */
int dcb_tls_verify_callback(gnutls_session_t s);

#endif
