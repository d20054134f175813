/* model.c — the dashboard's view model: events in, state out. */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/dimse.h"
#include "../src/i18n.h"
#include "../src/pdu.h"
#include "../src/trace-msg.h"
#include "model.h"

#define RATE_WINDOW 0.5 /* seconds between throughput updates */
#define RATE_IDLE 2.0   /* no bytes for this long: throughput shows 0 */
#define FOLD_LOOKBACK 8 /* trace lines searched for a data line to fold into */

static void
copy(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src);
}

struct ui_model *
ui_model_new(void)
{
	struct ui_model *m = calloc(1, sizeof *m);

	if (m == NULL)
		abort();
	m->dirty = UI_DIRTY_ALL;
	m->ladder.max = UI_LADDER_MAX;
	return m;
}

void
ui_model_free(struct ui_model *m)
{
	if (m != NULL) {
		dcb_ladder_log_clear(&m->ladder);
		ui_qr_clear(&m->qr);
	}
	free(m);
}

double
ui_ts_seconds(const struct timespec *ts)
{
	return (double)ts->tv_sec + (double)ts->tv_nsec / 1e9;
}

const char *
ui_pdu_name(uint8_t type, char *buf, size_t size)
{
	static const char *const names[] = {
	    NULL,        "A-ASSOCIATE-RQ", "A-ASSOCIATE-AC", "A-ASSOCIATE-RJ",
	    "P-DATA-TF", "A-RELEASE-RQ",   "A-RELEASE-RP",   "A-ABORT",
	};

	if (type >= 1 && type <= 7)
		return names[type];
	snprintf(buf, size, "PDU 0x%02x", type);
	return buf;
}

static struct ui_side_state *
side_of(struct ui_model *m, enum dcb_side side)
{
	return side == DCB_SIDE_SCP ? &m->scp : &m->scu;
}

static unsigned
side_dirty(enum dcb_side side)
{
	return side == DCB_SIDE_SCP ? UI_DIRTY_SCP : UI_DIRTY_SCU;
}

/* The association a new one replaces when the list is full: the oldest
 * of its own side once that side holds half the list, else the oldest of
 * all (so that a busy side never pushes the other one's out). */
static int
assoc_victim(const struct ui_model *m, enum dcb_side side)
{
	int own = -1, n = 0;

	for (int i = 0; i < m->nassoc; i++)
		if (m->assoc[i].side == side) {
			own = i;
			n++;
		}
	return n >= UI_MAX_ASSOC / 2 ? own : m->nassoc - 1;
}

/* A new association of side with id, in front (most recent first); one
 * goes (assoc_victim) when the list is full. */
static struct ui_assoc *
assoc_new(struct ui_model *m, enum dcb_side side, uint32_t id)
{
	int n = m->nassoc;

	if (n == UI_MAX_ASSOC) {
		int v = assoc_victim(m, side);
		memmove(&m->assoc[v], &m->assoc[v + 1], (size_t)(n - 1 - v) * sizeof m->assoc[0]);
		n--;
	}
	memmove(&m->assoc[1], &m->assoc[0], (size_t)n * sizeof m->assoc[0]);
	m->nassoc = n + 1;
	struct ui_assoc *a = &m->assoc[0];
	memset(a, 0, sizeof *a);
	a->id = id;
	a->side = side;
	a->requestor = side == DCB_SIDE_SCU; /* until its states or PDUs tell */
	a->serial = ++m->assoc_serial;
	a->state = 1;
	return a;
}

/* The index of the most recent association of side with id, or -1. */
static int
assoc_index(const struct ui_model *m, enum dcb_side side, uint32_t id)
{
	for (int i = 0; i < m->nassoc; i++)
		if (m->assoc[i].side == side && m->assoc[i].id == id)
			return i;
	return -1;
}

/* The association of side with id (the most recent one of that id),
 * created when new. */
