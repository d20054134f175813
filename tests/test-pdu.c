/* test-pdu.c — PDU encode/decode round trips, hostile input, the reader. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../src/pdu.h"

#define CT "1.2.840.10008.5.1.4.1.1.2"
#define MR "1.2.840.10008.5.1.4.1.1.4"
#define ELE "1.2.840.10008.1.2.1"
#define ILE "1.2.840.10008.1.2"

static struct dcb_pdu *
new_pdu(void)
{
	struct dcb_pdu *p = calloc(1, sizeof *p);

	assert_non_null(p);
	return p;
}

/* An RQ with every item and sub-item the codec knows. */
static void
full_rq(struct dcb_pdu *p)
{
	struct dcb_assoc *a = &p->u.assoc;
	struct dcb_user_info *u = &a->user;

	dcb_pdu_init(p, DCB_PDU_ASSOCIATE_RQ);
	strcpy(a->called_ae, "PACS");
	strcpy(a->calling_ae, "STORESCU");
	a->n_pctx = 3;
	a->pctx[0].id = 1;
	strcpy(a->pctx[0].abstract_syntax, CT);
	a->pctx[0].n_ts = 2;
	strcpy(a->pctx[0].ts[0], ELE);
	strcpy(a->pctx[0].ts[1], ILE);
	a->pctx[1].id = 3;
	strcpy(a->pctx[1].abstract_syntax, MR);
	a->pctx[1].n_ts = 1;
	strcpy(a->pctx[1].ts[0], ILE);
	a->pctx[2].id = 5;
	strcpy(a->pctx[2].abstract_syntax, "1.2.840.10008.1.1");
	a->pctx[2].n_ts = 1;
	strcpy(a->pctx[2].ts[0], ILE);
	u->max_length = 16384;
	strcpy(u->impl_class_uid, "2.25.123456789012345678901234567890");
	strcpy(u->impl_version, "DICOMBENCH_01");
	u->has_async_ops = true;
	u->max_ops_invoked = 3;
	u->max_ops_performed = 2;
	u->n_roles = 2;
	strcpy(u->roles[0].sop_class, CT);
	u->roles[0].scu_role = 1;
	u->roles[0].scp_role = 0;
	strcpy(u->roles[1].sop_class, MR);
	u->roles[1].scu_role = 1;
	u->roles[1].scp_role = 1;
	u->n_ext_neg = 1;
	strcpy(u->ext_neg[0].sop_class, CT);
	u->ext_neg[0].info_len = 3;
	memcpy(u->ext_neg[0].info, "\x01\x00\x01", 3);
	u->n_common_ext_neg = 1;
	strcpy(u->common_ext_neg[0].sop_class, "1.2.840.10008.5.1.4.1.1.88.22");
	strcpy(u->common_ext_neg[0].service_class, "1.2.840.10008.4.2");
	u->common_ext_neg[0].n_related = 2;
	strcpy(u->common_ext_neg[0].related[0], "1.2.840.10008.5.1.4.1.1.88.11");
	strcpy(u->common_ext_neg[0].related[1], "1.2.840.10008.5.1.4.1.1.88.33");
	u->has_identity_rq = true;
	u->identity_rq.type = DCB_IDENTITY_USERNAME_PASSCODE;
	u->identity_rq.positive_response_requested = 1;
	u->identity_rq.primary_len = 5;
	memcpy(u->identity_rq.primary, "alice", 5);
	u->identity_rq.secondary_len = 6;
	memcpy(u->identity_rq.secondary, "secret", 6);
}

static uint8_t *
encode_new(const struct dcb_pdu *p, size_t *len)
{
	struct dcb_error err;
	ssize_t n = dcb_pdu_encoded_size(p, &err);
	uint8_t *buf;

	assert_true(n > 0);
	buf = malloc((size_t)n);
	assert_non_null(buf);
	assert_int_equal(dcb_pdu_encode(p, buf, (size_t)n, &err), n);
	*len = (size_t)n;
	return buf;
}

static void
rq_round_trip_every_item(void **state)
{
	struct dcb_pdu *p = new_pdu(), *q = new_pdu();
	struct dcb_error err;
	uint8_t *buf, *again;
	size_t len, len2;

	full_rq(p);
	buf = encode_new(p, &len);
	assert_int_equal(buf[0], 0x01);
	assert_memory_equal(buf + 10, "PACS            ", 16);
	assert_int_equal(dcb_pdu_decode(buf, len, q, &err), 0);
	assert_int_equal(q->n_notes, 0);
	assert_int_equal(q->length, len - 6);
	assert_string_equal(q->u.assoc.called_ae, "PACS");
	assert_string_equal(q->u.assoc.calling_ae, "STORESCU");
	assert_string_equal(q->u.assoc.app_context, DCB_APP_CONTEXT_UID);
	assert_int_equal(q->u.assoc.n_pctx, 3);
	assert_int_equal(q->u.assoc.pctx[0].n_ts, 2);
	assert_string_equal(q->u.assoc.pctx[0].ts[1], ILE);
	assert_string_equal(q->u.assoc.pctx[1].abstract_syntax, MR);
	assert_int_equal(q->u.assoc.pctx[2].id, 5);
	assert_true(q->u.assoc.user.has_max_length);
	assert_int_equal(q->u.assoc.user.max_length, 16384);
	assert_string_equal(q->u.assoc.user.impl_version, "DICOMBENCH_01");
	assert_int_equal(q->u.assoc.user.max_ops_invoked, 3);
	assert_int_equal(q->u.assoc.user.max_ops_performed, 2);
	assert_int_equal(q->u.assoc.user.n_roles, 2);
	assert_int_equal(q->u.assoc.user.roles[1].scp_role, 1);
	assert_int_equal(q->u.assoc.user.ext_neg[0].info_len, 3);
	assert_memory_equal(q->u.assoc.user.ext_neg[0].info, "\x01\x00\x01", 3);
	assert_int_equal(q->u.assoc.user.common_ext_neg[0].n_related, 2);
	assert_string_equal(q->u.assoc.user.common_ext_neg[0].related[1],
	                    "1.2.840.10008.5.1.4.1.1.88.33");
	assert_true(q->u.assoc.user.has_identity_rq);
	assert_memory_equal(q->u.assoc.user.identity_rq.secondary, "secret", 6);
	/* Encoding the decoded PDU gives the same bytes. */
	again = encode_new(q, &len2);
	assert_int_equal(len, len2);
	assert_memory_equal(buf, again, len);
	free(again);
	free(buf);
	free(p);
	free(q);
}

