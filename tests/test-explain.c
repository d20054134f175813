/* test-explain.c — every line the PDU tree can show has an explanation:
 * PDUs of every type with every item and sub-item, a command with every
 * element of the command table (and a retired and an unknown one), and
 * every prefix of each (truncated lines), walked with the keyed tree. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../src/dimse-int.h"
#include "../src/dimse.h"
#include "../src/explain.h"
#include "../src/pdu-tree.h"
#include "../src/pdu.h"

#define CT "1.2.840.10008.5.1.4.1.1.2"
#define EXPLICIT "1.2.840.10008.1.2.1"

struct seen {
	unsigned lines;
	const char *missing; /* the first line without an explanation */
	char missing_text[256];
	char keys[64][48]; /* distinct keys met */
	unsigned n_keys;
};

static void
check_line(unsigned depth, const char *text, const char *key, void *user)
{
	struct seen *s = user;
	const struct dcb_explain *x = dcb_explain_find(key);

	(void)depth;
	s->lines++;
	if (x == NULL || x->title[0] == '\0' || x->what[0] == '\0' || x->where[0] == '\0') {
		if (s->missing == NULL) {
			s->missing = key != NULL ? key : "(no key)";
			snprintf(s->missing_text, sizeof s->missing_text, "%s", text);
		}
		return;
	}
	for (unsigned i = 0; i < s->n_keys; i++)
		if (strcmp(s->keys[i], key) == 0)
			return;
	if (s->n_keys < 64)
		snprintf(s->keys[s->n_keys++], sizeof s->keys[0], "%s", key);
}

/* Every prefix of the PDU, and the whole: each line explained. */
static void
walk_all(const uint8_t *buf, size_t len, struct seen *s)
{
	for (size_t n = 0; n <= len; n++) {
		dcb_pdu_tree_keyed(buf, n, check_line, s);
		if (s->missing != NULL)
			fail_msg("%zu of %zu bytes: the line \"%s\" (key %s) has no explanation", n, len,
			         s->missing_text, s->missing);
	}
}

static bool
met(const struct seen *s, const char *key)
{
	for (unsigned i = 0; i < s->n_keys; i++)
		if (strcmp(s->keys[i], key) == 0)
			return true;
	return false;
}

static size_t
encode(struct dcb_pdu *p, uint8_t *buf, size_t size)
{
	ssize_t n = dcb_pdu_encode(p, buf, size, NULL);

	assert_true(n > 0);
	return (size_t)n;
}

static void
full_user_info(struct dcb_user_info *u, bool ac)
{
	u->has_max_length = true;
	u->max_length = 16384;
	snprintf(u->impl_class_uid, sizeof u->impl_class_uid, "1.2.3.4");
	snprintf(u->impl_version, sizeof u->impl_version, "DCB_1");
	u->has_async_ops = true;
	u->max_ops_invoked = u->max_ops_performed = 1;
	u->n_roles = 1;
	snprintf(u->roles[0].sop_class, sizeof u->roles[0].sop_class, CT);
	u->roles[0].scu_role = 1;
	u->n_ext_neg = 1;
	snprintf(u->ext_neg[0].sop_class, sizeof u->ext_neg[0].sop_class, CT);
	u->ext_neg[0].info_len = 1;
	u->ext_neg[0].info[0] = 1;
	if (!ac) {
		u->n_common_ext_neg = 1;
		snprintf(u->common_ext_neg[0].sop_class, sizeof u->common_ext_neg[0].sop_class, CT);
		snprintf(u->common_ext_neg[0].service_class,
		         sizeof u->common_ext_neg[0].service_class, "1.2.840.10008.4.2");
		u->common_ext_neg[0].n_related = 1;
		snprintf(u->common_ext_neg[0].related[0], sizeof u->common_ext_neg[0].related[0],
		         "1.2.840.10008.5.1.4.1.1.2.1");
		u->has_identity_rq = true;
		u->identity_rq.type = DCB_IDENTITY_USERNAME_PASSCODE;
		u->identity_rq.primary_len = 5;
		memcpy(u->identity_rq.primary, "alice", 5);
		u->identity_rq.secondary_len = 6;
		memcpy(u->identity_rq.secondary, "secret", 6);
	} else {
		u->has_identity_ac = true;
		u->identity_ac.response_len = 3;
		memcpy(u->identity_ac.response, "tok", 3);
	}
}

