/* test-pdu-tree.c — PDUs as trees of lines: every PDU type from encoded
 * bytes, DIMSE command elements in words, every truncation of a PDU, and
 * hostile bytes. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../src/dimse.h"
#include "../src/pdu-tree.h"
#include "../src/pdu.h"

#define MAX_LINES 256

struct tree {
	unsigned n;
	unsigned depth[MAX_LINES];
	char text[MAX_LINES][512];
};

static void
collect(unsigned depth, const char *text, void *user)
{
	struct tree *t = user;

	assert_non_null(text);
	assert_null(strchr(text, '\n'));
	if (t->n < MAX_LINES) {
		t->depth[t->n] = depth;
		snprintf(t->text[t->n], sizeof t->text[0], "%s", text);
	}
	t->n++;
}

static struct tree *
tree_of(const uint8_t *buf, size_t len)
{
	struct tree *t = calloc(1, sizeof *t);

	assert_non_null(t);
	unsigned lines = dcb_pdu_tree(buf, len, collect, t);
	assert_int_equal(lines, t->n);
	assert_true(t->n >= 1);
	assert_int_equal(t->depth[0], 0);
	return t;
}

/* The index of the first line at depth that contains text, or -1. */
static int
find(const struct tree *t, unsigned depth, const char *text)
{
	for (unsigned i = 0; i < t->n && i < MAX_LINES; i++)
		if (t->depth[i] == depth && strstr(t->text[i], text) != NULL)
			return (int)i;
	return -1;
}

static bool
anywhere(const struct tree *t, const char *text)
{
	for (unsigned d = 0; d < 5; d++)
		if (find(t, d, text) >= 0)
			return true;
	return false;
}

#define CT "1.2.840.10008.5.1.4.1.1.2"
#define MR "1.2.840.10008.5.1.4.1.1.4"
#define EXPLICIT "1.2.840.10008.1.2.1"
#define IMPLICIT "1.2.840.10008.1.2"

static size_t
encode(struct dcb_pdu *p, uint8_t *buf, size_t size)
{
	ssize_t n = dcb_pdu_encode(p, buf, size, NULL);

	assert_true(n > 0);
	return (size_t)n;
}

static size_t
associate_rq(uint8_t *buf, size_t size)
{
	struct dcb_pdu *p = calloc(1, sizeof *p);

	assert_non_null(p);
	dcb_pdu_init(p, DCB_PDU_ASSOCIATE_RQ);
	struct dcb_assoc *a = &p->u.assoc;
	snprintf(a->called_ae, sizeof a->called_ae, "PACS");
	snprintf(a->calling_ae, sizeof a->calling_ae, "STORESCU");
	a->n_pctx = 2;
	a->pctx[0].id = 1;
	snprintf(a->pctx[0].abstract_syntax, sizeof a->pctx[0].abstract_syntax, CT);
	a->pctx[0].n_ts = 2;
	snprintf(a->pctx[0].ts[0], sizeof a->pctx[0].ts[0], EXPLICIT);
	snprintf(a->pctx[0].ts[1], sizeof a->pctx[0].ts[1], IMPLICIT);
	a->pctx[1].id = 3;
	snprintf(a->pctx[1].abstract_syntax, sizeof a->pctx[1].abstract_syntax, MR);
	a->pctx[1].n_ts = 1;
	snprintf(a->pctx[1].ts[0], sizeof a->pctx[1].ts[0], EXPLICIT);
	struct dcb_user_info *u = &a->user;
	u->has_max_length = true;
	u->max_length = 16384;
	snprintf(u->impl_class_uid, sizeof u->impl_class_uid, "1.2.3.4");
	snprintf(u->impl_version, sizeof u->impl_version, "DCB_1");
	u->has_async_ops = true;
	u->max_ops_invoked = 1;
	u->max_ops_performed = 1;
	u->n_roles = 1;
	snprintf(u->roles[0].sop_class, sizeof u->roles[0].sop_class, CT);
	u->roles[0].scu_role = 1;
	u->has_identity_rq = true;
	u->identity_rq.type = DCB_IDENTITY_USERNAME_PASSCODE;
	u->identity_rq.positive_response_requested = 1;
	u->identity_rq.primary_len = 5;
	memcpy(u->identity_rq.primary, "alice", 5);
	u->identity_rq.secondary_len = 6;
	memcpy(u->identity_rq.secondary, "secret", 6);
	size_t n = encode(p, buf, size);
	free(p);
	return n;
}