static struct ui_assoc *
assoc_of(struct ui_model *m, enum dcb_side side, uint32_t id)
{
	int i = assoc_index(m, side, id);

	return i >= 0 ? &m->assoc[i] : assoc_new(m, side, id);
}

/* The open association of ev's side and id: a closed one of that id is
 * history, and news about the id (an engine restarted, counting from 1
 * again) starts a new one. */
static struct ui_assoc *
assoc_live(struct ui_model *m, const struct dcb_event *ev)
{
	struct ui_assoc *a = assoc_of(m, ev->side, ev->assoc_id);

	return a->closed ? assoc_new(m, ev->side, ev->assoc_id) : a;
}

const struct ui_assoc *
ui_model_assoc_find(const struct ui_model *m, enum dcb_side side, uint32_t id)
{
	int i = assoc_index(m, side, id);

	return i >= 0 ? &m->assoc[i] : NULL;
}

static const struct ui_assoc *
assoc_serial(const struct ui_model *m, unsigned serial)
{
	for (int i = 0; i < m->nassoc; i++)
		if (m->assoc[i].serial == serial)
			return &m->assoc[i];
	return NULL;
}

/* The association whose C-MOVE the C-STORE-RQ store of a is a
 * sub-operation of: the most recent one older than a, of a's side first
 * (when our SCU moves from our SCP, both ends report the C-MOVE-RQ);
 * 0 none. */
static unsigned
move_parent(const struct ui_model *m, const struct ui_assoc *a, const struct dcb_ev_dimse *store)
{
	unsigned other = 0;

	for (int i = 0; i < m->nassoc; i++) {
		const struct ui_assoc *p = &m->assoc[i];
		if (p->serial >= a->serial ||
		    !dcb_ladder_is_sub_operation(store, &p->move, p->calling_ae))
			continue;
		if (p->side == a->side)
			return p->serial;
		if (other == 0)
			other = p->serial;
	}
	return other;
}

/* What a PDU tells about its association: who asked for it, its job. */
static void
assoc_pdu(struct ui_model *m, const struct dcb_event *ev)
{
	const struct dcb_ev_pdu *p = &ev->u.pdu;
	struct ui_assoc *a = p->type == DCB_PDU_ASSOCIATE_RQ ? assoc_live(m, ev)
	                                                     : assoc_of(m, ev->side, ev->assoc_id);

	if (p->type == DCB_PDU_ASSOCIATE_RQ)
		a->requestor = p->outgoing;
	if (ev->job != 0)
		a->job = ev->job;
}

/* A DIMSE message on its association, whatever the service: its words for
 * the pane, the C-MOVE it carries, the C-MOVE it is a sub-operation of. */
static void
assoc_message(struct ui_model *m, const struct dcb_event *ev)
{
	const struct dcb_ev_dimse *d = &ev->u.message.dimse;
	struct ui_assoc *a = assoc_of(m, ev->side, ev->assoc_id);

	a->messages++;
	dcb_trace_msg_words(d, a->last_message, sizeof a->last_message);
	if (d->command == DCB_C_MOVE_RQ)
		a->move = *d;
	else if (a->parent == 0 && d->command == DCB_C_STORE_RQ)
		a->parent = move_parent(m, a, d);
}

/* The parent a pane draws a under: its parent, when kept and of its side. */
static unsigned
shown_parent(const struct ui_model *m, const struct ui_assoc *a)
{
	const struct ui_assoc *p = a->parent != 0 ? assoc_serial(m, a->parent) : NULL;

	return p != NULL && p->side == a->side ? p->serial : 0;
}

/* Rows from n on: the associations of side under parent (0: the top),
 * each followed by its own.  A parent is older than its children, so this
 * ends. */
static int
add_rows(const struct ui_model *m, enum dcb_side side, unsigned parent, int depth,
         struct ui_assoc_row *rows, int n, int max)
{
	for (int i = 0; i < m->nassoc && n < max; i++) {
		const struct ui_assoc *a = &m->assoc[i];
		if (a->side != side || shown_parent(m, a) != parent)
			continue;
		rows[n].a = a;
		rows[n].depth = depth;
		n = add_rows(m, side, a->serial, depth + 1, rows, n + 1, max);
	}
	return n;
}

