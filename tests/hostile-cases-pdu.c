/* hostile-cases-pdu.c — hostile requestor cases about the
 * association and PDU structure: PDU and item lengths that lie, user
 * information sub-items that over-run, odd presentation contexts, PDUs out
 * of order, tiny or huge limits (hostile-cases.h). */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hostile-cases.h"
#include "hostile-wire.h"

void
c_pdu_huge_rq(void)
{
	uint8_t h[10] = {1, 0, 0xff, 0xff, 0xff, 0xfe, 0, 1, 0, 0};

	if (!send_all(h, sizeof h))
		bad("closed at once");
	expect_pdu(7, "an A-ASSOCIATE-RQ header saying 4294967294 bytes");
}

void
c_pdu_huge_pdata(void)
{
	uint8_t h[16] = {4, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfd, 1, 3};

	associate();
	if (!send_all(h, sizeof h))
		bad("closed at once");
	expect_pdu(7, "a P-DATA-TF of 4294967295 bytes");
}

void
c_pdu_over_max(void)
{
	/* A proper C-STORE whose data set travels in one PDU of ~40 KB,
	 * above the 16384 bytes the SCP announced. */
	struct store_cmd s = {0};
	struct buf c = {0}, d = {0}, b = {0};
	static char big[40000];

	associate();
	memset(big, 'A', sizeof big);
	build_store_cmd(&c, &s);
	build_dataset(&d, GOOD_CLASS, GOOD_INSTANCE);
	el(&d, 0x0010, 0x4000, big, sizeof big);
	pdata(1, 0x03, c.d, c.n);
	pdu_header(&b, 4);
	pdv(&b, 1, 0x02, d.d, d.n);
	pdu_end(&b);
	send_buf(&b);
	/* PS3.8 leaves the receiver free to take it (the SCP flags it as a
	 * finding) or to abort; what it must not do is crash or hang. */
	{
		int type, st = read_status(&type);
		if (st < 0 && type != 7)
			bad("a P-DATA-TF above the maximum answered with %s", pdu_name(type));
		ok(st >= 0 ? "a P-DATA-TF above the maximum: answered with a status"
		           : "a P-DATA-TF above the maximum: A-ABORT");
	}
	free(b.d);
	free(c.d);
	free(d.d);
}

/* An RQ whose user information holds ui; answered with an A-ABORT or a
 * reject, never a crash. */
static void
bad_ui(const struct buf *ui, const char *what)
{
	struct buf b = {0};
	struct pdu p;

	build_rq_ui(&b, "HOSTILE", std_ctx, 2, ui);
	send_buf(&b);
	free(b.d);
	p = read_pdu(10000);
	expect_refused(&p, what);
}

void
c_maxlen_overrun(void)
{
	struct buf u = {0};
	/* max length sub-item claiming 200 bytes inside a 12-byte user info */
	uint8_t m[8] = {0x51, 0, 0, 200, 0, 0, 0x40, 0};
	put(&u, m, sizeof m);
	bad_ui(&u, "a max length sub-item over-running the user information");
	free(u.d);
}

void
c_maxlen_underrun(void)
{
	struct buf u = {0};
	uint8_t m[6] = {0x51, 0, 0, 2, 0x40, 0}; /* 2 bytes, not 4 */
	put(&u, m, sizeof m);
	item_str(&u, 0x52, IMPL_UID);
	bad_ui(&u, "a max length sub-item of 2 bytes");
	free(u.d);
}

void
c_role_overrun(void)
{
	struct buf u = {0};
	struct buf r = {0};
	user_info_std(&u, 16384);
	put16be(&r, 300); /* UID length past the sub-item */
	put(&r, CT_IMAGE, strlen(CT_IMAGE));
	put8(&r, 1);
	put8(&r, 1);
	item(&u, 0x54, r.d, r.n);
	bad_ui(&u, "a role selection whose UID length over-runs the sub-item");
	free(u.d);
	free(r.d);
}

void
c_role_underrun(void)
{
	struct buf u = {0};
	struct buf r = {0};
	user_info_std(&u, 16384);
	put16be(&r, (unsigned)strlen(CT_IMAGE));
	put(&r, CT_IMAGE, strlen(CT_IMAGE)); /* the two role bytes missing */
	item(&u, 0x54, r.d, r.n);
	bad_ui(&u, "a role selection without its role bytes");
	free(u.d);
	free(r.d);
}

void
c_identity_overrun(void)
{
	struct buf u = {0};
	struct buf r = {0};
	user_info_std(&u, 16384);
	put8(&r, 2); /* username and passcode */
	put8(&r, 1);
	put16be(&r, 4);
	put(&r, "user", 4);
	put16be(&r, 60000); /* passcode length past the end */
	put(&r, "pw", 2);
	item(&u, 0x58, r.d, r.n);
	bad_ui(&u, "a user identity whose secondary field over-runs the sub-item");
	free(u.d);
	free(r.d);
}

