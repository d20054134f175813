/* test-aetable.c — the AE table and dcmqrscp.cfg. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "../src/aetable.h"
#include "../src/qr-config.h"

static void
peer_specs_parse(void **state)
{
	struct dcb_peer p;
	char out[300];

	(void)state;
	assert_int_equal(dcb_peer_parse("PACS@127.0.0.1:11112", &p, NULL), 0);
	assert_string_equal(p.ae, "PACS");
	assert_string_equal(p.host, "127.0.0.1");
	assert_int_equal(p.port, 11112);
	assert_false(p.tls);
	assert_int_equal(dcb_peer_parse("MOD 1@[::1]:2762+tls", &p, NULL), 0);
	assert_string_equal(p.ae, "MOD 1");
	assert_string_equal(p.host, "::1");
	assert_int_equal(p.port, 2762);
	assert_true(p.tls);
	dcb_peer_format(&p, out, sizeof out);
	assert_string_equal(out, "MOD 1@[::1]:2762+tls");
}

static void
bad_peer_specs_say_how_to_write_one(void **state)
{
	const char *bad[] = {"PACS", "PACS@host", "PACS@host:0", "PACS@host:70000",
	                     "@host:104", "THIS_AE_IS_TOO_LONG@h:1", "PACS@:104",
	                     "PACS@h:104+ssl", "PA\\CS@h:104", "PACS@h:104+TLS",
	                     "PACS@h:104 +tls", "PACS@h:104+tls+tls", "PACS@h:104tls",
	                     "PACS@h:+tls"};
	struct dcb_error err;
	struct dcb_peer p;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		memset(&err, 0, sizeof err);
		assert_int_equal(dcb_peer_parse(bad[i], &p, &err), DCB_ERR_USAGE);
		assert_true(err.message[0] != '\0');
	}
	dcb_peer_parse("PACS@host", &p, &err);
	assert_non_null(strstr(err.message, "AE@HOST:PORT"));
}

static void
table_puts_replaces_finds_removes(void **state)
{
	struct dcb_ae_table t;
	struct dcb_peer p;

	(void)state;
	dcb_ae_table_init(&t);
	for (int i = 0; i < 20; i++) {
		char spec[64];
		snprintf(spec, sizeof spec, "AE%d@127.0.0.1:%d", i, 1000 + i);
		assert_int_equal(dcb_peer_parse(spec, &p, NULL), 0);
		assert_int_equal(dcb_ae_table_put(&t, &p, NULL), 0);
	}
	assert_int_equal(t.n, 20);
	assert_int_equal(dcb_peer_parse("AE7@localhost:7777", &p, NULL), 0);
	assert_int_equal(dcb_ae_table_put(&t, &p, NULL), 0);
	assert_int_equal(t.n, 20);
	assert_int_equal(dcb_ae_table_find(&t, " AE7 ")->port, 7777);
	assert_false(dcb_ae_table_find(&t, "AE7")->tls);
	/* the same AE title again with +tls: its entry now says TLS */
	assert_int_equal(dcb_peer_parse("AE7@localhost:7777+tls", &p, NULL), 0);
	assert_int_equal(dcb_ae_table_put(&t, &p, NULL), 0);
	assert_int_equal(t.n, 20);
	assert_true(dcb_ae_table_find(&t, "AE7")->tls);
	assert_false(dcb_ae_table_find(&t, "AE6")->tls);
	assert_null(dcb_ae_table_find(&t, "ae7")); /* AE titles are case-sensitive */
	assert_true(dcb_ae_table_remove(&t, "AE7"));
	assert_false(dcb_ae_table_remove(&t, "AE7"));
	assert_null(dcb_ae_table_find(&t, "AE7"));
	assert_int_equal(dcb_ae_table_find(&t, "AE19")->port, 1019);
	dcb_ae_table_clear(&t);
}

