/* test-pki.c — CA, certificates, keys, describe and verify. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "../src/pki.h"

struct fx {
	char dir[64];
	gnutls_x509_privkey_t ca_key;
	gnutls_x509_crt_t ca;
};

static int
setup(void **state)
{
	struct fx *fx = calloc(1, sizeof *fx);
	struct dcb_pki_opts o;

	assert_non_null(fx);
	snprintf(fx->dir, sizeof fx->dir, "/tmp/dcb-pki-XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	dcb_pki_opts_init(&o, true);
	o.key_type = DCB_KEY_ECDSA;
	o.subject.cn = "Test CA";
	o.subject.o = "dicombench";
	assert_int_equal(dcb_pki_make(&o, NULL, NULL, &fx->ca_key, &fx->ca, NULL), 0);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *fx = *state;
	char cmd[128];

	gnutls_x509_crt_deinit(fx->ca);
	gnutls_x509_privkey_deinit(fx->ca_key);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
	assert_int_equal(system(cmd), 0);
	free(fx);
	return 0;
}

static void
leaf(struct fx *fx, struct dcb_pki_opts *o, gnutls_x509_privkey_t *key, gnutls_x509_crt_t *crt)
{
	struct dcb_error err = {0};
	int rc = dcb_pki_make(o, fx->ca, fx->ca_key, key, crt, &err);

	if (rc != 0)
		fail_msg("dcb_pki_make: %s", err.message);
}

static void
ca_and_leaf_have_the_right_extensions(void **state)
{
	struct fx *fx = *state;
	struct dcb_pki_opts o;
	struct dcb_pki_info in;
	gnutls_x509_privkey_t key;
	gnutls_x509_crt_t crt;
	char text[2048];

	assert_int_equal(dcb_pki_info(fx->ca, &in, NULL), 0);
	assert_true(in.ca);
	assert_true(in.self_signed);
	assert_string_equal(in.subject, "CN=Test CA,O=dicombench");
	assert_string_equal(in.usage, "keyCertSign, cRLSign");
	assert_true(in.t_not_after - in.t_not_before == 730 * 86400);
	assert_string_equal(in.key, "ECDSA SECP256R1");

	dcb_pki_opts_init(&o, false);
	o.key_type = DCB_KEY_ECDSA;
	o.subject.cn = "node1";
	leaf(fx, &o, &key, &crt);
	assert_int_equal(dcb_pki_info(crt, &in, NULL), 0);
	assert_false(in.ca);
	assert_false(in.self_signed);
	assert_string_equal(in.issuer, "CN=Test CA,O=dicombench");
	assert_string_equal(in.san, "DNS:localhost, IP:127.0.0.1, IP:::1");
	assert_string_equal(in.usage, "digitalSignature; serverAuth, clientAuth");
	assert_int_equal(strlen(in.fingerprint), 32 * 3 - 1);
	assert_int_equal(strlen(in.serial), 32);
	assert_int_equal(dcb_pki_key_matches(crt, key, "c", "k", NULL), 0);

	dcb_pki_describe(crt, 2, text, sizeof text);
	assert_non_null(strstr(text, "  Subject:     CN=node1\n"));
	assert_non_null(strstr(text, "Names (SAN): DNS:localhost, IP:127.0.0.1, IP:::1\n"));
	assert_non_null(strstr(text, in.fingerprint));
	assert_non_null(strstr(text, "CA:          no\n"));
	assert_int_equal(dcb_pki_verify(&crt, 1, &fx->ca, 1, DCB_PKI_SERVER, NULL), 0);
	assert_int_equal(dcb_pki_verify(&crt, 1, &fx->ca, 1, DCB_PKI_CLIENT, NULL), 0);
	gnutls_x509_crt_deinit(crt);
	gnutls_x509_privkey_deinit(key);
}

static void
rsa_and_sans_and_usage(void **state)
{
	struct fx *fx = *state;
	struct dcb_pki_opts o;
	struct dcb_pki_info in;
	struct dcb_error err = {0};
	gnutls_x509_privkey_t key;
	gnutls_x509_crt_t crt;

	dcb_pki_opts_init(&o, false);
	o.san[o.n_san++] = "DNS:pacs.example.org";
	o.san[o.n_san++] = "IP:10.1.2.3";
	o.usage = DCB_PKI_SERVER;
	o.days = 10;
	leaf(fx, &o, &key, &crt);
	if (dcb_pki_info(crt, &in, &err) != 0)
		fail_msg("%s", err.message);
	assert_string_equal(in.key, "RSA 2048 bits");
	assert_string_equal(in.san, "DNS:pacs.example.org, IP:10.1.2.3");
	assert_string_equal(in.usage, "digitalSignature, keyEncipherment; serverAuth");
	assert_true(in.t_not_after - in.t_not_before == 10 * 86400);
	if (dcb_pki_verify(&crt, 1, &fx->ca, 1, DCB_PKI_SERVER, &err) != 0)
		fail_msg("%s", err.message);
	assert_int_equal(dcb_pki_verify(&crt, 1, &fx->ca, 1, DCB_PKI_CLIENT, &err), DCB_ERR_TLS);
	assert_non_null(strstr(err.message, "not made for this use"));
	gnutls_x509_crt_deinit(crt);
	gnutls_x509_privkey_deinit(key);

	o.san[0] = "URI:x";
	o.n_san = 1;
	assert_int_equal(dcb_pki_make(&o, fx->ca, fx->ca_key, &key, &crt, &err), DCB_ERR_USAGE);
	assert_non_null(strstr(err.message, "DNS: or IP:"));
	o.san[0] = "IP:localhost";
	assert_int_equal(dcb_pki_make(&o, fx->ca, fx->ca_key, &key, &crt, &err), DCB_ERR_USAGE);
	o.n_san = 0;
	o.bits = 1024;
	assert_int_equal(dcb_pki_make(&o, fx->ca, fx->ca_key, &key, &crt, &err), DCB_ERR_USAGE);
	assert_non_null(strstr(err.message, "2048"));
}

static void
only_a_ca_signs(void **state)
{
	struct fx *fx = *state;
	struct dcb_pki_opts o;
	struct dcb_error err = {0};
	gnutls_x509_privkey_t key, key2;
	gnutls_x509_crt_t crt, crt2;

	dcb_pki_opts_init(&o, false);
	o.key_type = DCB_KEY_ECDSA;
	leaf(fx, &o, &key, &crt);
	assert_int_equal(dcb_pki_make(&o, crt, key, &key2, &crt2, &err), DCB_ERR_USAGE);
	assert_non_null(strstr(err.message, "not a CA"));
	assert_int_equal(dcb_pki_make(&o, NULL, NULL, &key2, &crt2, &err), DCB_ERR_USAGE);
	/* a CA certificate with somebody else's key */
	assert_int_equal(dcb_pki_make(&o, fx->ca, key, &key2, &crt2, &err), DCB_ERR_USAGE);
	assert_non_null(strstr(err.message, "does not belong"));
	gnutls_x509_crt_deinit(crt);
	gnutls_x509_privkey_deinit(key);
}