static void
ac_rj_release_abort_round_trip(void **state)
{
	struct dcb_pdu *p = new_pdu(), *q = new_pdu();
	struct dcb_error err;
	uint8_t *buf, small[16];
	size_t len;

	dcb_pdu_init(p, DCB_PDU_ASSOCIATE_AC);
	strcpy(p->u.assoc.called_ae, "PACS");
	strcpy(p->u.assoc.calling_ae, "SCU");
	p->u.assoc.n_pctx = 2;
	p->u.assoc.pctx[0].id = 1;
	p->u.assoc.pctx[0].n_ts = 1;
	strcpy(p->u.assoc.pctx[0].ts[0], ELE);
	p->u.assoc.pctx[1].id = 3;
	p->u.assoc.pctx[1].result = DCB_PCTX_ABSTRACT_NOT_SUPPORTED;
	p->u.assoc.pctx[1].n_ts = 1;
	strcpy(p->u.assoc.pctx[1].ts[0], ILE);
	strcpy(p->u.assoc.user.impl_class_uid, "2.25.1");
	p->u.assoc.user.has_identity_ac = true;
	p->u.assoc.user.identity_ac.response_len = 4;
	memcpy(p->u.assoc.user.identity_ac.response, "tokn", 4);
	buf = encode_new(p, &len);
	assert_int_equal(dcb_pdu_decode(buf, len, q, &err), 0);
	assert_int_equal(q->type, DCB_PDU_ASSOCIATE_AC);
	assert_int_equal(q->u.assoc.pctx[1].result, DCB_PCTX_ABSTRACT_NOT_SUPPORTED);
	assert_string_equal(q->u.assoc.pctx[0].ts[0], ELE);
	assert_int_equal(q->u.assoc.user.identity_ac.response_len, 4);
	free(buf);

	dcb_pdu_init(p, DCB_PDU_ASSOCIATE_RJ);
	p->u.rj = (struct dcb_assoc_rj){DCB_RJ_TRANSIENT, DCB_RJ_SOURCE_USER, 7};
	assert_int_equal(dcb_pdu_encode(p, small, sizeof small, &err), 10);
	assert_memory_equal(small, "\x03\x00\x00\x00\x00\x04\x00\x02\x01\x07", 10);
	assert_int_equal(dcb_pdu_decode(small, 10, q, &err), 0);
	assert_int_equal(q->u.rj.reason, 7);
	assert_int_equal(q->u.rj.result, DCB_RJ_TRANSIENT);

	for (int t = DCB_PDU_RELEASE_RQ; t <= DCB_PDU_RELEASE_RP; t++) {
		dcb_pdu_init(p, t);
		assert_int_equal(dcb_pdu_encode(p, small, sizeof small, &err), 10);
		assert_int_equal(dcb_pdu_decode(small, 10, q, &err), 0);
		assert_int_equal(q->type, t);
	}

	dcb_pdu_init(p, DCB_PDU_ABORT);
	p->u.abort = (struct dcb_abort){DCB_ABORT_SOURCE_PROVIDER, DCB_ABORT_UNEXPECTED_PDU};
	assert_int_equal(dcb_pdu_encode(p, small, sizeof small, &err), 10);
	assert_int_equal(dcb_pdu_decode(small, 10, q, &err), 0);
	assert_int_equal(q->u.abort.source, 2);
	assert_int_equal(q->u.abort.reason, 2);
	/* Too small a buffer. */
	assert_int_equal(dcb_pdu_encode(p, small, 9, &err), DCB_ERR_LIMIT);
	/* P-DATA-TF is not encoded here. */
	p->type = DCB_PDU_P_DATA_TF;
	assert_int_equal(dcb_pdu_encoded_size(p, &err), DCB_ERR_USAGE);
	free(p);
	free(q);
}