static void
associate_rq_tree(void **state)
{
	uint8_t buf[2048];
	size_t n = associate_rq(buf, sizeof buf);
	struct tree *t = tree_of(buf, n);

	assert_non_null(strstr(t->text[0], "A-ASSOCIATE-RQ, type 0x01"));
	assert_true(find(t, 1, "protocol version: 0x0001") > 0);
	assert_true(find(t, 1, "called AE title: \"PACS\"") > 0);
	assert_true(find(t, 1, "calling AE title: \"STORESCU\"") > 0);
	assert_true(find(t, 1, "application context: 1.2.840.10008.3.1.1.1") > 0);
	int c1 = find(t, 1, "presentation context 1"), c3 = find(t, 1, "presentation context 3");
	assert_true(c1 > 0 && c3 > c1);
	/* Each context's syntaxes below it, named from the dictionary. */
	assert_string_equal(t->text[c1 + 1], "abstract syntax: " CT " — CT Image Storage");
	assert_string_equal(t->text[c1 + 2],
	                    "transfer syntax: " EXPLICIT " — Explicit VR Little Endian");
	assert_string_equal(t->text[c1 + 3],
	                    "transfer syntax: " IMPLICIT " — Implicit VR Little Endian");
	assert_int_equal(t->depth[c1 + 3], 2);
	assert_string_equal(t->text[c3 + 1], "abstract syntax: " MR " — MR Image Storage");
	int ui = find(t, 1, "user information:");
	assert_true(ui > c3);
	assert_true(find(t, 2, "maximum length: 16384") > ui);
	assert_true(find(t, 2, "implementation class UID: 1.2.3.4") > ui);
	assert_true(find(t, 2, "implementation version name: \"DCB_1\"") > ui);
	assert_true(find(t, 2, "asynchronous operations window: 1 invoked, 1 performed") > ui);
	assert_true(find(t, 2, "SCP/SCU role selection") > ui);
	assert_true(find(t, 3, "SOP class: " CT " — CT Image Storage") > ui);
	assert_true(find(t, 3, "SCU role 1, SCP role 0") > ui);
	assert_true(find(t, 2,
	                 "user identity: user name and passcode (2), positive response "
	                 "requested") > ui);
	assert_true(find(t, 3, "user name \"alice\"") > ui);
	assert_true(find(t, 3, "passcode: 6 bytes (not shown)") > ui);
	assert_false(anywhere(t, "secret"));
	assert_false(anywhere(t, "truncated"));
	free(t);
}

static void
associate_ac_rj_abort_release(void **state)
{
	uint8_t buf[1024];
	struct dcb_pdu *p = calloc(1, sizeof *p);

	assert_non_null(p);
	dcb_pdu_init(p, DCB_PDU_ASSOCIATE_AC);
	snprintf(p->u.assoc.called_ae, sizeof p->u.assoc.called_ae, "PACS");
	snprintf(p->u.assoc.calling_ae, sizeof p->u.assoc.calling_ae, "STORESCU");
	p->u.assoc.n_pctx = 2;
	p->u.assoc.pctx[0].id = 1;
	p->u.assoc.pctx[0].n_ts = 1;
	snprintf(p->u.assoc.pctx[0].ts[0], sizeof p->u.assoc.pctx[0].ts[0], EXPLICIT);
	p->u.assoc.pctx[1].id = 3;
	p->u.assoc.pctx[1].result = DCB_PCTX_TS_NOT_SUPPORTED;
	p->u.assoc.user.has_max_length = true;
	p->u.assoc.user.max_length = 0;
	struct tree *t = tree_of(buf, encode(p, buf, sizeof buf));
	assert_non_null(strstr(t->text[0], "A-ASSOCIATE-AC"));
	int c1 = find(t, 1, "presentation context 1: acceptance (0)");
	assert_true(c1 > 0);
	assert_string_equal(t->text[c1 + 1],
	                    "transfer syntax: " EXPLICIT " — Explicit VR Little Endian");
	assert_true(find(t, 1,
	                 "presentation context 3: transfer syntaxes not supported "
	                 "(provider rejection) (4)") > c1);
	assert_true(find(t, 2, "maximum length: 0 (no limit)") > 0);
	free(t);

	dcb_pdu_init(p, DCB_PDU_ASSOCIATE_RJ);
	p->u.rj.result = DCB_RJ_PERMANENT;
	p->u.rj.source = DCB_RJ_SOURCE_USER;
	p->u.rj.reason = 7;
	t = tree_of(buf, encode(p, buf, sizeof buf));
	assert_int_equal(t->n, 2);
	assert_non_null(strstr(t->text[1], "rejected permanently"));
	assert_non_null(strstr(t->text[1], "called AE title not recognized"));
	free(t);

	dcb_pdu_init(p, DCB_PDU_ABORT);
	p->u.abort.source = DCB_ABORT_SOURCE_PROVIDER;
	p->u.abort.reason = DCB_ABORT_UNEXPECTED_PDU;
	t = tree_of(buf, encode(p, buf, sizeof buf));
	assert_non_null(strstr(t->text[0], "A-ABORT, type 0x07, length 4"));
	assert_non_null(strstr(t->text[1], "service provider"));
	assert_non_null(strstr(t->text[1], "unexpected PDU"));
	free(t);

	dcb_pdu_init(p, DCB_PDU_RELEASE_RQ);
	t = tree_of(buf, encode(p, buf, sizeof buf));
	assert_non_null(strstr(t->text[0], "A-RELEASE-RQ"));
	assert_string_equal(t->text[1], "reserved field 0x00000000");
	free(t);
	free(p);
}