static void
verify_explains_wrong_ca_and_dates(void **state)
{
	struct fx *fx = *state;
	struct dcb_pki_opts o;
	struct dcb_error err = {0};
	gnutls_x509_privkey_t key, other_key;
	gnutls_x509_crt_t crt, other;

	dcb_pki_opts_init(&o, true);
	o.key_type = DCB_KEY_ECDSA;
	o.subject.cn = "Other CA";
	assert_int_equal(dcb_pki_make(&o, NULL, NULL, &other_key, &other, NULL), 0);

	dcb_pki_opts_init(&o, false);
	o.key_type = DCB_KEY_ECDSA;
	o.subject.cn = "node";
	leaf(fx, &o, &key, &crt);
	assert_int_equal(dcb_pki_verify(&crt, 1, &other, 1, 0, &err), DCB_ERR_TLS);
	assert_non_null(strstr(err.message, "'CN=Test CA,O=dicombench' is not trusted"));
	assert_non_null(strstr(err.message, "+cf"));
	gnutls_x509_crt_deinit(crt);
	gnutls_x509_privkey_deinit(key);

	o.start_offset = -10 * 86400;
	o.days = 5;
	leaf(fx, &o, &key, &crt);
	assert_int_equal(dcb_pki_verify(&crt, 1, &fx->ca, 1, 0, &err), DCB_ERR_TLS);
	assert_non_null(strstr(err.message, "'CN=node' expired on"));
	gnutls_x509_crt_deinit(crt);
	gnutls_x509_privkey_deinit(key);

	o.start_offset = 5 * 86400;
	leaf(fx, &o, &key, &crt);
	assert_int_equal(dcb_pki_verify(&crt, 1, &fx->ca, 1, 0, &err), DCB_ERR_TLS);
	assert_non_null(strstr(err.message, "'CN=node' is not valid before"));
	assert_non_null(strstr(err.message, "clocks"));
	gnutls_x509_crt_deinit(crt);
	gnutls_x509_privkey_deinit(key);
	gnutls_x509_crt_deinit(other);
	gnutls_x509_privkey_deinit(other_key);
}