static void
associate(void **state)
{
	static const enum dcb_pdu_type types[] = {DCB_PDU_ASSOCIATE_RQ, DCB_PDU_ASSOCIATE_AC};
	uint8_t buf[4096];
	struct seen s = {0};

	(void)state;
	for (size_t k = 0; k < 2; k++) {
		struct dcb_pdu *p = calloc(1, sizeof *p);
		assert_non_null(p);
		dcb_pdu_init(p, types[k]);
		struct dcb_assoc *a = &p->u.assoc;
		snprintf(a->called_ae, sizeof a->called_ae, "PACS");
		snprintf(a->calling_ae, sizeof a->calling_ae, "STORESCU");
		a->n_pctx = 2;
		a->pctx[0].id = 1;
		snprintf(a->pctx[0].abstract_syntax, sizeof a->pctx[0].abstract_syntax, CT);
		a->pctx[0].n_ts = 1;
		snprintf(a->pctx[0].ts[0], sizeof a->pctx[0].ts[0], EXPLICIT);
		a->pctx[1].id = 3;
		a->pctx[1].result = DCB_PCTX_TS_NOT_SUPPORTED;
		if (types[k] == DCB_PDU_ASSOCIATE_RQ) {
			snprintf(a->pctx[1].abstract_syntax, sizeof a->pctx[1].abstract_syntax, CT);
			a->pctx[1].n_ts = 1;
			snprintf(a->pctx[1].ts[0], sizeof a->pctx[1].ts[0], EXPLICIT);
		}
		full_user_info(&a->user, types[k] == DCB_PDU_ASSOCIATE_AC);
		walk_all(buf, encode(p, buf, sizeof buf), &s);
		free(p);
	}
	/* the walk really met every item and sub-item */
	static const char *const want[] = {
	    "pdu-associate-rq", "pdu-associate-ac", "protocol-version", "called-ae-title",
	    "calling-ae-title", "application-context", "presentation-context-rq",
	    "presentation-context-ac", "abstract-syntax", "transfer-syntax", "user-information-rq",
	    "user-information-ac", "maximum-length", "implementation-class-uid",
	    "implementation-version-name", "asynchronous-operations-window", "role-selection",
	    "role-selection-sop-class", "role-selection-roles", "extended-negotiation",
	    "extended-negotiation-sop-class", "service-class-application-information",
	    "common-extended-negotiation", "common-extended-negotiation-sop-class",
	    "service-class-uid", "related-general-sop-class", "user-identity-rq",
	    "user-identity-primary", "user-identity-secondary", "user-identity-ac", "truncated",
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		if (!met(&s, want[i]))
			fail_msg("no line of the A-ASSOCIATE-RQ/AC walk showed %s", want[i]);
}

static void
simple_pdus(void **state)
{
	static const enum dcb_pdu_type types[] = {DCB_PDU_ASSOCIATE_RJ, DCB_PDU_RELEASE_RQ,
	                                          DCB_PDU_RELEASE_RP, DCB_PDU_ABORT};
	uint8_t buf[64];
	struct seen s = {0};

	(void)state;
	for (size_t k = 0; k < sizeof types / sizeof types[0]; k++) {
		struct dcb_pdu p;
		dcb_pdu_init(&p, types[k]);
		if (types[k] == DCB_PDU_ASSOCIATE_RJ) {
			p.u.rj.result = DCB_RJ_PERMANENT;
			p.u.rj.source = DCB_RJ_SOURCE_USER;
			p.u.rj.reason = 7;
		}
		walk_all(buf, encode(&p, buf, sizeof buf), &s);
	}
	/* a type PS3.8 does not define */
	static const uint8_t unknown[] = {0x09, 0, 0, 0, 0, 2, 0, 0};
	walk_all(unknown, sizeof unknown, &s);
	assert_true(met(&s, "reject-result-source-reason"));
	assert_true(met(&s, "abort-source-reason"));
	assert_true(met(&s, "release-reserved"));
	assert_true(met(&s, "pdu-unknown"));
	assert_true(met(&s, "unknown-pdu"));
}

/* put_le16/32: little endian into p. */
static uint8_t *
le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	return p + 2;
}

static uint8_t *
le32(uint8_t *p, uint32_t v)
{
	return le16(le16(p, (uint16_t)v), (uint16_t)(v >> 16));
}

/* A P-DATA-TF with a command PDV holding every element of the command
 * table (values of the right size), a retired and an unknown element,
 * then a data set PDV. */