/* A P-DATA-TF: the command c in one PDV, then data_len bytes of data set
 * in a second (none when data_len is 0); returns the whole PDU's size. */
static size_t
pdata(const struct dcb_dimse_cmd *c, size_t data_len, uint8_t *buf, size_t size)
{
	uint8_t cmd[512];
	ssize_t n = dcb_dimse_encode(c, cmd, sizeof cmd, NULL);

	assert_true(n > 0);
	size_t body = DCB_PDV_HEADER + (size_t)n + (data_len ? DCB_PDV_HEADER + data_len : 0);
	assert_true(DCB_PDU_HEADER + body <= size);
	dcb_pdu_pdata_header(buf, (uint32_t)body);
	dcb_pdu_pdv_header(buf + 6, (uint32_t)n, 1, DCB_MCH_COMMAND | DCB_MCH_LAST);
	memcpy(buf + 12, cmd, (size_t)n);
	if (data_len > 0) {
		dcb_pdu_pdv_header(buf + 12 + n, (uint32_t)data_len, 1, DCB_MCH_LAST);
		memset(buf + 18 + n, 0xab, data_len);
	}
	return DCB_PDU_HEADER + body;
}

static void
pdata_command_elements(void **state)
{
	uint8_t buf[4096];
	struct dcb_dimse_cmd rq, rsp;

	dcb_dimse_store_rq(&rq, 7, CT, "1.2.3.4.5", DCB_PRIORITY_MEDIUM);
	struct tree *t = tree_of(buf, pdata(&rq, 10, buf, sizeof buf));
	assert_non_null(strstr(t->text[0], "P-DATA-TF, type 0x04"));
	int p1 = find(t, 1, "PDV 1: ");
	assert_true(p1 > 0);
	assert_non_null(strstr(t->text[p1], "context 1, command, last fragment"));
	assert_true(find(t, 2, "(0000,0000) UL Command Group Length: ") > p1);
	assert_true(find(t, 2, "(0000,0002) UI Affected SOP Class UID: " CT " — CT Image Storage") >
	            p1);
	assert_true(find(t, 2, "(0000,0100) US Command Field: 0x0001 C-STORE-RQ") > p1);
	assert_true(find(t, 2, "(0000,0110) US Message ID: 7") > p1);
	assert_true(find(t, 2, "(0000,0700) US Priority: 0 medium") > p1);
	assert_true(find(t, 2, "(0000,0800) US Command Data Set Type: ") > p1);
	assert_true(find(t, 2, "(a data set follows)") > p1);
	assert_true(find(t, 2, "(0000,1000) UI Affected SOP Instance UID: 1.2.3.4.5") > p1);
	assert_true(find(t, 1, "PDV 2: 10 bytes, context 1, data set, last fragment") > p1);
	assert_false(anywhere(t, "truncated"));
	free(t);

	dcb_dimse_store_rsp(&rsp, &rq, 0xA700);
	t = tree_of(buf, pdata(&rsp, 0, buf, sizeof buf));
	assert_true(find(t, 2, "(0000,0100) US Command Field: 0x8001 C-STORE-RSP") > 0);
	assert_true(find(t, 2, "(0000,0120) US Message ID Being Responded To: 7") > 0);
	int st = find(t, 2, "(0000,0900) US Status: 0xa700 ");
	assert_true(st > 0);
	assert_non_null(strstr(t->text[st], dcb_dimse_status_name(0xA700)));
	assert_non_null(strstr(t->text[st], "(Failure)"));
	assert_true(find(t, 2, "(no data set)") > 0);
	free(t);
}

