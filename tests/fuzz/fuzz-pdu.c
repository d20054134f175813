/* fuzz-pdu.c — libFuzzer target: PDU decode, the resumable reader, the
 * text functions, the trace's tree (whole and cut short), and re-encoding
 * what decoded. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/explain.h"
#include "../../src/pdu-tree.h"
#include "../../src/pdu.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_pdu(const uint8_t *bytes, size_t len, struct dcb_pdu *pdu, struct dcb_pdu *again,
          uint8_t *scratch, size_t scratch_size)
{
	struct dcb_error err;
	char text[2048];
	ssize_t n;

	if (dcb_pdu_decode(bytes, len, pdu, &err) < 0)
		return;
	dcb_pdu_summary(pdu, text, sizeof text);
	dcb_pdu_dump(pdu, text, sizeof text);
	for (unsigned i = 0; i < pdu->n_notes; i++)
		dcb_pdu_note_describe(&pdu->notes[i], text, sizeof text);
	if (pdu->type == DCB_PDU_P_DATA_TF)
		return;
	/* Whatever decoded must encode again, and decode again. */
	n = dcb_pdu_encode(pdu, scratch, scratch_size, &err);
	if (n == DCB_ERR_USAGE)
		return; /* e.g. a user information item that the added maximum length
		         * sub-item pushes past 65535 bytes */
	if (n < 0)
		abort();
	if (dcb_pdu_decode(scratch, (size_t)n, again, &err) < 0)
		abort();
	if (again->type != pdu->type)
		abort();
	if ((pdu->type == DCB_PDU_ASSOCIATE_RQ || pdu->type == DCB_PDU_ASSOCIATE_AC) &&
	    again->u.assoc.n_pctx != pdu->u.assoc.n_pctx)
		abort();
}

/* Every line must be a string; their length is summed so none is skipped. */
static void
tree_line(unsigned depth, const char *text, void *user)
{
	size_t *sum = user;

	*sum += depth + strlen(text);
}

/* The keyed tree: every line names a field the explain table knows. */
static void
keyed_line(unsigned depth, const char *text, const char *key, void *user)
{
	if (dcb_explain_find(key) == NULL)
		abort();
	tree_line(depth, text, user);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dcb_pdu *pdu = malloc(sizeof *pdu), *again = malloc(sizeof *again);
	size_t scratch_size = 2u << 20;
	uint8_t *scratch = malloc(scratch_size);
	struct dcb_pdu_reader r;
	struct dcb_error err;
	char hex[512];
	size_t at = 0, chunk;

	if (pdu == NULL || again == NULL || scratch == NULL)
		abort();
	/* The input as one PDU. */
	check_pdu(data, size, pdu, again, scratch, scratch_size);
	dcb_hexdump(data, size < 64 ? size : 64, 0, hex, sizeof hex);

	/* The tree of the trace's detail view, of all of it and of a prefix
	 * as an event keeps it. */
	size_t sum = 0;
	dcb_pdu_tree(data, size, tree_line, &sum);
	dcb_pdu_tree(data, size / 2, tree_line, &sum);
	dcb_pdu_tree_keyed(data, size, keyed_line, &sum);

	/* The input as a stream, in chunks chosen by its first byte. */
	chunk = size > 0 ? 1 + data[0] % 64 : 1;
	dcb_pdu_reader_init(&r);
	r.max_pdu = 4096;
	r.max_control = 1u << 16;
	r.strict = size > 1 && (data[1] & 1);
	while (at <= size) {
		size_t n = size - at < chunk ? size - at : chunk;
		struct dcb_pdu_event ev;
		ssize_t k = dcb_pdu_reader_feed(&r, data + at, n, &ev, &err);

		if (k < 0)
			break;
		if ((size_t)k > n)
			abort();
		at += (size_t)k;
		if (ev.kind == DCB_PDU_EV_PDU)
			check_pdu(ev.bytes, ev.len, pdu, again, scratch, scratch_size);
		if (ev.kind == DCB_PDU_EV_PDV_DATA && (ev.len == 0 || ev.len > n))
			abort();
		if (ev.kind == DCB_PDU_EV_NONE && at == size)
			break;
	}
	dcb_pdu_reader_clear(&r);
	free(scratch);
	free(again);
	free(pdu);
	return 0;
}