static void
pdata_decode_and_pdv_walk(void **state)
{
	static const uint8_t b[] = {
		0x04, 0x00, 0x00, 0x00, 0x00, 0x0f,             /* P-DATA-TF, 15 */
		0x00, 0x00, 0x00, 0x04, 0x01, 0x03, 0xaa, 0xbb, /* PDV ctx 1 cmd last */
		0x00, 0x00, 0x00, 0x03, 0x01, 0x02, 0xcc,       /* PDV ctx 1 data last */
	};
	struct dcb_pdu *q = new_pdu();
	struct dcb_error err;
	struct dcb_pdv_info pdv;
	const uint8_t *payload;
	size_t off = 0;

	assert_int_equal(dcb_pdu_decode(b, sizeof b, q, &err), 0);
	assert_int_equal(q->u.pdata.n_pdv, 2);
	assert_int_equal(q->u.pdata.pdv[0].mch, 3);
	assert_int_equal(q->u.pdata.pdv[1].length, 3);
	assert_int_equal(dcb_pdu_next_pdv(b + 6, sizeof b - 6, &off, &pdv, &payload, &err), 1);
	assert_int_equal(payload[1], 0xbb);
	assert_int_equal(dcb_pdu_next_pdv(b + 6, sizeof b - 6, &off, &pdv, &payload, &err), 1);
	assert_int_equal(payload[0], 0xcc);
	assert_int_equal(dcb_pdu_next_pdv(b + 6, sizeof b - 6, &off, &pdv, &payload, &err), 0);
	free(q);
}

/* Decodes buf expecting an error; checks code and that the message names
 * the offset. */
static void
expect_error(const uint8_t *buf, size_t len, int code, const char *needle)
{
	struct dcb_pdu *q = new_pdu();
	struct dcb_error err = {0};
	int rc = dcb_pdu_decode(buf, len, q, &err);

	if (rc != code)
		fail_msg("expected %d, got %d (%s)", code, rc, err.message);
	if (needle != NULL && strstr(err.message, needle) == NULL)
		fail_msg("message \"%s\" lacks \"%s\"", err.message, needle);
	free(q);
}

/* Offset of the first item of the given type at the top level of an RQ. */
static size_t
find_item(const uint8_t *buf, size_t len, uint8_t type)
{
	size_t p = 6 + 68;

	while (p + 4 <= len) {
		if (buf[p] == type)
			return p;
		p += 4 + (size_t)(buf[p + 2] << 8 | buf[p + 3]);
	}
	fail_msg("item 0x%02x not found", type);
	return 0;
}

static size_t
find_sub(const uint8_t *buf, size_t parent, uint8_t type)
{
	size_t end = parent + 4 + (size_t)(buf[parent + 2] << 8 | buf[parent + 3]);
	size_t p = parent + 4 + (buf[parent] == DCB_ITEM_PCTX_RQ ? 4 : 0);

	while (p + 4 <= end) {
		if (buf[p] == type)
			return p;
		p += 4 + (size_t)(buf[p + 2] << 8 | buf[p + 3]);
	}
	fail_msg("sub-item 0x%02x not found", type);
	return 0;
}

static void
lengths_over_and_under_running_parents(void **state)
{
	struct dcb_pdu *p = new_pdu();
	uint8_t *buf, *m;
	size_t len, at, ui;
	char off[32];

	full_rq(p);
	buf = encode_new(p, &len);
	m = malloc(len);

	/* PDU length says more than there is, or less. */
	memcpy(m, buf, len);
	m[5]++;
	expect_error(m, len, DCB_ERR_TRUNCATED, NULL);
	memcpy(m, buf, len);
	m[5]--;
	expect_error(m, len, DCB_ERR_MALFORMED, NULL);
	/* PDU length near 2^32-1. */
	memcpy(m, buf, len);
	m[2] = m[3] = m[4] = 0xff;
	m[5] = 0xfe;
	expect_error(m, len, DCB_ERR_TRUNCATED, NULL);

	/* A presentation context longer than the PDU. */
	memcpy(m, buf, len);
	at = find_item(m, len, DCB_ITEM_PCTX_RQ);
	m[at + 2] = 0xff;
	snprintf(off, sizeof off, "offset %zu", at);
	expect_error(m, len, DCB_ERR_MALFORMED, off);

	/* An abstract syntax sub-item running out of its context: grow the
	 * sub-item by one and shrink the context's room (context unchanged). */
	memcpy(m, buf, len);
	at = find_item(m, len, DCB_ITEM_PCTX_RQ);
	{
		size_t ts = find_sub(m, at, DCB_ITEM_TRANSFER_SYNTAX);

		/* last TS of context 1 is ILE; make the first TS claim the rest + 1 */
		m[ts + 3] = (uint8_t)(at + 4 + (m[at + 2] << 8 | m[at + 3]) - ts - 4 + 1);
		snprintf(off, sizeof off, "offset %zu", ts);
		expect_error(m, len, DCB_ERR_MALFORMED, off);
	}

	/* Maximum length sub-item with length 3 and 5. */
	ui = find_item(buf, len, DCB_ITEM_USER_INFO);
	memcpy(m, buf, len);
	at = find_sub(m, ui, DCB_ITEM_MAX_LENGTH);
	m[at + 3] = 3;
	expect_error(m, len, DCB_ERR_MALFORMED, "Maximum Length");
	m[at + 3] = 5;
	expect_error(m, len, DCB_ERR_MALFORMED, "Maximum Length");

	/* Role selection: UID length one too long / too short. */
	memcpy(m, buf, len);
	at = find_sub(m, ui, DCB_ITEM_ROLE_SELECTION);
	m[at + 5]++;
	expect_error(m, len, DCB_ERR_MALFORMED, "role selection");
	m[at + 5] -= 2;
	expect_error(m, len, DCB_ERR_MALFORMED, "role selection");

	/* User identity: primary field over-running, secondary under-filling. */
	memcpy(m, buf, len);
	at = find_sub(m, ui, DCB_ITEM_USER_IDENTITY_RQ);
	m[at + 7] = 0xf0;
	expect_error(m, len, DCB_ERR_MALFORMED, "primary");
	memcpy(m, buf, len);
	m[at + 4 + 4 + 5 + 1] = 5; /* secondary length 6 → 5 */
	expect_error(m, len, DCB_ERR_MALFORMED, "secondary");

	/* Extended negotiation UID length past the item. */
	memcpy(m, buf, len);
	at = find_sub(m, ui, DCB_ITEM_SOP_EXT_NEG);
	m[at + 5] = 0x7f;
	expect_error(m, len, DCB_ERR_MALFORMED, "over-runs");

	/* Common extended negotiation related-classes length wrong. */
	memcpy(m, buf, len);
	at = find_sub(m, ui, DCB_ITEM_SOP_COMMON_EXT_NEG);
	{
		size_t q = at + 4;

		q += 2 + (size_t)(m[q] << 8 | m[q + 1]);
		q += 2 + (size_t)(m[q] << 8 | m[q + 1]);
		m[q + 1]++;
		expect_error(m, len, DCB_ERR_MALFORMED, "related");
	}

	/* Truncated fixed part. */
	memcpy(m, buf, 40);
	m[2] = m[3] = m[4] = 0;
	m[5] = 34;
	expect_error(m, 40, DCB_ERR_MALFORMED, "fixed part");
	/* Shorter than a header. */
	expect_error(buf, 5, DCB_ERR_TRUNCATED, NULL);
	free(m);
	free(buf);
	free(p);
}