int
ui_model_assoc_rows(const struct ui_model *m, enum dcb_side side, struct ui_assoc_row *rows,
                    int max)
{
	return add_rows(m, side, 0, 0, rows, 0, max);
}

static void
rate_bytes(struct ui_rate *r, uint64_t bytes, double now)
{
	if (r->t0 == 0.0) {
		r->t0 = now;
		r->b0 = bytes;
	}
	r->last_change = now;
}

static bool
time_after(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec > b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec > b->tv_nsec);
}

/* A new trace line for ev, in time order: the SCP and SCU engines run in
 * two threads, so an event may arrive after a later one of the other
 * side; it goes in before the lines younger than itself (never before the
 * oldest line kept). */
static struct ui_trace_entry *
trace_add(struct ui_model *m, const struct dcb_event *ev, enum ui_trace_kind kind)
{
	uint64_t first = m->trace_next + 1 > UI_TRACE_MAX ? m->trace_next + 1 - UI_TRACE_MAX : 0;
	uint64_t pos = m->trace_next;
	struct ui_trace_entry *t;

	while (pos > first && time_after(&m->trace[(pos - 1) % UI_TRACE_MAX].time, &ev->time))
		pos--;
	for (uint64_t q = m->trace_next; q > pos; q--) {
		m->trace[q % UI_TRACE_MAX] = m->trace[(q - 1) % UI_TRACE_MAX];
		m->trace[q % UI_TRACE_MAX].seq = q;
	}
	m->trace_next++;
	t = &m->trace[pos % UI_TRACE_MAX];
	memset(t, 0, offsetof(struct ui_trace_entry, raw));
	t->seq = pos;
	t->time = ev->time;
	t->side = ev->side;
	t->assoc_id = ev->assoc_id;
	t->kind = kind;
	t->count = 1;
	return t;
}

/* A P-DATA-TF whose first PDV carries data rather than a command:
 * header (6) + PDV length (4) + context id (1) + control header (1). */
static bool
is_data_pdv(const struct dcb_ev_pdu *p)
{
	return p->type == 0x04 && p->raw_len >= 12 && (p->raw[11] & 0x01) == 0;
}

/* Data of one DIMSE message (or of none known, as before). */
static bool
same_message(const struct dcb_ev_dimse *a, const struct dcb_ev_dimse *b)
{
	return a->known == b->known && a->command == b->command &&
	       a->message_id == b->message_id;
}

static void
apply_pdu(struct ui_model *m, const struct dcb_event *ev)
{
	const struct dcb_ev_pdu *p = &ev->u.pdu;
	bool data = is_data_pdv(p);
	uint32_t repeat = p->repeat > 1 ? p->repeat : 1; /* the engine's own folding */

	/* Fold into the stream's previous line when that was data too; lines
	 * of other streams (the other side, other associations) may lie
	 * between, as both sides report the same PDUs. */
	for (uint64_t k = 1; data && k <= FOLD_LOOKBACK && k <= m->trace_next; k++) {
		struct ui_trace_entry *last = &m->trace[(m->trace_next - k) % UI_TRACE_MAX];
		if (last->side != ev->side || last->assoc_id != ev->assoc_id)
			continue;
		if (last->kind == UI_TRACE_PDU && last->data_pdv && last->outgoing == p->outgoing &&
		    same_message(&last->dimse, &p->dimse)) {
			/* the line keeps the time of its first PDU */
			last->count += repeat;
			last->bytes += (uint64_t)p->length * repeat;
			return;
		}
		break;
	}
	struct ui_trace_entry *t = trace_add(m, ev, UI_TRACE_PDU);
	t->outgoing = p->outgoing;
	t->pdu_type = p->type;
	t->data_pdv = data;
	t->length = p->length;
	t->count = repeat;
	t->bytes = (uint64_t)p->length * repeat;
	t->dimse = p->dimse;
	copy(t->text, sizeof t->text, p->summary);
	t->raw_len = p->raw_len <= DCB_EVENT_RAW_MAX ? p->raw_len : DCB_EVENT_RAW_MAX;
	memcpy(t->raw, p->raw, t->raw_len);
}

