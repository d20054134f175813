/* mwl-scp.c — the Modality Worklist Information Model FIND SCP (PS3.4
 * Annex K): each C-FIND matched against the worklist folder (worklist.h)
 * through the matcher (match.h), answered by the C-FIND responder
 * (find-scp.h); for every entry that does not match, its first failing key
 * with both values is said (the log under -v), since "why is my entry not
 * in the list?" is the question worklist users ask most.  One entry of the
 * service table (service.h), in wlmscpfs's table. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "dataset-format.h"
#include "dict.h"
#include "dset.h"
#include "engine-int.h"
#include "find-scp.h"
#include "i18n.h"
#include "match.h"
#include "qr-scp.h"
#include "service.h"
#include "worklist.h"

#define T_CHARSET DCB_TAG(0x0008, 0x0005)

/* An association's state: the identifier being received, the answer
 * being sent. */
struct mwl {
	struct svc_buf rx;
	struct find_op *find;
};

/* The answers of one query, made when it arrived (entries may change
 * under a later query of another association), handed out one by one. */
struct answers {
	struct dcb_dset **v;
	size_t n, next;
	struct assoc *a;     /* the association (its --sleep pauses) */
	unsigned before_ms;  /* --sleep-before, still to come */
	unsigned during_ms;  /* --sleep-during */
	bool slept;          /* the pause before the next response is over */
};

static bool
serves(const struct dcb_engine *e, const char *abstract_syntax)
{
	return e->cfg.worklist != NULL && strcmp(abstract_syntax, DCB_UID_MWL_FIND) == 0;
}

static bool
takes(uint16_t command)
{
	return command == DCB_C_FIND_RQ;
}

static struct mwl *
mwl_of(struct assoc *a, void **state)
{
	struct mwl *m = svc_state(state, sizeof *m);

	if (m == NULL)
		assoc_abort(a, _("out of memory"));
	return m;
}

static int
answers_next(void *user, struct dcb_dset **answer, uint16_t *status)
{
	struct answers *as = user;

	if (as->a->paused_until != 0)
		return FIND_WAIT;
	if (as->before_ms > 0 || (as->during_ms > 0 && !as->slept)) {
		assoc_pause(as->a, as->before_ms > 0 ? as->before_ms : as->during_ms,
		            as->before_ms > 0 ? "--sleep-before" : "--sleep-during");
		as->before_ms = 0;
		as->slept = true;
		return FIND_WAIT;
	}
	as->slept = false;
	if (as->next == as->n)
		return 0;
	*answer = as->v[as->next];
	as->v[as->next++] = NULL;
	*status = 0xFF00;
	return 1;
}

static void
answers_free(void *user)
{
	struct answers *as = user;

	for (size_t i = 0; as != NULL && i < as->n; i++)
		dcb_dset_free(as->v[i]);
	if (as != NULL)
		free(as->v);
	free(as);
}

/* --- -rfp: each query written as text ----------------------------------------- */

static void
dump_set(FILE *f, const struct dcb_dset *ds, int depth)
{
	for (size_t i = 0; i < dcb_dset_count(ds); i++) {
		const struct dcb_dset_elem *e = dcb_dset_nth(ds, i);
		char text[1024];

		fprintf(f, "%*s(%04x,%04x) %s ", depth * 2, "", DCB_TAG_GROUP(e->tag),
		        DCB_TAG_ELEMENT(e->tag), e->vr);
		if (strcmp(e->vr, "SQ") == 0 || e->n_items > 0) {
			fprintf(f, "(Sequence #=%u)\n", e->n_items);
			for (uint32_t k = 0; k < e->n_items; k++) {
				fprintf(f, "%*s(fffe,e000) na (Item)\n", depth * 2 + 2, "");
				dump_set(f, e->items[k], depth + 2);
				fprintf(f, "%*s(fffe,e00d) na (ItemDelimitationItem)\n", depth * 2 + 2,
				        "");
			}
			fprintf(f, "%*s(fffe,e0dd) na (SequenceDelimitationItem)\n", depth * 2, "");
			continue;
		}
		dcb_value_format(e->vr, false, e->value, e->len, 0, 0, text, sizeof text, NULL);
		fprintf(f, dcb_vr_is_text(e->vr) ? "[%s]\n" : "%s\n", text);
	}
}

/* The file name -rff makes: #a calling AE, #c called AE, #p process ID,
 * #t time; anything else as given, '/' never (refused at start). */