/* Builds an RQ by hand: fixed part + given item bytes. */
static size_t
hand_rq(uint8_t *out, const uint8_t *items, size_t n)
{
	size_t len = 68 + n;

	memset(out, 0, 6 + 68);
	out[0] = 1;
	out[2] = (uint8_t)(len >> 24);
	out[3] = (uint8_t)(len >> 16);
	out[4] = (uint8_t)(len >> 8);
	out[5] = (uint8_t)len;
	out[7] = 1;
	memcpy(out + 10, "PACS            SCU             ", 32);
	memcpy(out + 6 + 68, items, n);
	return 6 + len;
}

static bool
has_note(const struct dcb_pdu *q, enum dcb_pdu_note_kind k)
{
	for (unsigned i = 0; i < q->n_notes; i++)
		if (q->notes[i].kind == k)
			return true;
	return false;
}

static void
zero_length_and_unknown_items(void **state)
{
	struct dcb_pdu *q = new_pdu();
	struct dcb_error err;
	uint8_t buf[512];
	size_t n;
	char text[256];
	/* app ctx of length 0, an unknown item 0x61, a context, empty user info */
	static const uint8_t items[] = {
		0x10, 0, 0, 0,
		0x61, 0, 0, 2, 0xde, 0xad,
		0x20, 0, 0, 8, 1, 0, 0, 0, 0x30, 0, 0, 0,
		0x50, 0, 0, 0,
	};
	static const uint8_t zero_pc[] = {0x10, 0, 0, 1, '1', 0x20, 0, 0, 0};

	n = hand_rq(buf, items, sizeof items);
	assert_int_equal(dcb_pdu_decode(buf, n, q, &err), 0);
	assert_true(has_note(q, DCB_NOTE_UID_EMPTY));
	assert_true(has_note(q, DCB_NOTE_UNKNOWN_ITEM));
	assert_true(has_note(q, DCB_NOTE_NO_MAX_LENGTH));
	assert_true(has_note(q, DCB_NOTE_NO_IMPL_UID));
	assert_true(has_note(q, DCB_NOTE_APP_CONTEXT));
	assert_int_equal(q->u.assoc.n_pctx, 1);
	assert_int_equal(q->u.assoc.pctx[0].n_ts, 0);
	for (unsigned i = 0; i < q->n_notes; i++)
		if (q->notes[i].kind == DCB_NOTE_UNKNOWN_ITEM) {
			dcb_pdu_note_describe(&q->notes[i], text, sizeof text);
			assert_string_equal(text,
			                    "unknown item 0x61 of 2 bytes skipped at offset 78");
		}
	/* A context item of length 0 cannot hold its ID. */
	n = hand_rq(buf, zero_pc, sizeof zero_pc);
	assert_int_equal(dcb_pdu_decode(buf, n, q, &err), DCB_ERR_MALFORMED);
	assert_non_null(strstr(err.message, "offset 79"));
	free(q);
}