/* Every prefix of a PDU decodes as far as it goes and says so. */
static void
every_prefix(const uint8_t *buf, size_t n, const char *must_after)
{
	for (size_t k = 0; k < n; k++) {
		struct tree *t = tree_of(k ? buf : NULL, k);
		const char *last = t->text[(t->n < MAX_LINES ? t->n : MAX_LINES) - 1];
		if (k < DCB_PDU_HEADER)
			assert_non_null(strstr(last, "PDU header truncated"));
		else
			assert_non_null(strstr(last, "truncated"));
		if (must_after != NULL && k >= 300)
			assert_true(anywhere(t, must_after));
		free(t);
	}
}

static void
truncated_pdus(void **state)
{
	uint8_t buf[20000];
	struct dcb_dimse_cmd rq;
	size_t n = associate_rq(buf, sizeof buf);

	every_prefix(buf, n, "presentation context 1");
	/* The trace's 512 bytes of a 16 KiB data PDU. */
	dcb_dimse_store_rq(&rq, 1, CT, "1.2.3", DCB_PRIORITY_MEDIUM);
	n = pdata(&rq, 16000, buf, sizeof buf);
	struct tree *t = tree_of(buf, 512);
	assert_true(find(t, 2, "C-STORE-RQ") > 0);
	int p2 = find(t, 1, "PDV 2: 16000 bytes, context 1, data set, last fragment");
	assert_true(p2 > 0);
	assert_non_null(strstr(t->text[t->n - 1], "the first 512 of the PDU's"));
	free(t);
	/* Cut inside the command: the elements before the cut are there. */
	t = tree_of(buf, 40);
	assert_true(find(t, 2, "(0000,0000) UL Command Group Length") > 0);
	assert_non_null(strstr(t->text[t->n - 1], "truncated"));
	free(t);
	every_prefix(buf, 300, NULL);
}

static void
hostile_bytes(void **state)
{
	uint8_t buf[2048];
	size_t n = associate_rq(buf, sizeof buf);

	/* The first presentation context claims more than the PDU holds. */
	uint8_t bad[2048];
	memcpy(bad, buf, n);
	size_t off = 74;
	while (bad[off] != DCB_ITEM_PCTX_RQ)
		off += 4 + (size_t)(bad[off + 2] << 8 | bad[off + 3]);
	bad[off + 2] = 0xff;
	struct tree *t = tree_of(bad, n);
	assert_true(anywhere(t, "its parent ends at"));
	free(t);

	/* A PDV shorter than its 2-byte header. */
	static const uint8_t short_pdv[] = {4, 0, 0, 0, 0, 6, 0, 0, 0, 1, 1, 3};
	t = tree_of(short_pdv, sizeof short_pdv);
	assert_true(find(t, 1, "does not fit the PDU") > 0);
	free(t);

	/* Random bytes of every PDU type: lines, never a crash (ASan). */
	uint32_t x = 12345;
	for (int round = 0; round < 3000; round++) {
		size_t len = 6 + round % 600;
		for (size_t i = 0; i < len; i++) {
			x = x * 1103515245u + 12345u;
			buf[i] = (uint8_t)(x >> 16);
		}
		buf[0] = (uint8_t)(1 + round % 8);
		uint32_t body = (uint32_t)(round % 3 == 0 ? len - 6 : x % 2000);
		buf[2] = (uint8_t)(body >> 24);
		buf[3] = (uint8_t)(body >> 16);
		buf[4] = (uint8_t)(body >> 8);
		buf[5] = (uint8_t)body;
		if (round % 5 == 0) /* items that start right */
			buf[74] = DCB_ITEM_PCTX_RQ;
		t = tree_of(buf, len);
		free(t);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(associate_rq_tree),
	    cmocka_unit_test(associate_ac_rj_abort_release),
	    cmocka_unit_test(pdata_command_elements),
	    cmocka_unit_test(truncated_pdus),
	    cmocka_unit_test(hostile_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
