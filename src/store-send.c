/* store-send.c — one C-STORE-RQ streamed from a file (store-send.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine-int.h"
#include "i18n.h"
#include "store-send.h"

void
store_send_init(struct store_send *s)
{
	memset(s, 0, sizeof *s);
	s->fd = -1;
}

void
store_send_stop(struct store_send *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

/* The batch buffer of the association, made with its first message. */
static int
stream_buffer(struct assoc *a)
{
	size_t cap = a->max_send > BATCH_BYTES ? a->max_send : BATCH_BYTES;

	if (a->st != NULL)
		return 0;
	a->st = malloc(sizeof *a->st + cap);
	if (a->st == NULL)
		return DCB_ERR_NOMEM;
	a->st->cap = cap;
	return 0;
}

int
store_send_start(struct assoc *a, struct store_send *s, uint8_t pcid,
                 const struct dcb_dimse_cmd *c, const char *path, int64_t dataset_offset,
                 const char *ts, bool pack, char *why, size_t why_size)
{
	struct dcb_error err = {0};
	struct stat st;
	ssize_t n;

	store_send_stop(s);
	if (stream_buffer(a) < 0) {
		snprintf(why, why_size, "%s", _("out of memory"));
		return DCB_ERR_NOMEM;
	}
	s->path = path;
	s->dataset_offset = dataset_offset;
	s->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (s->fd < 0 || fstat(s->fd, &st) != 0 || st.st_size < dataset_offset) {
		snprintf(why, why_size, _("cannot read it any more: %s"),
		         s->fd >= 0 ? _("the file got shorter") : strerror(errno));
		store_send_stop(s);
		return DCB_ERR_IO;
	}
	s->data_len = (uint64_t)(st.st_size - dataset_offset);
	s->file_len = s->data_len;
	if (s->data_len % 2 != 0 && strcmp(ts, DCB_UID_DEFLATED_LE) == 0) {
		/* PS3.5 8.2.1: a deflated stream of odd length gets one trailing
		 * 00H, as pydicom writes it; the inflater stops before it */
		s->data_len++;
		eng_log(a->e, a->id, DCB_LOG_INFO,
		        N_("%s: the deflated data set has an odd length (%llu bytes); sending it "
		           "with one trailing 00H byte, as PS3.5 8.2.1 says"),
		        path, (unsigned long long)s->file_len);
	} else if (s->data_len % 2 != 0) {
		eng_log(a->e, a->id, DCB_LOG_WARN,
		        N_("%s: the data set has an odd length (%llu bytes; PS3.5 7.1 wants even "
		           "lengths), so its last PDV is odd too: some peers refuse that"),
		        path, (unsigned long long)s->data_len);
	}
	n = dcb_dimse_encode(c, s->cmd, sizeof s->cmd, &err);
	if (n < 0 || dcb_fragmenter_init(&s->frag, pcid, a->max_send, s->cmd, (uint32_t)n, true,
	                                 s->data_len, pack) < 0) {
		snprintf(why, why_size, "%s", err.message);
		store_send_stop(s);
		return n < 0 ? (int)n : DCB_ERR_USAGE;
	}
	return 0;
}

int
store_send_batch(struct assoc *a, struct store_send *s, int max_pdus, uint64_t *first,
                 size_t *used)
{
	size_t total = 0;
	int np = 0, niov = 0;

	*first = 0;
	*used = 0;
	while (np < max_pdus) {
		size_t room = a->st->cap - *used;
		struct dcb_pdata_pdu *p = &a->st->spdu[np];
		if (np > 0 && room < a->max_send)
			break; /* keep every PDU at the peer's maximum */
		if (dcb_fragmenter_next(&s->frag, (uint32_t)room, p) != 1)
			break;
		if (p->data_len > 0) {
			if (*used == 0)
				*first = p->data_offset;
			*used += p->data_len;
		}
		np++;
	}
	if (np == 0) {
		store_send_stop(s);
		return 0;
	}
	/* the padding byte of an odd deflated data set is not in the file */
	size_t in_file = *used;
	if (*first + *used > s->file_len) {
		size_t pad = (size_t)(*first + *used - s->file_len);
		memset(a->st->buf + *used - pad, 0, pad);
		in_file -= pad;
	}
	for (size_t got = 0; got < in_file;) {
		ssize_t n = pread(s->fd, a->st->buf + got, in_file - got,
		                  (off_t)((uint64_t)s->dataset_offset + *first + got));
		if (n <= 0) {
			char why[300];
			snprintf(why, sizeof why, _("reading %s failed: %s"), s->path,
			         n == 0 ? _("the file got shorter") : strerror(errno));
			assoc_abort(a, why);
			return DCB_ERR_IO;
		}
		got += (size_t)n;
	}
	for (int i = 0; i < np; i++) {
		struct dcb_pdata_pdu *p = &a->st->spdu[i];
		const uint8_t *data = p->data_len > 0 ? a->st->buf + (p->data_offset - *first) : NULL;
		int k = dcb_pdata_pdu_iov(p, data, a->st->siov + niov);
		if (assoc_ul(a, DCB_EVT9, true) < 0 || a->dead)
			return DCB_ERR_IO;
		if (a->e->cfg.trace_pdus) {
			struct dcb_pdu pd;
			pd.type = DCB_PDU_P_DATA_TF;
			pd.length = p->wire_len - DCB_PDU_HEADER;
			pd.n_notes = 0;
			pd.u.pdata = p->info;
			assoc_trace_out(a, &pd, a->st->siov + niov, k);
		}
		niov += k;
		total += p->wire_len;
	}
	a->sn = niov;
	a->s_total = total;
	a->s_done = 0;
	*used = in_file;
	return 1;
}