static void
uid_oddities_are_noted(void **state)
{
	struct dcb_pdu *q = new_pdu();
	struct dcb_error err;
	uint8_t buf[512], items[256];
	size_t n = 0, len;

	/* app ctx padded with NUL */
	memcpy(items + n, "\x10\x00\x00\x16" DCB_APP_CONTEXT_UID "\0", 26);
	n += 26;
	/* context with an abstract syntax of 70 chars with a letter */
	items[n++] = 0x20;
	items[n++] = 0;
	items[n++] = 0;
	items[n++] = 4 + 4 + 70;
	items[n++] = 1;
	items[n++] = 0;
	items[n++] = 0;
	items[n++] = 0;
	items[n++] = 0x30;
	items[n++] = 0;
	items[n++] = 0;
	items[n++] = 70;
	memset(items + n, '1', 70);
	items[n + 5] = 'x';
	n += 70;
	len = hand_rq(buf, items, n);
	buf[10] = 0x07; /* bell in the called AE */
	assert_int_equal(dcb_pdu_decode(buf, len, q, &err), 0);
	assert_true(has_note(q, DCB_NOTE_UID_PADDED));
	assert_true(has_note(q, DCB_NOTE_UID_TOO_LONG));
	assert_true(has_note(q, DCB_NOTE_UID_SYNTAX));
	assert_true(has_note(q, DCB_NOTE_AE_CHARS));
	assert_string_equal(q->u.assoc.app_context, DCB_APP_CONTEXT_UID);
	assert_int_equal(strlen(q->u.assoc.pctx[0].abstract_syntax), 64);
	free(q);
}

static void
too_many_contexts(void **state)
{
	struct dcb_pdu *q = new_pdu();
	struct dcb_error err;
	uint8_t *buf = malloc(20000), items[16000];
	size_t n = 0, len;

	memcpy(items, "\x10\x00\x00\x15" DCB_APP_CONTEXT_UID, 25);
	n = 25;
	for (int i = 0; i < 129; i++) {
		static const uint8_t pc[] = {0x20, 0, 0, 14, 0, 0, 0, 0, 0x30, 0, 0, 2, '1', '2',
		                             0x40, 0, 0, 0};

		memcpy(items + n, pc, sizeof pc);
		items[n + 3] = 14;
		items[n + 4] = (uint8_t)(2 * i + 1);
		n += sizeof pc;
	}
	len = hand_rq(buf, items, n);
	assert_int_equal(dcb_pdu_decode(buf, len, q, &err), DCB_ERR_LIMIT);
	assert_non_null(strstr(err.message, "128"));
	free(buf);
	free(q);
}

static void
bad_fixed_pdus(void **state)
{
	static const uint8_t short_abort[] = {0x07, 0, 0, 0, 0, 2, 0, 0};
	static const uint8_t long_release[] = {0x05, 0, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0};
	static const uint8_t unknown[] = {0x09, 0, 0, 0, 0, 0};
	static const uint8_t tls[] = {0x16, 0x03, 0x01, 0x00, 0x00, 0x00};
	static const uint8_t pdv_short[] = {0x04, 0, 0, 0, 0, 5, 0, 0, 0, 1, 1};
	static const uint8_t pdv_long[] = {0x04, 0, 0, 0, 0, 7, 0, 0, 0, 9, 1, 3, 0};
	struct dcb_pdu *q = new_pdu();
	struct dcb_error err;

	expect_error(short_abort, sizeof short_abort, DCB_ERR_MALFORMED, "must be 4");
	assert_int_equal(dcb_pdu_decode(long_release, sizeof long_release, q, &err), 0);
	assert_true(has_note(q, DCB_NOTE_BAD_LENGTH));
	expect_error(unknown, sizeof unknown, DCB_ERR_PROTOCOL, "0x09");
	expect_error(tls, sizeof tls, DCB_ERR_PROTOCOL, "TLS");
	expect_error(pdv_short, sizeof pdv_short, DCB_ERR_MALFORMED, NULL);
	expect_error(pdv_long, sizeof pdv_long, DCB_ERR_MALFORMED, "claims 9");
	free(q);
}

/* --- the reader ------------------------------------------------------------ */

/* A canonical log of reader events, to compare feeding strategies. */
struct log {
	char text[8192];
	size_t len;
	uint8_t payload[70000];
	size_t plen;
};

static void
logf_(struct log *l, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	l->len += (size_t)vsnprintf(l->text + l->len, sizeof l->text - l->len, fmt, ap);
	va_end(ap);
	assert_true(l->len < sizeof l->text);
}

static void
record(struct log *l, const struct dcb_pdu_event *ev)
{
	switch (ev->kind) {
	case DCB_PDU_EV_PDU: {
		struct dcb_pdu *q = new_pdu();
		struct dcb_error err;

		assert_int_equal(dcb_pdu_decode(ev->bytes, ev->len, q, &err), 0);
		logf_(l, "PDU %u len %u at %llu\n", ev->type, ev->length,
		      (unsigned long long)ev->offset);
		free(q);
		break;
	}
	case DCB_PDU_EV_PDATA_BEGIN:
		logf_(l, "PDATA %u at %llu\n", ev->length, (unsigned long long)ev->offset);
		break;
	case DCB_PDU_EV_PDV_BEGIN:
		logf_(l, " PDV %u ctx %u mch %u\n", ev->pdv.length, ev->pdv.pcid, ev->pdv.mch);
		break;
	case DCB_PDU_EV_PDV_DATA:
		assert_true(ev->len > 0);
		assert_true(l->plen + ev->len <= sizeof l->payload);
		memcpy(l->payload + l->plen, ev->bytes, ev->len);
		l->plen += ev->len;
		break;
	case DCB_PDU_EV_PDV_END:
		logf_(l, " END %u\n", ev->pdv_done);
		break;
	case DCB_PDU_EV_PDATA_END:
		logf_(l, "PDATA_END %u PDVs\n", ev->pdata.n_pdv);
		break;
	default:
		fail_msg("unexpected event kind %d", ev->kind);
	}
}

