/* hostile-cases-qr.c — hostile requestor cases for a Query/Retrieve SCP
 * (dicombench dcmqrscp, driven by tests/hostile-qr.sh): C-FIND-RQs whose
 * identifiers cannot be read (hostile-cases.h).  The association is asked
 * of called AE title QR. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hostile-cases.h"
#include "hostile-wire.h"

#define STUDY_ROOT_FIND "1.2.840.10008.5.1.4.1.2.2.1"
#define QR_CALLED_AE "QR"

/* Associates with context 1 for Study Root FIND (and 3 for Verification)
 * and asserts that context 1 was accepted. */
static void
associate_find(void)
{
	static const struct ctxspec ctx[2] = {{1, STUDY_ROOT_FIND}, {3, VERIFICATION}};
	struct buf b = {0};
	struct pdu p;
	bool accepted = false;

	called_ae = QR_CALLED_AE;
	build_rq(&b, "HOSTILE", ctx, 2);
	send_buf(&b);
	free(b.d);
	p = read_pdu(10000);
	if (p.type != 2)
		bad("A-ASSOCIATE-RQ for Study Root FIND answered with %s, not an "
		    "A-ASSOCIATE-AC",
		    pdu_name(p.type));
	/* the variable items after the 68 bytes of fixed fields */
	for (size_t o = 68; o + 4 <= p.len;) {
		unsigned type = p.body[o], n = (unsigned)p.body[o + 2] << 8 | p.body[o + 3];
		if (type == 0x21 && n >= 4 && o + 8 <= p.len && p.body[o + 4] == 1)
			accepted = p.body[o + 7] == 0;
		o += 4 + n;
	}
	free(p.body);
	if (!accepted)
		bad("the SCP did not accept Study Root FIND on context 1");
}

/* Sends a C-FIND-RQ with message ID id on context 1 and the identifier
 * bytes d (n of them). */
static void
send_find(unsigned id, const void *d, size_t n)
{
	struct buf body = {0}, c = {0};

	el_uid(&body, 0, 0x0002, STUDY_ROOT_FIND);
	el_us(&body, 0, 0x0100, 0x0020);
	el_us(&body, 0, 0x0110, id);
	el_us(&body, 0, 0x0700, 0);
	el_us(&body, 0, 0x0800, 0x0000);
	with_group_length(&c, &body);
	pdata(1, 0x03, c.d, c.n);
	pdata(1, 0x02, d, n);
	free(body.d);
	free(c.d);
}

/* Reads responses until the final one; returns its status and the number
 * of pending ones before it in *pending. */
static int
final_status(const char *what, unsigned *pending)
{
	int type, st;

	*pending = 0;
	while ((st = read_status(&type)) == 0xFF00 || st == 0xFF01)
		(*pending)++;
	if (st < 0)
		bad("%s was answered with %s, not a C-FIND-RSP", what, pdu_name(type));
	return st;
}

/* Identifiers (implicit VR little endian) that no reader can take. */
struct garbage {
	const char *what;
	struct buf b;
};

static void
qr_level(struct buf *b)
{
	el(b, 0x0008, 0x0052, "STUDY ", 6);
}

static size_t
make_garbage(struct garbage *g)
{
	static const uint8_t ff[16] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	                               0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
	static const uint8_t item[8] = {0xfe, 0xff, 0x00, 0xe0, 0x00, 0x00, 0x00, 0x00};
	static const uint8_t seq_open[8] = {0x08, 0x00, 0x15, 0x11, 0xff, 0xff, 0xff, 0xff};
	size_t n = 0;

	g[n].what = "an element whose length runs 2 GiB past the end";
	qr_level(&g[n].b);
	put16le(&g[n].b, 0x0010);
	put16le(&g[n].b, 0x0010);
	put32le(&g[n].b, 0x7ffffff0);
	put(&g[n].b, "DOE*", 4);
	n++;

	g[n].what = "an element header cut after 5 bytes";
	qr_level(&g[n].b);
	put(&g[n].b, "\x10\x00\x20\x00\x04", 5);
	n++;

	g[n].what = "an item outside any sequence";
	qr_level(&g[n].b);
	put(&g[n].b, item, sizeof item);
	n++;

	g[n].what = "the same element twice";
	qr_level(&g[n].b);
	qr_level(&g[n].b);
	n++;

	g[n].what = "a sequence of undefined length that never ends";
	qr_level(&g[n].b);
	put(&g[n].b, seq_open, sizeof seq_open);
	put(&g[n].b, item, 4);
	put32le(&g[n].b, 0xffffffff);
	el(&g[n].b, 0x0008, 0x1150, "1.2", 4);
	n++;

	g[n].what = "16 bytes of 0xFF";
	put(&g[n].b, ff, sizeof ff);
	n++;
	return n;
}