static void
add_finding(struct ui_model *m, const struct dcb_finding *f, enum dcb_side side, uint32_t assoc_id,
            const char *file)
{
	struct ui_finding_entry *e = &m->findings[m->nfindings % UI_FINDINGS_MAX];

	if (m->nfindings >= UI_FINDINGS_MAX)
		m->findings_dropped++;
	memset(e, 0, sizeof *e);
	e->f = *f;
	e->f.code[sizeof e->f.code - 1] = '\0';
	e->f.where[sizeof e->f.where - 1] = '\0';
	e->f.message[sizeof e->f.message - 1] = '\0';
	e->side = side;
	e->assoc_id = assoc_id;
	e->from_file = file != NULL;
	copy(e->source, sizeof e->source, file != NULL ? file : "");
	m->nfindings++;
	if (f->severity == DCB_SEV_ERROR)
		m->findings_errors++;
	else if (f->severity == DCB_SEV_WARNING)
		m->findings_warnings++;
}

enum scu_end { END_NONE, END_SEND, END_ECHO, END_OTHER };

/* Whose end ev is: the SCU's send job's or its echo's by their numbers
 * when known, else (an engine that does not number) a send's when no
 * query waits; END_OTHER: a query's (or no job the model knows). */
static enum scu_end
scu_end(const struct ui_model *m, const struct dcb_event *ev)
{
	if (ev->kind != DCB_EV_JOB_DONE || ev->side != DCB_SIDE_SCU)
		return END_NONE;
	if (ev->job != 0 && ev->job == m->scu.echo_job)
		return END_ECHO;
	if (ev->job != 0 && m->scu.job != 0)
		return ev->job == m->scu.job ? END_SEND : END_OTHER;
	return m->qr.jobs == 0 ? END_SEND : END_OTHER;
}

/* The end of an SCU job that is no query's: a send's frees the SCU; its
 * counts (or the echo's answer) go to the status line. */
static void
scu_job_done(struct ui_model *m, const struct dcb_event *ev, enum scu_end end)
{
	struct ui_side_state *s = &m->scu;
	const struct dcb_ev_job_done *done = &ev->u.done;

	if (end == END_ECHO) {
		if (done->ok > 0 && done->failed == 0)
			snprintf(m->status, sizeof m->status, _("C-ECHO answered in %.3f s."),
			         done->seconds);
		else
			snprintf(m->status, sizeof m->status, "%s", _("C-ECHO not answered."));
		return;
	}
	if (end == END_SEND) {
		s->busy = false;
		s->current[0] = '\0';
		s->cur_done = s->cur_total = 0;
	}
	snprintf(m->status, sizeof m->status,
	         P_("Sent %u object in %.3f s: %u failed.", "Sent %u objects in %.3f s: %u failed.",
	            done->ok + done->failed),
	         done->ok + done->failed, done->seconds, done->failed);
}