/* Feeds stream in chunks chosen by `mode` (0 whole, 1 byte at a time,
 * 2 random sizes) and records the events. */
static int
feed_stream(const uint8_t *s, size_t n, int mode, uint32_t max_pdu, struct log *l,
            struct dcb_error *err)
{
	struct dcb_pdu_reader r;
	size_t at = 0;
	int rc = 0;

	dcb_pdu_reader_init(&r);
	r.max_pdu = max_pdu;
	while (at < n && rc == 0) {
		size_t chunk = mode == 0 ? n - at : mode == 1 ? 1 : 1 + (size_t)rand() % 300;
		size_t used = 0;

		if (chunk > n - at)
			chunk = n - at;
		for (;;) {
			struct dcb_pdu_event ev;
			ssize_t k = dcb_pdu_reader_feed(&r, s + at + used, chunk - used, &ev, err);

			if (k < 0) {
				rc = (int)k;
				break;
			}
			used += (size_t)k;
			if (ev.kind == DCB_PDU_EV_NONE) {
				assert_int_equal(used, chunk);
				break;
			}
			record(l, &ev);
		}
		at += chunk;
	}
	if (rc == 0)
		assert_true(dcb_pdu_reader_idle(&r));
	dcb_pdu_reader_clear(&r);
	return rc;
}

static size_t
build_stream(uint8_t *s)
{
	struct dcb_pdu *p = new_pdu();
	struct dcb_error err;
	size_t n = 0;
	ssize_t k;

	full_rq(p);
	k = dcb_pdu_encode(p, s, 4096, &err);
	assert_true(k > 0);
	n += (size_t)k;
	/* P-DATA-TF: command PDV (10 bytes), data PDV (60000 bytes), empty PDV. */
	dcb_pdu_pdata_header(s + n, 6 + 10 + 6 + 60000 + 6);
	n += 6;
	dcb_pdu_pdv_header(s + n, 10, 1, DCB_MCH_COMMAND | DCB_MCH_LAST);
	n += 6;
	for (int i = 0; i < 10; i++)
		s[n++] = (uint8_t)('a' + i);
	dcb_pdu_pdv_header(s + n, 60000, 1, 0);
	n += 6;
	for (int i = 0; i < 60000; i++)
		s[n++] = (uint8_t)(i * 7);
	dcb_pdu_pdv_header(s + n, 0, 1, DCB_MCH_LAST);
	n += 6;
	/* empty P-DATA-TF (allowed by the reader, noted by decode) */
	dcb_pdu_pdata_header(s + n, 0);
	n += 6;
	dcb_pdu_init(p, DCB_PDU_RELEASE_RQ);
	n += (size_t)dcb_pdu_encode(p, s + n, 16, &err);
	dcb_pdu_init(p, DCB_PDU_ABORT);
	n += (size_t)dcb_pdu_encode(p, s + n, 16, &err);
	free(p);
	return n;
}

static void
reader_same_events_whatever_the_chunks(void **state)
{
	uint8_t *s = malloc(70000);
	struct log *whole = calloc(1, sizeof *whole), *l = calloc(1, sizeof *l);
	struct dcb_error err;
	size_t n = build_stream(s);

	srand(12345);
	assert_int_equal(feed_stream(s, n, 0, 0, whole, &err), 0);
	assert_non_null(strstr(whole->text, "PDU 1 len"));
	assert_non_null(strstr(whole->text, " PDV 60002 ctx 1 mch 0\n END 60000\n"));
	assert_non_null(strstr(whole->text, "PDATA_END 3 PDVs\nPDATA 0"));
	assert_non_null(strstr(whole->text, "PDU 5 len 4"));
	assert_non_null(strstr(whole->text, "PDU 7 len 4"));
	assert_int_equal(whole->plen, 60010);
	for (int mode = 1; mode <= 2; mode++) {
		for (int rep = 0; rep < (mode == 2 ? 20 : 1); rep++) {
			memset(l, 0, sizeof *l);
			assert_int_equal(feed_stream(s, n, mode, 0, l, &err), 0);
			assert_string_equal(l->text, whole->text);
			assert_int_equal(l->plen, whole->plen);
			assert_memory_equal(l->payload, whole->payload, whole->plen);
		}
	}
	free(s);
	free(whole);
	free(l);
}