static void
request_name(const struct assoc *a, const char *fmt, char *out, size_t size)
{
	struct timespec now;
	struct tm tm;
	size_t n = 0;

	clock_gettime(CLOCK_REALTIME, &now);
	localtime_r(&now.tv_sec, &tm);
	for (const char *p = fmt; *p != '\0' && n + 1 < size; p++) {
		char piece[64] = {p[0], '\0'};
		if (p[0] == '#' && p[1] != '\0') {
			switch (*++p) {
			case 'a':
				snprintf(piece, sizeof piece, "%s", a->calling_ae);
				break;
			case 'c':
				snprintf(piece, sizeof piece, "%s", a->called_ae);
				break;
			case 'p':
				snprintf(piece, sizeof piece, "%ld", (long)getpid());
				break;
			case 't':
				strftime(piece, sizeof piece, "%Y%m%d%H%M%S", &tm);
				snprintf(piece + strlen(piece), sizeof piece - strlen(piece), "%03ld",
				         now.tv_nsec / 1000000);
				break;
			default:
				piece[0] = '#', piece[1] = *p, piece[2] = '\0';
			}
		}
		for (char *q = piece; *q != '\0' && n + 1 < size; q++)
			out[n++] = *q == '/' ? '_' : *q; /* peer values never leave the folder */
	}
	out[n] = '\0';
}

static void
write_request(struct assoc *a, const struct dcb_dset *query)
{
	const struct dcb_mwl_policy *p = &a->e->cfg.mwl;
	char name[256], path[4096];
	FILE *f;

	if (p->request_dir == NULL)
		return;
	request_name(a, p->request_format != NULL ? p->request_format : "#t.dump", name,
	             sizeof name);
	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		snprintf(name, sizeof name, "%s", "request.dump");
	snprintf(path, sizeof path, "%s/%s", p->request_dir, name);
	f = fopen(path, "w");
	if (f == NULL) {
		eng_log(a->e, a->id, DCB_LOG_WARN, N_("cannot write the query to %s"), path);
		return;
	}
	dump_set(f, query, 0);
	fclose(f);
}

/* --- a query ------------------------------------------------------------------ */

/* The answer as the policy wants it: its character set (-cs0, -cs1,
 * -csk), and empty sequence keys not expanded (-nse). */
static void
shape(const struct dcb_mwl_policy *p, const struct dcb_dset *query, struct dcb_dset *ans)
{
	if (p->charset == DCB_MWL_CS_NONE)
		dcb_dset_remove(ans, T_CHARSET);
	else if (p->charset == DCB_MWL_CS_LATIN1)
		dcb_dset_put_str(ans, T_CHARSET, "CS", "ISO_IR 100", NULL);
	if (!p->no_sq_expansion)
		return;
	for (size_t i = 0; i < dcb_dset_count(query); i++) {
		const struct dcb_dset_elem *q = dcb_dset_nth(query, i);
		if (strcmp(q->vr, "SQ") == 0 &&
		    (q->n_items == 0 || dcb_dset_count(q->items[0]) == 0))
			dcb_dset_put_seq(ans, q->tag, NULL);
	}
}

/* Matches query against the entries the called AE title sees; the
 * answers, and why each other entry did not match, said. */
static struct answers *
match_all(struct assoc *a, const struct dcb_dset *query, unsigned *considered)
{
	struct dcb_engine *e = a->e;
	struct dcb_worklist *wl = e->cfg.worklist;
	struct dcb_match_opts opts = {.pn_ignore_case = e->cfg.mwl.pn_ignore_case};
	struct answers *as = calloc(1, sizeof *as);
	size_t n = dcb_worklist_count(wl, a->called_ae);

	*considered = 0;
	if (as == NULL || (n > 0 && (as->v = calloc(n, sizeof *as->v)) == NULL)) {
		free(as);
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		const struct dcb_wl_entry *w = dcb_worklist_nth(wl, a->called_ae, i);
		struct dcb_match_miss miss;
		struct dcb_error err = {0};
		char why[512];

		if (!w->served)
			continue;
		(*considered)++;
		if (!dcb_match(query, w->ds, &opts, &miss)) {
			dcb_match_miss_describe(&miss, why, sizeof why);
			eng_log(e, a->id, DCB_LOG_INFO, N_("worklist entry %s does not match: %s"),
			        w->name, why);
			continue;
		}
		if (dcb_match_answer_opts(query, w->ds, &opts, &as->v[as->n], &err) < 0) {
			eng_log(e, a->id, DCB_LOG_WARN, N_("worklist entry %s matches, but: %s"),
			        w->name, err.message);
			continue;
		}
		shape(&e->cfg.mwl, query, as->v[as->n]);
		eng_log(e, a->id, DCB_LOG_INFO, N_("worklist entry %s matches"), w->name);
		as->n++;
	}
	return as;
}