unsigned
ui_model_apply(struct ui_model *m, const struct dcb_event *ev)
{
	struct ui_side_state *s = side_of(m, ev->side);
	unsigned d = side_dirty(ev->side);
	double now = ui_ts_seconds(&ev->time);
	struct ui_trace_entry *t;
	struct ui_assoc *a;

	/* Query answers, a query's end: the results list.  The send's and
	 * the echo's ends are theirs only. */
	enum scu_end end = scu_end(m, ev);
	if ((end == END_NONE || end == END_OTHER) && ui_qr_apply(&m->qr, ev)) {
		d = UI_DIRTY_SCU;
		if (ev->kind == DCB_EV_RESPONSE || ev->kind == DCB_EV_JOB_DONE) {
			m->dirty |= d;
			return d;
		}
	}
	switch (ev->kind) {
	case DCB_EV_LOG:
		if (ev->u.log.level > DCB_LOG_INFO)
			return 0;
		t = trace_add(m, ev, UI_TRACE_LOG);
		copy(t->text, sizeof t->text, ev->u.log.text);
		d = UI_DIRTY_TRACE;
		break;
	case DCB_EV_LISTENING:
		for (int i = 0; i < s->nlisten; i++)
			if (strcmp(s->listen[i].address, ev->u.listening.address) == 0 &&
			    s->listen[i].tls == ev->u.listening.tls)
				return 0;
		if (s->nlisten < UI_MAX_LISTEN) {
			struct ui_listener *l = &s->listen[s->nlisten++];
			copy(l->address, sizeof l->address, ev->u.listening.address);
			copy(l->ae_title, sizeof l->ae_title, ev->u.listening.ae_title);
			l->tls = ev->u.listening.tls;
		}
		break;
	case DCB_EV_ASSOC_STATE:
		if (dcb_ladder_log_add(&m->ladder, ev) < 0)
			abort();
		a = assoc_of(m, ev->side, ev->assoc_id);
		if (a->closed && ev->u.assoc.state == 1 &&
		    strcmp(a->reason, ev->u.assoc.reason) == 0)
			return 0; /* its end reported once more: nothing new */
		if (a->closed && ev->u.assoc.state != 1)
			a = assoc_new(m, ev->side, ev->assoc_id);
		a->state = ev->u.assoc.state;
		a->closed = ev->u.assoc.state == 1;
		if (a->state >= 2 && a->state <= 5) /* Sta2, Sta3: an acceptor's; Sta4, Sta5 */
			a->requestor = a->state >= 4;
		if (ev->job != 0)
			a->job = ev->job;
		if (ev->u.assoc.peer[0] != '\0')
			copy(a->peer, sizeof a->peer, ev->u.assoc.peer);
		if (ev->u.assoc.calling_ae[0] != '\0')
			copy(a->calling_ae, sizeof a->calling_ae, ev->u.assoc.calling_ae);
		if (ev->u.assoc.called_ae[0] != '\0')
			copy(a->called_ae, sizeof a->called_ae, ev->u.assoc.called_ae);
		if (ev->u.assoc.reason[0] != '\0') {
			copy(a->reason, sizeof a->reason, ev->u.assoc.reason);
			t = trace_add(m, ev, UI_TRACE_STATE);
			snprintf(t->text, sizeof t->text, "Sta%d %s", a->state, a->reason);
			d |= UI_DIRTY_TRACE;
		}
		break;
	case DCB_EV_PDU:
		if (dcb_ladder_log_add(&m->ladder, ev) < 0)
			abort();
		assoc_pdu(m, ev);
		apply_pdu(m, ev);
		d = UI_DIRTY_TRACE;
		break;
	case DCB_EV_CONTEXT:
		a = assoc_live(m, ev);
		{
			struct ui_ctx *c = NULL;
			for (int i = 0; i < a->nctx; i++)
				if (a->ctx[i].id == ev->u.context.id)
					c = &a->ctx[i];
			if (c == NULL && a->nctx < UI_MAX_CTX)
				c = &a->ctx[a->nctx++];
			if (c != NULL) {
				c->id = ev->u.context.id;
				c->accepted = ev->u.context.accepted;
				c->result = ev->u.context.result;
				copy(c->abstract_syntax, sizeof c->abstract_syntax,
				     ev->u.context.abstract_syntax);
				copy(c->transfer_syntax, sizeof c->transfer_syntax,
				     ev->u.context.transfer_syntax);
			}
		}
		break;
	case DCB_EV_TLS:
		a = assoc_live(m, ev);
		a->tls = true;
		a->tls_ok = ev->u.tls.ok;
		copy(a->tls_version, sizeof a->tls_version, ev->u.tls.version);
		s->last_tls.valid = true;
		s->last_tls.tls = ev->u.tls;
		t = trace_add(m, ev, UI_TRACE_TLS);
		if (ev->u.tls.ok)
			snprintf(t->text, sizeof t->text,
			         "handshake %.15s %.63s · peer %.200s · %.200s", ev->u.tls.version,
			         ev->u.tls.cipher,
			         ev->u.tls.peer_subject[0] ? ev->u.tls.peer_subject : "-",
			         ev->u.tls.verify);
		else
			snprintf(t->text, sizeof t->text, "handshake failed: %.480s",
			         ev->u.tls.verify);
		d |= UI_DIRTY_TRACE;
		break;
	case DCB_EV_PROGRESS:
		if (ev->side == DCB_SIDE_SCU) {
			copy(s->current, sizeof s->current, ev->u.progress.name);
			s->cur_done = ev->u.progress.done;
			s->cur_total = ev->u.progress.total;
			/* Engines that do not count the job: finished files + this one. */
			s->job_done = ev->u.progress.job_done != 0
			                  ? ev->u.progress.job_done
			                  : s->bytes_done - s->job_base + ev->u.progress.done;
			if (ev->u.progress.job_total != 0)
				s->job_total = ev->u.progress.job_total;
		}
		s->bytes = s->bytes_done + ev->u.progress.done;
		rate_bytes(&s->rate, s->bytes, now);
		/* Coalesced: counters only, drawn by the throttled redraw. */
		break;
	case DCB_EV_STORED:
		s->received++;
		s->bytes_done += ev->u.stored.bytes;
		s->bytes = s->bytes_done;
		rate_bytes(&s->rate, s->bytes, now);
		copy(s->last_stored, sizeof s->last_stored, ev->u.stored.path);
		break;
	case DCB_EV_FILE_RESULT: {
		struct ui_file_status *f = &s->files[s->nfiles % UI_MAX_FILES];
		copy(f->path, sizeof f->path, ev->u.file.path);
		f->ok = ev->u.file.ok;
		f->status = ev->u.file.status;
		copy(f->reason, sizeof f->reason, ev->u.file.reason);
		f->bytes = ev->u.file.bytes;
		s->nfiles++;
		if (ev->u.file.ok)
			s->done++;
		else
			s->failed++;
		if (ev->u.file.ok && ev->u.file.status != 0)
			s->warnings++;
		s->bytes_done += ev->u.file.bytes;
		s->bytes = s->bytes_done;
		s->cur_done = 0;
		s->cur_total = 0;
		rate_bytes(&s->rate, s->bytes, now);
		break;
	}
	case DCB_EV_FINDING:
		add_finding(m, &ev->u.finding, ev->side, ev->assoc_id, NULL);
		d = UI_DIRTY_FINDINGS;
		break;
	case DCB_EV_ERROR:
		copy(s->last_error, sizeof s->last_error, ev->u.error.text);
		copy(m->status, sizeof m->status, ev->u.error.text);
		t = trace_add(m, ev, UI_TRACE_ERROR);
		copy(t->text, sizeof t->text, ev->u.error.text);
		d |= UI_DIRTY_TRACE | UI_DIRTY_STATUS;
		break;
	case DCB_EV_RESPONSE: /* answers of a query the dashboard did not ask */
		break;
	case DCB_EV_COMMIT:
		m->scu.commit_seen = true;
		m->scu.commit = ev->u.commit;
		d = UI_DIRTY_SCU;
		break;
	case DCB_EV_MESSAGE:
		assoc_message(m, ev);
		d |= side_dirty(ev->side);
		break;
	case DCB_EV_JOB_DONE:
		if (ev->side == DCB_SIDE_SCU) {
			scu_job_done(m, ev, end);
			d |= UI_DIRTY_STATUS;
		} else {
			s->nlisten = 0;
		}
		break;
	}
	m->dirty |= d;
	return d;
}