static void
intermediate_chain_verifies(void **state)
{
	struct fx *fx = *state;
	struct dcb_pki_opts o;
	struct dcb_error err = {0};
	gnutls_x509_privkey_t ikey, key;
	gnutls_x509_crt_t chain[2];
	gnutls_x509_crt_t *loaded = NULL;
	unsigned n = 0;
	char path[128];

	dcb_pki_opts_init(&o, true);
	o.key_type = DCB_KEY_ECDSA;
	o.subject.cn = "Intermediate";
	o.path_len = 0;
	leaf(fx, &o, &ikey, &chain[1]);
	dcb_pki_opts_init(&o, false);
	o.key_type = DCB_KEY_ECDSA;
	o.subject.cn = "server";
	assert_int_equal(dcb_pki_make(&o, chain[1], ikey, &key, &chain[0], &err), 0);
	assert_int_equal(dcb_pki_verify(chain, 2, &fx->ca, 1, DCB_PKI_SERVER, &err), 0);
	/* without the intermediate the issuer is unknown, and it is named */
	assert_int_equal(dcb_pki_verify(chain, 1, &fx->ca, 1, 0, &err), DCB_ERR_TLS);
	assert_non_null(strstr(err.message, "'CN=Intermediate' is not trusted"));

	snprintf(path, sizeof path, "%s/chain.pem", fx->dir);
	assert_int_equal(dcb_pki_write_certs(path, chain, 2, &err), 0);
	assert_int_equal(dcb_pki_load_certs(path, &loaded, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(gnutls_x509_crt_equals(loaded[0], chain[0]), 1);
	assert_int_equal(gnutls_x509_crt_equals(loaded[1], chain[1]), 1);
	dcb_pki_certs_free(loaded, n);
	gnutls_x509_crt_deinit(chain[0]);
	gnutls_x509_crt_deinit(chain[1]);
	gnutls_x509_privkey_deinit(key);
	gnutls_x509_privkey_deinit(ikey);
}

static void
keys_round_trip_plain_and_encrypted(void **state)
{
	struct fx *fx = *state;
	struct dcb_error err = {0};
	gnutls_x509_privkey_t key;
	char path[128];
	struct stat st;

	snprintf(path, sizeof path, "%s/key.pem", fx->dir);
	assert_int_equal(dcb_pki_write_key(path, fx->ca_key, NULL, &err), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(dcb_pki_load_key(path, NULL, &key, &err), 0);
	assert_int_equal(dcb_pki_key_matches(fx->ca, key, "c", "k", &err), 0);
	gnutls_x509_privkey_deinit(key);

	chmod(path, 0644);
	assert_int_equal(dcb_pki_write_key(path, fx->ca_key, "s3cret", &err), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(dcb_pki_load_key(path, NULL, &key, &err), DCB_ERR_USAGE);
	assert_non_null(strstr(err.message, "encrypted"));
	assert_int_equal(dcb_pki_load_key(path, "wrong", &key, &err), DCB_ERR_USAGE);
	assert_non_null(strstr(err.message, "wrong password"));
	assert_int_equal(dcb_pki_load_key(path, "s3cret", &key, &err), 0);
	assert_int_equal(dcb_pki_key_matches(fx->ca, key, "c", "k", &err), 0);
	gnutls_x509_privkey_deinit(key);
}

static void
der_and_garbage(void **state)
{
	struct fx *fx = *state;
	struct dcb_error err = {0};
	gnutls_datum_t d;
	gnutls_x509_privkey_t key;
	gnutls_x509_crt_t *list;
	unsigned n;
	static const uint8_t junk[] =
	    "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";

	assert_int_equal(gnutls_x509_crt_export2(fx->ca, GNUTLS_X509_FMT_DER, &d), 0);
	assert_int_equal(dcb_pki_load_certs_mem(d.data, d.size, &list, &n, &err), 0);
	assert_int_equal(n, 1);
	dcb_pki_certs_free(list, n);
	/* cut short */
	assert_int_equal(dcb_pki_load_certs_mem(d.data, d.size / 2, &list, &n, &err),
	                 DCB_ERR_MALFORMED);
	gnutls_free(d.data);

	assert_int_equal(gnutls_x509_privkey_export2(fx->ca_key, GNUTLS_X509_FMT_DER, &d), 0);
	assert_int_equal(dcb_pki_load_key_mem(d.data, d.size, NULL, &key, &err), 0);
	assert_int_equal(dcb_pki_key_matches(fx->ca, key, "c", "k", &err), 0);
	gnutls_x509_privkey_deinit(key);
	gnutls_free(d.data);

	assert_int_equal(dcb_pki_load_certs_mem(junk, sizeof junk - 1, &list, &n, &err),
	                 DCB_ERR_MALFORMED);
	assert_int_equal(dcb_pki_load_key_mem(junk, sizeof junk - 1, NULL, &key, &err),
	                 DCB_ERR_MALFORMED);
	assert_int_equal(dcb_pki_load_certs("/nonexistent/x.pem", &list, &n, &err), DCB_ERR_IO);
	assert_non_null(strstr(err.message, "/nonexistent/x.pem"));
}

static void
key_mismatch_names_both(void **state)
{
	struct fx *fx = *state;
	struct dcb_pki_opts o;
	struct dcb_error err = {0};
	gnutls_x509_privkey_t key;
	gnutls_x509_crt_t crt;

	dcb_pki_opts_init(&o, false);
	o.key_type = DCB_KEY_ECDSA;
	o.subject.cn = "one";
	leaf(fx, &o, &key, &crt);
	assert_int_equal(dcb_pki_key_matches(crt, fx->ca_key, "cert1", "key2", &err),
	                 DCB_ERR_USAGE);
	assert_non_null(strstr(err.message, "key2"));
	assert_non_null(strstr(err.message, "cert1"));
	assert_non_null(strstr(err.message, "CN=one"));
	gnutls_x509_crt_deinit(crt);
	gnutls_x509_privkey_deinit(key);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(ca_and_leaf_have_the_right_extensions),
	    cmocka_unit_test(rsa_and_sans_and_usage),
	    cmocka_unit_test(only_a_ca_signs),
	    cmocka_unit_test(verify_explains_wrong_ca_and_dates),
	    cmocka_unit_test(intermediate_chain_verifies),
	    cmocka_unit_test(keys_round_trip_plain_and_encrypted),
	    cmocka_unit_test(der_and_garbage),
	    cmocka_unit_test(key_mismatch_names_both),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