static const char sample_cfg[] =
    "# dcmqrscp.cfg as people write it\n"
    "NetworkTCPPort  = 11112\n"
    "MaxPDUSize      = 32768\n"
    "MaxAssociations = 20\n"
    "UserName = dcmtk\n"
    "HostTable BEGIN\n"
    "acme1           = (ACME1, 127.0.0.1, 5678)\n"
    "acme2           = (ACME2, localhost, 5679)   # a comment\n"
    "acmeCTcompany   = acme1, acme2\n"
    "viewer = (VIEWER, ::1, 104), (VIEWER2, 127.0.0.1, 105)\n"
    "HostTable END\n"
    "VendorTable BEGIN\n"
    "\"Acme CT Company\"   = acmeCTcompany\n"
    "VendorTable END\n"
    "AETable BEGIN\n"
    "COMMON   /tmp/COMMON   RW (200, 1024mb)  ANY\n"
    "ACME_STORE \"/tmp/acme store\" R (9, 10kb) acmeCTcompany\n"
    "VIEW /tmp/view W (1, 5) (127.0.0.1, INLINE, 4000), viewer\n"
    "AETable END\n";

static void
dcmqrscp_cfg_reads(void **state)
{
	struct dcb_qr_config c;
	const struct dcb_qr_area *a;

	(void)state;
	assert_int_equal(dcb_qr_config_parse(sample_cfg, "test.cfg", &c, NULL), 0);
	assert_int_equal(c.port, 11112);
	assert_int_equal(c.max_pdu, 32768);
	assert_int_equal(c.max_associations, 20);
	assert_int_equal(c.hosts.n, 4);
	assert_int_equal(dcb_ae_table_find(&c.hosts, "ACME2")->port, 5679);
	assert_string_equal(dcb_ae_table_find(&c.hosts, "VIEWER")->host, "::1");
	assert_int_equal(c.n_areas, 3);
	a = dcb_qr_config_area(&c, "COMMON");
	assert_non_null(a);
	assert_true(a->readable && a->writable && a->any_peer);
	assert_int_equal(a->max_studies, 200);
	assert_true(a->max_bytes_per_study == 1024ull << 20);
	assert_true(dcb_qr_area_serves(a, "ANYBODY"));
	a = dcb_qr_config_area(&c, "ACME_STORE");
	assert_string_equal(a->dir, "/tmp/acme store");
	assert_true(a->readable && !a->writable);
	assert_true(a->max_bytes_per_study == 10 << 10);
	assert_true(dcb_qr_area_serves(a, "ACME1"));
	assert_true(dcb_qr_area_serves(a, "ACME2"));
	assert_false(dcb_qr_area_serves(a, "VIEWER"));
	a = dcb_qr_config_area(&c, "VIEW");
	assert_true(!a->readable && a->writable);
	assert_int_equal(a->n_peers, 3);
	assert_true(dcb_qr_area_serves(a, "INLINE"));
	assert_true(dcb_qr_area_serves(a, "VIEWER2"));
	assert_null(dcb_qr_config_area(&c, "NOPE"));
	dcb_qr_config_clear(&c);
}

static void
dcmqrscp_cfg_errors_name_the_line(void **state)
{
	static const struct {
		const char *text, *want;
	} cases[] = {
	    {"HostTable BEGIN\nx = (A, h, notaport)\nHostTable END\n", "line 2"},
	    {"HostTable BEGIN\nx = nothere\nHostTable END\n", "nothere"},
	    {"AETable BEGIN\nA /tmp RX (1, 1mb) ANY\nAETable END\n", "RX"},
	    {"AETable BEGIN\nA /tmp R (1, 1tb) ANY\nAETable END\n", "line 2"},
	    {"AETable BEGIN\nA /tmp R (1, 1mb) ANY\nA /tmp2 R (1, 1mb) ANY\nAETable END\n",
	     "line 3"},
	    {"AETable BEGIN\nA /tmp R (1, 1mb) unknowngroup\nAETable END\n", "unknowngroup"},
	    {"AETable BEGIN\nA /tmp R (1, 1mb) ANY\n", "END"},
	    {"MaxPDUSize = lots\n", "lots"},
	};
	struct dcb_qr_config c;
	struct dcb_error err;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		memset(&err, 0, sizeof err);
		assert_true(dcb_qr_config_parse(cases[i].text, "t.cfg", &c, &err) < 0);
		if (strstr(err.message, cases[i].want) == NULL)
			fail_msg("case %zu: '%s' lacks '%s'", i, err.message, cases[i].want);
		dcb_qr_config_clear(&c);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(peer_specs_parse),
	    cmocka_unit_test(bad_peer_specs_say_how_to_write_one),
	    cmocka_unit_test(table_puts_replaces_finds_removes),
	    cmocka_unit_test(dcmqrscp_cfg_reads),
	    cmocka_unit_test(dcmqrscp_cfg_errors_name_the_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