static void
pdata(void **state)
{
	uint8_t buf[2048], *p = buf + 12; /* PDU header 6, PDV header 6 */
	struct seen s = {0};
	uint16_t extra[] = {0x4000, 0x0777};

	(void)state;
	for (size_t i = 0; i < dcb_dimse_n_elems; i++) {
		const struct dimse_elem *e = &dcb_dimse_elems[i];
		uint32_t n = e->vr == DIMSE_US ? 2 : e->vr == DIMSE_UL || e->vr == DIMSE_AT ? 4 : 8;
		p = le32(le16(le16(p, 0x0000), e->element), n);
		memset(p, e->vr == DIMSE_US || e->vr == DIMSE_UL || e->vr == DIMSE_AT ? 0 : '1', n);
		p += n;
	}
	for (size_t i = 0; i < 2; i++) {
		p = le32(le16(le16(p, 0x0000), extra[i]), 2);
		p = le16(p, 0);
	}
	size_t cmd_len = (size_t)(p - (buf + 12));
	/* the data set PDV */
	uint8_t *d = p;
	d[0] = d[1] = d[2] = 0;
	d[3] = 6;
	d[4] = 1;
	d[5] = 0x02; /* data, last */
	memset(d + 6, 0, 4);
	p = d + 10;
	size_t total = (size_t)(p - buf);
	buf[0] = DCB_PDU_P_DATA_TF;
	buf[1] = 0;
	buf[2] = (uint8_t)((total - 6) >> 24);
	buf[3] = (uint8_t)((total - 6) >> 16);
	buf[4] = (uint8_t)((total - 6) >> 8);
	buf[5] = (uint8_t)(total - 6);
	size_t pdv = cmd_len + 2;
	buf[6] = (uint8_t)(pdv >> 24);
	buf[7] = (uint8_t)(pdv >> 16);
	buf[8] = (uint8_t)(pdv >> 8);
	buf[9] = (uint8_t)pdv;
	buf[10] = 1;
	buf[11] = 0x03; /* command, last */
	walk_all(buf, total, &s);
	for (size_t i = 0; i < dcb_dimse_n_elems; i++) {
		char key[16];
		snprintf(key, sizeof key, "cmd-0000-%04x", dcb_dimse_elems[i].element);
		if (!met(&s, key))
			fail_msg("command element (0000,%04x) was not explained",
			         dcb_dimse_elems[i].element);
	}
	assert_true(met(&s, "cmd-retired"));
	assert_true(met(&s, "cmd-unknown"));
	assert_true(met(&s, "pdv"));
	assert_true(met(&s, "pdu-p-data-tf"));
}

/* Hostile bytes: lengths that over-run their parents give lines that are
 * explained too. */
static void
malformed(void **state)
{
	struct seen s = {0};
	/* an A-ASSOCIATE-RQ whose first item claims more than the PDU holds */
	uint8_t rq[74 + 8] = {0x01, 0, 0, 0, 0, 74 + 2, 0, 1};
	rq[74] = 0x10;
	rq[76] = 0x40;
	walk_all(rq, sizeof rq, &s);
	/* a P-DATA-TF whose PDV claims a length of 1 */
	static const uint8_t pd[] = {0x04, 0, 0, 0, 0, 6, 0, 0, 0, 1, 1, 3};
	walk_all(pd, sizeof pd, &s);
	/* a command fragment with an element of another group */
	static const uint8_t og[] = {0x04, 0, 0, 0, 0, 14, 0, 0, 0, 10, 1, 3,
	                             0x08, 0, 0x16, 0, 0, 0, 0, 0};
	walk_all(og, sizeof og, &s);
	assert_true(met(&s, "malformed"));
	assert_true(met(&s, "not-command-element"));
}

/* The table: keys unique, every text there. */
static void
table(void **state)
{
	unsigned n;
	const struct dcb_explain *t = dcb_explain_table(&n);

	(void)state;
	assert_true(n > 60);
	for (unsigned i = 0; i < n; i++) {
		assert_true(t[i].title[0] != '\0' && t[i].what[0] != '\0' && t[i].where[0] != '\0');
		for (unsigned j = i + 1; j < n; j++)
			if (strcmp(t[i].key, t[j].key) == 0)
				fail_msg("key %s twice in the table", t[i].key);
	}
	assert_null(dcb_explain_find(NULL));
	assert_null(dcb_explain_find("no-such-field"));
	assert_string_equal(dcb_explain_command_key(0x00000900), "cmd-0000-0900");
	assert_string_equal(dcb_explain_command_key(0x00080016), "not-command-element");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(associate), cmocka_unit_test(simple_pdus), cmocka_unit_test(pdata),
	    cmocka_unit_test(malformed), cmocka_unit_test(table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