void
c_identity_primary_overrun(void)
{
	struct buf u = {0};
	struct buf r = {0};
	user_info_std(&u, 16384);
	put8(&r, 1);
	put8(&r, 0);
	put16be(&r, 65535);
	put(&r, "user", 4);
	item(&u, 0x58, r.d, r.n);
	bad_ui(&u, "a user identity whose primary field over-runs the sub-item");
	free(u.d);
	free(r.d);
}

void
c_ui_overrun_pdu(void)
{
	/* the user information item itself claims more than the PDU holds */
	struct buf b = {0};
	struct buf u = {0};
	struct pdu p;

	user_info_std(&u, 16384);
	build_rq_ui(&b, "HOSTILE", std_ctx, 2, &u);
	b.d[b.n - u.n - 2] = 0x7f; /* the user information length's high byte */
	send_buf(&b);
	p = read_pdu(10000);
	expect_refused(&p, "a user information item past the PDU");
	free(b.d);
	free(u.d);
}

void
c_ctx_zero_length(void)
{
	struct buf b = {0};
	struct buf u = {0};
	struct pdu p;

	pdu_header(&b, 1);
	put16be(&b, 1);
	put16be(&b, 0);
	ae(&b, "ANY-SCP");
	ae(&b, "HOSTILE");
	for (int i = 0; i < 32; i++)
		put8(&b, 0);
	item_str(&b, 0x10, APP_CONTEXT);
	item(&b, 0x20, NULL, 0); /* a presentation context of zero length */
	item(&b, 0x20, NULL, 0);
	user_info_std(&u, 16384);
	item(&b, 0x50, u.d, u.n);
	pdu_end(&b);
	send_buf(&b);
	p = read_pdu(10000);
	expect_refused(&p, "zero-length presentation context items");
	free(b.d);
	free(u.d);
}

void
c_pdv_zero_length(void)
{
	uint8_t z[16] = {4, 0, 0, 0, 0, 4, 0, 0, 0, 0}; /* one PDV item of length 0 */

	associate();
	if (!send_all(z, 10))
		bad("closed");
	expect_pdu(7, "a PDV item of length 0");
}

void
c_empty_pdata(void)
{
	uint8_t z[6] = {4, 0, 0, 0, 0, 0}; /* a P-DATA-TF with no PDV */
	struct store_cmd s = {0};

	associate();
	if (!send_all(z, sizeof z))
		bad("closed");
	/* harmless or an abort; if harmless, the SCP must go on working */
	send_store(&s, GOOD_INSTANCE);
	{
		int type, st = read_status(&type);
		if (st == 0) {
			ok("an empty P-DATA-TF was ignored; the next C-STORE succeeded");
			release();
		} else if (type == 7) {
			ok("an empty P-DATA-TF answered with an A-ABORT");
			expect_closed();
		} else {
			bad("after an empty P-DATA-TF: %s, status %d", pdu_name(type), st);
		}
	}
}

static void
ctx_case(const struct ctxspec *c, int n, const char *what)
{
	struct buf b = {0};
	struct pdu p;
	char line[200];

	build_rq(&b, "HOSTILE", c, n);
	send_buf(&b);
	free(b.d);
	p = read_pdu(10000);
	if (p.type == 2) {
		/* acceptable only if no context is accepted under a bad ID */
		size_t o = 68;
		while (o + 4 <= p.len) {
			unsigned t = p.body[o], l = p.body[o + 2] << 8 | p.body[o + 3];
			if (t == 0x21 && l >= 4 && o + 4 + l <= p.len) {
				unsigned id = p.body[o + 4], res = p.body[o + 6];
				if (res == 0 && (id % 2 == 0))
					bad("%s: context %u accepted", what, id);
			}
			o += 4 + l;
		}
		snprintf(line, sizeof line, "%s answered with an A-ASSOCIATE-AC rejecting them",
		         what);
		ok(line);
		free(p.body);
		release();
		return;
	}
	expect_refused(&p, what);
}

void
c_dup_ctx(void)
{
	static const struct ctxspec c[] = {{1, CT_IMAGE}, {1, VERIFICATION}};
	struct buf b = {0};
	struct pdu p;

	build_rq(&b, "HOSTILE", c, 2);
	send_buf(&b);
	free(b.d);
	p = read_pdu(10000);
	if (p.type == 2) {
		/* then one answer per ID at most */
		size_t o = 68;
		int seen = 0;
		while (o + 4 <= p.len) {
			unsigned t = p.body[o], l = p.body[o + 2] << 8 | p.body[o + 3];
			if (t == 0x21 && l >= 4 && p.body[o + 4] == 1 && p.body[o + 6] == 0)
				seen++;
			o += 4 + l;
		}
		if (seen > 1)
			bad("duplicate context ID 1 accepted twice");
		ok("duplicate presentation context IDs: at most one accepted");
		free(p.body);
		release();
		return;
	}
	expect_refused(&p, "duplicate context IDs");
}

void
c_even_ctx(void)
{
	static const struct ctxspec c[] = {{2, CT_IMAGE}, {3, VERIFICATION}};
	ctx_case(c, 2, "an even presentation context ID");
}