unsigned
ui_model_tick(struct ui_model *m, double now)
{
	unsigned d = 0;
	struct ui_side_state *sides[2] = {&m->scp, &m->scu};

	for (int i = 0; i < 2; i++) {
		struct ui_rate *r = &sides[i]->rate;
		double old = r->bytes_per_s;
		if (r->t0 == 0.0)
			continue;
		if (now - r->last_change >= RATE_IDLE) {
			r->bytes_per_s = 0.0;
			r->t0 = now;
			r->b0 = sides[i]->bytes;
		} else if (now - r->t0 >= RATE_WINDOW) {
			r->bytes_per_s = (double)(sides[i]->bytes - r->b0) / (now - r->t0);
			r->t0 = now;
			r->b0 = sides[i]->bytes;
		}
		if (r->bytes_per_s != old)
			d |= i == 0 ? UI_DIRTY_SCP : UI_DIRTY_SCU;
	}
	m->dirty |= d;
	return d;
}

void
ui_model_scu_job(struct ui_model *m, int job, unsigned nfiles, unsigned repeat, uint64_t total,
                 const char *peer)
{
	struct ui_side_state *s = &m->scu;

	if (repeat < 1)
		repeat = 1;
	m->qr.shown = false;
	s->busy = true;
	s->job = job;
	s->job_files = nfiles;
	s->job_repeat = repeat;
	s->queued = nfiles * repeat;
	s->done = s->failed = s->warnings = 0;
	s->commit_seen = false;
	s->job_done = 0;
	s->job_base = s->bytes_done;
	s->job_total = total * repeat;
	s->cur_done = s->cur_total = 0;
	s->current[0] = '\0';
	if (peer != NULL)
		copy(s->peer, sizeof s->peer, peer);
	m->dirty |= UI_DIRTY_SCU;
}

