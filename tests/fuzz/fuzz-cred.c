/* fuzz-cred.c — libFuzzer target for credential loading: the bytes are
 * read as a certificate list (PEM or DER) and as a private key, and every
 * certificate found is described, as 'dicombench ca show' and the TLS
 * credentials do. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "../../src/pki.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	gnutls_x509_crt_t *list = NULL;
	gnutls_x509_privkey_t key;
	unsigned n = 0;
	char text[4096];

	if (dcb_pki_load_certs_mem(data, size, &list, &n, NULL) == 0) {
		for (unsigned i = 0; i < n; i++)
			dcb_pki_describe(list[i], 2, text, sizeof text);
		dcb_pki_explain_status(0xffffffffu, list, n, "fuzz", 0, text, sizeof text);
		if (dcb_pki_load_key_mem(data, size, NULL, &key, NULL) == 0) {
			dcb_pki_key_matches(list[0], key, "c", "k", NULL);
			gnutls_x509_privkey_deinit(key);
		}
		dcb_pki_certs_free(list, n);
	} else if (dcb_pki_load_key_mem(data, size, NULL, &key, NULL) == 0) {
		gnutls_x509_privkey_deinit(key);
	}
	return 0;
}