static void
reader_limits_and_errors(void **state)
{
	struct dcb_pdu_reader r;
	struct dcb_pdu_event ev;
	struct dcb_error err;
	static const uint8_t huge_rq[] = {0x01, 0, 0xff, 0xff, 0xff, 0xff};
	static const uint8_t huge_pdata[] = {0x04, 0, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 3, 1, 0, 9};
	static const uint8_t tls[] = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01};
	static const uint8_t bad_pdv[] = {0x04, 0, 0, 0, 0, 8, 0, 0, 0, 1, 1, 0, 0, 0};
	static const uint8_t stray[] = {0x04, 0, 0, 0, 0, 9, 0, 0, 0, 3, 1, 0, 7, 0, 0};
	ssize_t k;

	/* PDU length near 2^32-1 for a buffered PDU: refused before allocating. */
	dcb_pdu_reader_init(&r);
	k = dcb_pdu_reader_feed(&r, huge_rq, sizeof huge_rq, &ev, &err);
	assert_int_equal(k, DCB_ERR_LIMIT);
	assert_null(r.buf);
	/* Sticky. */
	assert_int_equal(dcb_pdu_reader_feed(&r, huge_rq, 1, &ev, &err), DCB_ERR_LIMIT);
	dcb_pdu_reader_clear(&r);

	/* The same for P-DATA-TF: strict → error; lenient → flagged and streamed. */
	dcb_pdu_reader_init(&r);
	r.strict = true;
	assert_int_equal(dcb_pdu_reader_feed(&r, huge_pdata, sizeof huge_pdata, &ev, &err),
	                 DCB_ERR_LIMIT);
	assert_non_null(strstr(err.message, "16384"));
	dcb_pdu_reader_clear(&r);
	dcb_pdu_reader_init(&r);
	k = dcb_pdu_reader_feed(&r, huge_pdata, sizeof huge_pdata, &ev, &err);
	assert_int_equal(k, 6);
	assert_int_equal(ev.kind, DCB_PDU_EV_PDATA_BEGIN);
	assert_true(ev.over_max);
	k = dcb_pdu_reader_feed(&r, huge_pdata + 6, sizeof huge_pdata - 6, &ev, &err);
	assert_int_equal(ev.kind, DCB_PDU_EV_PDV_BEGIN);
	k = dcb_pdu_reader_feed(&r, huge_pdata + 12, 1, &ev, &err);
	assert_int_equal(ev.kind, DCB_PDU_EV_PDV_DATA);
	assert_int_equal(ev.bytes[0], 9);
	assert_false(dcb_pdu_reader_idle(&r));
	dcb_pdu_reader_clear(&r);

	/* TLS on a plain port. */
	dcb_pdu_reader_init(&r);
	assert_int_equal(dcb_pdu_reader_feed(&r, tls, sizeof tls, &ev, &err), DCB_ERR_PROTOCOL);
	assert_non_null(strstr(err.message, "TLS"));
	dcb_pdu_reader_clear(&r);

	/* PDV length 1. */
	dcb_pdu_reader_init(&r);
	k = dcb_pdu_reader_feed(&r, bad_pdv, sizeof bad_pdv, &ev, &err);
	assert_int_equal(ev.kind, DCB_PDU_EV_PDATA_BEGIN);
	k = dcb_pdu_reader_feed(&r, bad_pdv + k, sizeof bad_pdv - (size_t)k, &ev, &err);
	assert_int_equal(k, DCB_ERR_MALFORMED);
	assert_int_equal(err.offset, 6);
	dcb_pdu_reader_clear(&r);

	/* Stray bytes after the last PDV. */
	dcb_pdu_reader_init(&r);
	{
		size_t at = 0;
		int rc = 0;

		while (at < sizeof stray) {
			k = dcb_pdu_reader_feed(&r, stray + at, sizeof stray - at, &ev, &err);
			if (k < 0) {
				rc = (int)k;
				break;
			}
			at += (size_t)k;
			if (ev.kind == DCB_PDU_EV_NONE)
				break;
		}
		assert_int_equal(rc, DCB_ERR_MALFORMED);
		assert_non_null(strstr(err.message, "stray"));
	}
	dcb_pdu_reader_clear(&r);
}

/* A 64 MiB P-DATA-TF streams through without the reader allocating. */
static void
reader_memory_stays_flat(void **state)
{
	struct dcb_pdu_reader r;
	struct dcb_pdu_event ev;
	struct dcb_error err;
	uint8_t hdr[12], chunk[65536];
	uint32_t payload = 64u << 20;
	uint64_t seen = 0;
	ssize_t k;

	memset(chunk, 0x5a, sizeof chunk);
	dcb_pdu_pdata_header(hdr, payload + 6);
	dcb_pdu_pdv_header(hdr + 6, payload, 1, DCB_MCH_LAST);
	dcb_pdu_reader_init(&r);
	r.max_pdu = 0;
	assert_int_equal(dcb_pdu_reader_feed(&r, hdr, sizeof hdr, &ev, &err), 6);
	assert_int_equal(dcb_pdu_reader_feed(&r, hdr + 6, 6, &ev, &err), 6);
	assert_int_equal(ev.kind, DCB_PDU_EV_PDV_BEGIN);
	for (uint32_t left = payload; left > 0;) {
		size_t n = left < sizeof chunk ? left : sizeof chunk;

		k = dcb_pdu_reader_feed(&r, chunk, n, &ev, &err);
		assert_int_equal(k, (ssize_t)n);
		assert_int_equal(ev.kind, DCB_PDU_EV_PDV_DATA);
		assert_ptr_equal(ev.bytes, chunk);
		seen += ev.len;
		left -= (uint32_t)n;
	}
	assert_int_equal(seen, payload);
	dcb_pdu_reader_feed(&r, NULL, 0, &ev, &err);
	assert_int_equal(ev.kind, DCB_PDU_EV_PDV_END);
	dcb_pdu_reader_feed(&r, NULL, 0, &ev, &err);
	assert_int_equal(ev.kind, DCB_PDU_EV_PDATA_END);
	assert_true(dcb_pdu_reader_idle(&r));
	assert_null(r.buf);
	assert_int_equal(r.buf_cap, 0);
	dcb_pdu_reader_clear(&r);
}