void
ui_model_scu_echo(struct ui_model *m, int job)
{
	m->scu.echo_job = job;
}

size_t
ui_model_scu_counts(const struct ui_model *m, char *buf, size_t size)
{
	const struct ui_side_state *s = &m->scu;
	size_t n;

	if (s->queued == 0 && s->done + s->failed == 0)
		return (size_t)snprintf(buf, size, "%s",
		                        _("nothing queued: mark files in the browser, F5 sends"));
	/* TRANSLATORS: objects handled so far of the objects in the job */
	n = (size_t)snprintf(buf, size, P_("%u of %u object", "%u of %u objects", s->queued),
	                     s->done + s->failed, s->queued);
	n += (size_t)snprintf(buf + (n < size ? n : size), n < size ? size - n : 0,
	                      _(" · %u sent · %u failed"), s->done, s->failed);
	if (s->job_repeat > 1)
		n += (size_t)snprintf(buf + (n < size ? n : size), n < size ? size - n : 0,
		                      P_(" · %u file × %u", " · %u files × %u", s->job_files),
		                      s->job_files, s->job_repeat);
	return n;
}

unsigned
ui_model_scp_archive(struct ui_model *m, const size_t counts[4])
{
	struct ui_side_state *s = &m->scp;
	bool on = counts != NULL;

	if (!s->archive_indexing && s->archive_on == on &&
	    (!on || memcmp(s->archive, counts, sizeof s->archive) == 0))
		return 0;
	s->archive_indexing = false;
	s->archive_on = on;
	if (on)
		memcpy(s->archive, counts, sizeof s->archive);
	else
		memset(s->archive, 0, sizeof s->archive);
	m->dirty |= UI_DIRTY_SCP;
	return UI_DIRTY_SCP;
}

size_t
ui_model_commit_text(const struct ui_model *m, char *buf, size_t size)
{
	const struct dcb_ev_commit *c = &m->scu.commit;

	if (!m->scu.commit_seen)
		return (size_t)snprintf(buf, size, "%s", "");
	if (!c->final)
		return (size_t)snprintf(buf, size,
		                        P_("storage commitment: waiting for the report (%u object)",
		                           "storage commitment: waiting for the report (%u objects)",
		                           c->asked),
		                        c->asked);
	if (c->why[0] != '\0')
		return (size_t)snprintf(buf, size, _("storage commitment: none: %s"), c->why);
	return (size_t)snprintf(buf, size, _("storage commitment: %u of %u committed · %u failed"),
	                        c->committed, c->asked, c->failed);
}

