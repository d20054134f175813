/* service.c — the table of DIMSE services the acceptor offers, and what
 * every service needs: finding one, answering a request. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dcb-limits.h"
#include "dset.h"
#include "engine-int.h"
#include "i18n.h"
#include "service.h"

static const struct dcb_service *const builtin[] = {
    &dcb_service_verification,
    &dcb_service_storage,
    NULL,
};

const struct dcb_service *const *
svc_table(const struct dcb_engine *e)
{
	return e->cfg.services != NULL ? e->cfg.services : builtin;
}

const struct dcb_service *
svc_find(const struct dcb_engine *e, const char *abstract_syntax, uint16_t command, unsigned *index)
{
	const struct dcb_service *const *table = svc_table(e);

	for (unsigned i = 0; table[i] != NULL && i < DCB_MAX_SERVICES; i++) {
		const struct dcb_service *s = table[i];
		if (s->serves(e, abstract_syntax) && s->takes(command)) {
			*index = i;
			return s;
		}
	}
	return NULL;
}

bool
svc_serves(const struct dcb_engine *e, const char *abstract_syntax)
{
	const struct dcb_service *const *table = svc_table(e);

	for (unsigned i = 0; table[i] != NULL && i < DCB_MAX_SERVICES; i++)
		if (table[i]->serves(e, abstract_syntax))
			return true;
	return false;
}

int
svc_send(struct assoc *a, const struct svc_msg *m, struct dcb_dimse_cmd *c,
         const struct dcb_dset *ds)
{
	struct dcb_error err = {0};
	enum dcb_dset_syntax syntax;
	uint8_t *data = NULL;
	size_t len = 0;
	int rc;

	c->data_set_type = ds != NULL ? DCB_DATASET_PRESENT : DCB_DATASET_ABSENT;
	if (ds != NULL) {
		rc = dcb_dset_syntax_of(m->ctx->ts, &syntax);
		if (rc < 0) {
			char why[160];
			snprintf(why, sizeof why,
			         _("cannot answer with a data set in transfer syntax %s"), m->ctx->ts);
			assoc_abort(a, why);
			return rc;
		}
		rc = dcb_dset_encode_alloc(ds, syntax, &data, &len, &err);
		if (rc < 0) {
			assoc_abort(a, err.message);
			return rc;
		}
	}
	rc = assoc_send_message(a, m->pcid, c, data, len);
	free(data);
	if (rc < 0)
		assoc_abort(a, _("cannot send the response"));
	return rc;
}

void
svc_respond(struct assoc *a, uint8_t pcid, const struct dcb_dimse_cmd *rq, uint16_t status,
            const char *comment)
{
	struct dcb_dimse_cmd rsp;

	if (dcb_dimse_rsp_for(&rsp, rq, status) < 0) {
		assoc_abort(a, _("cannot send the response"));
		return;
	}
	if (comment != NULL && comment[0] != '\0' &&
	    dcb_dimse_status_class(status) == DCB_STATUS_FAILURE) {
		rsp.present |= DCB_F_ERROR_COMMENT;
		snprintf(rsp.error_comment, sizeof rsp.error_comment, "%s", comment);
	}
	if (assoc_send_command(a, pcid, &rsp) < 0)
		assoc_abort(a, _("cannot send the response"));
}

void
svc_buf_add(struct svc_buf *b, const uint8_t *p, size_t n)
{
	if (b->too_big)
		return;
	if (b->len + n > DCB_DSET_MAX_BYTES) {
		b->too_big = true;
		return;
	}
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		uint8_t *grown;
		while (cap < b->len + n)
			cap *= 2;
		grown = realloc(b->buf, cap);
		if (grown == NULL) {
			b->too_big = true;
			return;
		}
		b->buf = grown;
		b->cap = cap;
	}
	memcpy(b->buf + b->len, p, n);
	b->len += n;
}

void
svc_buf_reset(struct svc_buf *b)
{
	b->len = 0;
	b->too_big = false;
}

void
svc_buf_clear(struct svc_buf *b)
{
	free(b->buf);
	memset(b, 0, sizeof *b);
}

void *
svc_state(void **state, size_t size)
{
	if (*state == NULL)
		*state = calloc(1, size);
	return *state;
}