static void
summaries_and_dumps(void **state)
{
	struct dcb_pdu *p = new_pdu(), *q = new_pdu();
	struct dcb_error err;
	char line[512], *big;
	size_t len, need;
	uint8_t *buf;

	full_rq(p);
	buf = encode_new(p, &len);
	assert_int_equal(dcb_pdu_decode(buf, len, q, &err), 0);
	dcb_pdu_summary(q, line, sizeof line);
	assert_string_equal(line, "A-ASSOCIATE-RQ PACS ← STORESCU · 3 contexts · max PDU 16384 · "
	                          "impl 2.25.123456789012345678… (DICOMBENCH_01) · user identity "
	                          "type 2");
	need = dcb_pdu_dump(q, NULL, 0);
	big = malloc(need + 1);
	assert_int_equal(dcb_pdu_dump(q, big, need + 1), need);
	assert_non_null(strstr(big, "  presentation context 3\n    abstract syntax: " MR "\n"));
	assert_non_null(strstr(big, "role selection: " MR " SCU 1 SCP 1\n"));
	assert_non_null(strstr(big, "\"alice\""));
	assert_null(strstr(big, "secret"));
	assert_non_null(strstr(big, "related 1.2.840.10008.5.1.4.1.1.88.11, "));
	/* Cut output stays terminated and reports the full length. */
	assert_int_equal(dcb_pdu_dump(q, line, 20), need);
	assert_int_equal(strlen(line), 19);
	free(big);

	dcb_pdu_init(p, DCB_PDU_ASSOCIATE_RJ);
	p->u.rj = (struct dcb_assoc_rj){1, 1, 7};
	dcb_pdu_summary(p, line, sizeof line);
	assert_string_equal(line, "A-ASSOCIATE-RJ rejected permanently by the service user: called "
	                          "AE title not recognized (1/1/7)");
	dcb_pdu_init(p, DCB_PDU_ABORT);
	p->u.abort = (struct dcb_abort){2, 6};
	dcb_pdu_summary(p, line, sizeof line);
	assert_string_equal(line, "A-ABORT aborted by the service provider: invalid PDU parameter "
	                          "value (2/6)");
	p->type = DCB_PDU_P_DATA_TF;
	p->length = 16384;
	p->u.pdata.n_pdv = 1;
	p->u.pdata.pdv[0] = (struct dcb_pdv_info){16378, 1, 2};
	dcb_pdu_summary(p, line, sizeof line);
	assert_string_equal(line, "P-DATA-TF 16384 bytes · 1 PDV: ctx 1 data last 16376 bytes");
	{
		char other[256];

		dcb_pdu_summary_pdata(16384, &p->u.pdata, other, sizeof other);
		assert_string_equal(other, line);
		dcb_pdu_dump_pdata(16384, &p->u.pdata, other, sizeof other);
		assert_string_equal(other, "P-DATA-TF, type 0x04, length 16384\n  PDV 1: context 1, "
		                           "control 0x02 (ctx 1 data last 16376 bytes)\n");
	}
	/* Hex dump: the ASCII column lines up on a short last line. */
	{
		const uint8_t bytes[20] = "0123456789ABCDEF\x01PQ";
		char *nl;

		dcb_hexdump(bytes, 20, 0x10, line, sizeof line);
		nl = strchr(line, '\n');
		assert_non_null(nl);
		assert_memory_equal(line,
		                    "00000010  30 31 32 33 34 35 36 37  38 39 41 42 43 44 45 46"
		                    "  |0123456789ABCDEF|\n",
		                    78);
		assert_memory_equal(nl + 1, "00000020  01 50 51 00   ", 24);
		assert_non_null(strstr(nl + 1, "  |.PQ.|\n"));
		assert_int_equal(strchr(line, '|') - line, strchr(nl + 1, '|') - (nl + 1));
	}
	free(buf);
	free(p);
	free(q);
}

static void
invisible_ae_characters_shown(void **state)
{
	struct dcb_pdu *p = new_pdu();
	char line[256];

	dcb_pdu_init(p, DCB_PDU_ASSOCIATE_RQ);
	strcpy(p->u.assoc.called_ae, "PA\tCS");
	strcpy(p->u.assoc.calling_ae, " SCU");
	p->u.assoc.user.has_max_length = false;
	dcb_pdu_summary(p, line, sizeof line);
	assert_string_equal(line, "A-ASSOCIATE-RQ PA\\x09CS ←  SCU · 0 contexts");
	free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rq_round_trip_every_item),
		cmocka_unit_test(ac_rj_release_abort_round_trip),
		cmocka_unit_test(pdata_decode_and_pdv_walk),
		cmocka_unit_test(lengths_over_and_under_running_parents),
		cmocka_unit_test(zero_length_and_unknown_items),
		cmocka_unit_test(uid_oddities_are_noted),
		cmocka_unit_test(too_many_contexts),
		cmocka_unit_test(bad_fixed_pdus),
		cmocka_unit_test(reader_same_events_whatever_the_chunks),
		cmocka_unit_test(reader_limits_and_errors),
		cmocka_unit_test(reader_memory_stays_flat),
		cmocka_unit_test(summaries_and_dumps),
		cmocka_unit_test(invisible_ae_characters_shown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