unsigned
ui_model_scp_archive_progress(struct ui_model *m, size_t done, size_t total)
{
	struct ui_side_state *s = &m->scp;

	s->archive_indexing = true;
	s->archive_done = done;
	s->archive_total = total;
	m->dirty |= UI_DIRTY_SCP;
	return UI_DIRTY_SCP;
}

size_t
ui_model_archive_counts(const struct ui_model *m, char *buf, size_t size)
{
	const size_t *c = m->scp.archive;
	char p[64], st[64], se[64], in[64];

	if (m->scp.archive_indexing && m->scp.archive_total == 0)
		return (size_t)snprintf(buf, size, _("archive: counting the folder's files: %zu …"),
		                        m->scp.archive_done);
	if (m->scp.archive_indexing)
		return (size_t)snprintf(buf, size,
		                        _("archive: indexing the folder: %zu of %zu files …"),
		                        m->scp.archive_done, m->scp.archive_total);
	if (!m->scp.archive_on)
		return (size_t)snprintf(buf, size, "%s", _("archive: none (storage only)"));
	snprintf(p, sizeof p, P_("%zu patient", "%zu patients", c[0]), c[0]);
	snprintf(st, sizeof st, P_("%zu study", "%zu studies", c[1]), c[1]);
	snprintf(se, sizeof se, P_("%zu series", "%zu series", c[2]), c[2]);
	snprintf(in, sizeof in, P_("%zu instance", "%zu instances", c[3]), c[3]);
	/* TRANSLATORS: what the SCP's archive holds: patients, studies,
	 * series, instances */
	return (size_t)snprintf(buf, size, _("archive: %s · %s · %s · %s"), p, st, se, in);
}

void
ui_model_add_file_finding(struct ui_model *m, const struct dcb_finding *f, const char *file)
{
	unsigned n = ui_model_findings_count(m);

	if (file == NULL)
		file = "";
	for (unsigned i = 0; i < n; i++) {
		const struct ui_finding_entry *e = ui_model_finding(m, i);
		if (e->from_file && strcmp(e->source, file) == 0 &&
		    strcmp(e->f.code, f->code) == 0 && strcmp(e->f.where, f->where) == 0 &&
		    strcmp(e->f.message, f->message) == 0)
			return;
	}
	add_finding(m, f, DCB_SIDE_SCU, 0, file != NULL ? file : "");
	m->dirty |= UI_DIRTY_FINDINGS;
}

uint64_t
ui_model_trace_first(const struct ui_model *m)
{
	return m->trace_next > UI_TRACE_MAX ? m->trace_next - UI_TRACE_MAX : 0;
}

const struct ui_trace_entry *
ui_model_trace_get(const struct ui_model *m, uint64_t seq)
{
	if (seq >= m->trace_next || seq < ui_model_trace_first(m))
		return NULL;
	return &m->trace[seq % UI_TRACE_MAX];
}

unsigned
ui_model_findings_count(const struct ui_model *m)
{
	return m->nfindings < UI_FINDINGS_MAX ? m->nfindings : UI_FINDINGS_MAX;
}

const struct ui_finding_entry *
ui_model_finding(const struct ui_model *m, unsigned i)
{
	unsigned n = ui_model_findings_count(m);

	if (i >= n)
		return NULL;
	unsigned first = m->nfindings - n;
	return &m->findings[(first + i) % UI_FINDINGS_MAX];
}

const struct ui_file_status *
ui_model_scu_file(const struct ui_model *m, unsigned i)
{
	unsigned n = m->scu.nfiles < UI_MAX_FILES ? m->scu.nfiles : UI_MAX_FILES;

	if (i >= n)
		return NULL;
	return &m->scu.files[(m->scu.nfiles - 1 - i) % UI_MAX_FILES];
}