/* Each garbage identifier is answered 0xA900 on the same association;
 * then a proper C-FIND there is answered with matches and success, and the
 * association is released properly. */
void
c_qr_find_garbage(void)
{
	struct garbage g[8] = {0};
	size_t n = make_garbage(g);
	struct buf good = {0};
	unsigned pending, id = 1;
	char line[300];
	int st;

	associate_find();
	for (size_t i = 0; i < n; i++, id++) {
		send_find(id, g[i].b.d, g[i].b.n);
		snprintf(line, sizeof line, "a C-FIND-RQ whose identifier holds %s", g[i].what);
		st = final_status(line, &pending);
		if (st != 0xA900 || pending != 0)
			bad("%s was answered with status 0x%04x after %u pending responses, not "
			    "0xa900",
			    line, st, pending);
		snprintf(line, sizeof line, "an identifier holding %s: status 0xa900",
		         g[i].what);
		ok(line);
		free(g[i].b.d);
	}
	qr_level(&good);
	el(&good, 0x0010, 0x0010, "", 0);
	el(&good, 0x0020, 0x000D, "", 0);
	send_find(id, good.d, good.n);
	st = final_status("a proper C-FIND-RQ afterwards", &pending);
	free(good.d);
	if (st != 0 || pending == 0)
		bad("a proper C-FIND-RQ after the garbage was answered 0x%04x after %u matches",
		    st, pending);
	snprintf(line, sizeof line,
	         "a proper C-FIND-RQ on the same association afterwards: %u matches, success",
	         pending);
	ok(line);
	release();
}

/* Sends a C-CANCEL-RQ for message ID id on context 1. */
static void
send_cancel(unsigned id)
{
	struct buf body = {0}, c = {0};

	el_us(&body, 0, 0x0100, 0x0FFF);
	el_us(&body, 0, 0x0120, id);
	el_us(&body, 0, 0x0800, 0x0101);
	with_group_length(&c, &body);
	pdata(1, 0x03, c.d, c.n);
	free(body.d);
	free(c.d);
}

/* A C-FIND of every study (the archive must hold thousands) and its
 * C-CANCEL right behind it: the SCP must stop with 0xFE00 before its last
 * answer.  (Sent later, the C-CANCEL may find every answer already in the
 * kernel's socket buffers, which take megabytes.)  Then a C-CANCEL naming
 * the earlier message ID must change nothing for the next C-FIND (all
 * answers, success), and the association goes on. */
void
c_qr_find_cancel(void)
{
	struct buf q = {0};
	unsigned cancelled, all, again;
	char line[300];
	int st;

	associate_find();
	qr_level(&q);
	el(&q, 0x0010, 0x0010, "", 0);
	el(&q, 0x0020, 0x000D, "", 0);

	send_find(1, q.d, q.n);
	send_cancel(1);
	st = final_status("a C-FIND cancelled at once", &cancelled);
	if (st != 0xFE00)
		bad("a C-CANCEL during a C-FIND was answered 0x%04x after %u answers, not 0xfe00",
		    st, cancelled);
	snprintf(line, sizeof line, "C-CANCEL: 0xfe00 after %u answers", cancelled);
	ok(line);

	/* a C-CANCEL for another message: ignored */
	send_find(2, q.d, q.n);
	msleep(500);
	send_cancel(1);
	st = final_status("a C-FIND followed by a C-CANCEL for another message", &all);
	if (st != 0)
		bad("a C-CANCEL for message ID 1 ended the C-FIND of message ID 2: status 0x%04x "
		    "after %u answers",
		    st, all);
	snprintf(line, sizeof line,
	         "a C-CANCEL for another message ID changed nothing: %u answers, success", all);
	ok(line);
	if (cancelled >= all)
		bad("the cancelled C-FIND sent all %u answers all the same", all);

	send_find(3, q.d, q.n);
	st = final_status("a C-FIND after the cancelled one", &again);
	free(q.d);
	if (st != 0 || again != all)
		bad("a C-FIND after the cancelled one was answered 0x%04x after %u of %u answers",
		    st, again, all);
	ok("the association goes on: the same C-FIND again, every answer");
	release();
}