static void
query(struct assoc *a, struct mwl *s, const struct svc_msg *m)
{
	struct dcb_engine *e = a->e;
	struct dcb_dset *q = NULL;
	struct dcb_error err = {0};
	enum dcb_dset_syntax syn;
	struct answers *as;
	unsigned considered;

	if (s->find != NULL) {
		/* one C-FIND at a time: the first one is still being answered */
		svc_respond(a, m->pcid, m->cmd, 0xA700, "Another C-FIND is being answered");
		return;
	}
	if (s->rx.too_big || dcb_dset_syntax_of(m->ctx->ts, &syn) < 0 ||
	    dcb_dset_decode(s->rx.buf, s->rx.len, syn, &q, &err) < 0) {
		eng_log(e, a->id, DCB_LOG_WARN, N_("worklist query from %s cannot be read: %s"),
		        a->peer, s->rx.too_big ? _("too large") : err.message);
		if (e->cfg.mwl.no_fail)
			svc_respond(a, m->pcid, m->cmd, 0x0000, NULL);
		else
			svc_respond(a, m->pcid, m->cmd, 0xA900, "Identifier cannot be read");
		return;
	}
	write_request(a, q);
	if (dcb_worklist_refresh(e->cfg.worklist, assoc_finding, a, &err) < 0) {
		eng_log(e, a->id, DCB_LOG_ERROR, "%s", err.message);
		svc_respond(a, m->pcid, m->cmd, 0xC000, "Worklist folder cannot be read");
		dcb_dset_free(q);
		return;
	}
	as = match_all(a, q, &considered);
	dcb_dset_free(q);
	if (as == NULL) {
		svc_respond(a, m->pcid, m->cmd, 0xA700, "Out of resources");
		return;
	}
	eng_log(e, a->id, DCB_LOG_INFO,
	        N_("worklist query (message ID %u) from %s to %s: %zu of %u entries match"),
	        m->cmd->message_id, a->peer, a->called_ae, as->n, considered);
	as->a = a;
	as->before_ms = e->cfg.mwl.sleep_before_s * 1000u;
	as->during_ms = e->cfg.mwl.sleep_during_s * 1000u;
	s->find = find_op_start(a, m, answers_next, as, answers_free);
}

/* --- the service's points -------------------------------------------------------- */

static void
on_command(struct assoc *a, void **state, const struct svc_msg *m)
{
	struct mwl *s = mwl_of(a, state);

	if (s == NULL)
		return;
	svc_buf_reset(&s->rx);
	if (!m->has_data)
		query(a, s, m);
}

static void
on_data(struct assoc *a, void **state, const uint8_t *p, size_t n)
{
	struct mwl *s = mwl_of(a, state);

	if (s != NULL)
		svc_buf_add(&s->rx, p, n);
}

static void
on_end(struct assoc *a, void **state, const struct svc_msg *m)
{
	struct mwl *s = mwl_of(a, state);

	if (s != NULL)
		query(a, s, m);
}

static void
on_cancel(struct assoc *a, void **state, const struct dcb_dimse_cmd *c)
{
	struct mwl *s = *state;

	(void)a;
	if (s != NULL && s->find != NULL)
		find_op_cancel(s->find, c->message_id_responded);
}

static void
pump(struct assoc *a, void **state)
{
	struct mwl *s = *state;

	if (s->find != NULL && !find_op_pump(a, s->find)) {
		s->find = NULL;
		assoc_pause(a, a->e->cfg.mwl.sleep_after_s * 1000u, "--sleep-after");
	}
}

static void
on_close(struct assoc *a, void **state)
{
	struct mwl *s = *state;

	(void)a;
	find_op_free(s->find);
	svc_buf_clear(&s->rx);
	free(s);
	*state = NULL;
}

/* wlmscpfs: the called AE title names a folder of the worklist (which is
 * looked at again here, so that a folder made a moment ago counts). */
static bool
admits(struct assoc *a, const struct dcb_assoc *rq, uint8_t *reason, char *why, size_t why_size)
{
	struct dcb_worklist *wl = a->e->cfg.worklist;
	char called[80];

	if (wl == NULL || dcb_worklist_layout(wl) != DCB_WL_PER_AE)
		return true;
	dcb_worklist_refresh(wl, assoc_finding, a, NULL);
	if (dcb_worklist_has_ae(wl, rq->called_ae))
		return true;
	eng_visible(rq->called_ae, called, sizeof called);
	snprintf(why, why_size,
	         _("called AE title %s has no worklist folder %s/%s (reason 7, as "
	           "wlmscpfs); create it, with an empty file named lockfile"),
	         called, dcb_worklist_root(wl), rq->called_ae);
	*reason = 7;
	return false;
}

const struct dcb_service dcb_service_mwl = {
    .name = "Modality Worklist",
    .admits = admits,
    .serves = serves,
    .takes = takes,
    .on_command = on_command,
    .on_data = on_data,
    .on_end = on_end,
    .on_cancel = on_cancel,
    .pump = pump,
    .on_close = on_close,
};