void
c_pdata_first(void)
{
	struct buf c = {0};
	struct store_cmd s = {0};

	build_store_cmd(&c, &s);
	pdata(1, 0x03, c.d, c.n);
	free(c.d);
	expect_pdu(7, "a P-DATA-TF before any association");
}

void
c_release_first(void)
{
	uint8_t r[10] = {5, 0, 0, 0, 0, 4, 0, 0, 0, 0};
	if (!send_all(r, sizeof r))
		bad("closed");
	expect_pdu(7, "an A-RELEASE-RQ before any association");
}

void
c_pdv_unaccepted(void)
{
	struct buf c = {0};
	struct store_cmd s = {0};

	associate();
	build_store_cmd(&c, &s);
	pdata(5, 0x03, c.d, c.n); /* context 5 was never proposed */
	free(c.d);
	expect_abort_or_failure("a command on presentation context 5, never proposed");
}

/* The SCP must answer within a max length of 7 (one byte per PDV) and
 * reject a max length of 6 or less (no room for a byte) at once. */
static void
tiny_max(uint32_t m, bool can_answer)
{
	struct store_cmd s = {0};
	struct buf b = {0};
	int type, st;

	our_max_len = m;
	if (!can_answer) {
		build_rq(&b, "HOSTILE", std_ctx, 2);
		send_buf(&b);
		free(b.d);
		expect_pdu(3, "an A-ASSOCIATE-RQ with a max length too small for a PDV");
		return;
	}
	associate();
	send_store(&s, GOOD_INSTANCE);
	st = read_status(&type);
	if (st != 0)
		bad("with a max length of %u the C-STORE got %s, status %d", m, pdu_name(type), st);
	printf("ok: %s: max length %u: answered in PDUs of that size\n", case_name, m);
	release();
}

void
c_max_7(void)
{
	tiny_max(7, true);
}
void
c_max_6(void)
{
	tiny_max(6, false);
}
void
c_max_1(void)
{
	tiny_max(1, false);
}

/* An RQ with 200 presentation contexts (odd IDs wrap past 255): at most
 * 128 can be valid; no crash, an answer. */
void
c_ctx_200(void)
{
	struct ctxspec c[200];
	struct pdu p;
	struct buf b = {0};

	for (int i = 0; i < 200; i++) {
		c[i].id = (uint8_t)(2 * i + 1);
		c[i].as = i % 2 ? VERIFICATION : CT_IMAGE;
	}
	build_rq(&b, "HOSTILE", c, 200);
	send_buf(&b);
	free(b.d);
	p = read_pdu(10000);
	if (p.type != 2 && p.type != 3 && p.type != 7)
		bad("200 presentation contexts answered with %s", pdu_name(p.type));
	free(p.body);
	printf("ok: %s: 200 presentation contexts answered with %s\n", case_name, pdu_name(p.type));
	if (p.type == 2)
		release();
	else
		expect_closed();
}

/* One context with 40 transfer syntaxes, an abstract syntax of 70
 * characters, and 300 unknown user information sub-items. */
void
c_rq_oversized_lists(void)
{
	struct buf b = {0}, pc = {0}, u = {0};
	char longuid[71];
	struct pdu p;

	memset(longuid, '1', 70);
	longuid[70] = '\0';
	pdu_header(&b, 1);
	put16be(&b, 1);
	put16be(&b, 0);
	ae(&b, "ANY-SCP");
	ae(&b, "HOSTILE");
	for (int i = 0; i < 32; i++)
		put8(&b, 0);
	item_str(&b, 0x10, APP_CONTEXT);
	put8(&pc, 1);
	put8(&pc, 0);
	put8(&pc, 0);
	put8(&pc, 0);
	item_str(&pc, 0x30, CT_IMAGE);
	for (int i = 0; i < 40; i++)
		item_str(&pc, 0x40, i == 0 ? IMPLICIT_LE : "1.2.3.4.5.6.7.8.9");
	item(&b, 0x20, pc.d, pc.n);
	pc.n = 0;
	put8(&pc, 3);
	put8(&pc, 0);
	put8(&pc, 0);
	put8(&pc, 0);
	item_str(&pc, 0x30, longuid);
	item_str(&pc, 0x40, IMPLICIT_LE);
	item(&b, 0x20, pc.d, pc.n);
	user_info_std(&u, 16384);
	for (int i = 0; i < 300; i++)
		item_str(&u, 0x60 + (i % 16), "junk");
	item(&b, 0x50, u.d, u.n);
	pdu_end(&b);
	send_buf(&b);
	p = read_pdu(10000);
	if (p.type != 2 && p.type != 3 && p.type != 7)
		bad("oversized lists answered with %s", pdu_name(p.type));
	free(p.body);
	printf("ok: %s: 40 transfer syntaxes, a 70-character abstract syntax and 300 unknown "
	       "sub-items answered with %s\n",
	       case_name, pdu_name(p.type));
	if (p.type == 2) {
		struct store_cmd s = {0};
		send_store(&s, GOOD_INSTANCE);
		expect_status(true, "a C-STORE after the oversized RQ");
		release();
	} else {
		expect_closed();
	}
	free(b.d);
	free(pc.d);
	free(u.d);
}
