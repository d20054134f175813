/* scu-store.c — the requestor side: Storage SCU (files and folders →
 * presentation contexts → associations → C-STOREs streamed from the file)
 * and Verification SCU. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commit.h"
#include "dict.h"
#include "findings.h"
#include "engine-int.h"
#include "i18n.h"
#include "part10.h"
#include "store-send.h"
#include "transport-tcp.h"

struct scu_file {
	char *path;
	char sop_class[DCB_UID_SIZE];
	char sop_inst[DCB_UID_SIZE];
	char ts[DCB_UID_SIZE];
	int64_t dataset_offset;
	bool bad; /* reported already, never sent */
	bool stored; /* the peer answered success or warning (--commit asks for it) */
	unsigned mismatch; /* enum mismatch bits: the meta header disagrees */
	char meta_class[DCB_UID_SIZE]; /* (0002,0002), (0002,0003) where they disagree */
	char meta_inst[DCB_UID_SIZE];
};

enum mismatch {
	MISMATCH_CLASS = 1u << 0,
	MISMATCH_INSTANCE = 1u << 1,
};

struct scu_run {
	struct scu_run *link; /* the engine's runs, in the order they came */
	struct dcb_engine *e;
	struct job *job;
	struct scu_file *files;
	size_t n_files, cap;
	size_t next; /* first file not yet given to an association */
	size_t batch_end;
	size_t cur; /* file being sent */
	struct assoc *a;
	struct dcb_pdu *rq; /* the RQ we sent, until the AC is checked */
	bool accepted;
	bool sending, waiting, releasing;
	bool stopping; /* no file more after the one under way (a C-MOVE cancelled) */
	bool echo_done;
	unsigned echo_left;
	unsigned ok, failed, warnings;
	uint64_t bytes, job_total, job_done;
	int64_t t0;
	uint16_t msg_id;
	struct store_send ss; /* the message being sent */
};

struct scu_run *
scu_next_run(const struct scu_run *r)
{
	return r->link;
}

void
scu_free_run(struct scu_run *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->n_files; i++)
		free(r->files[i].path);
	free(r->files);
	free(r->rq);
	store_send_stop(&r->ss);
	eng_free_job(r->job);
	free(r);
}

/* --- results ------------------------------------------------------------- */

static void
file_result(struct scu_run *r, const char *path, bool ok, uint16_t status, const char *reason,
            uint64_t bytes)
{
	struct dcb_event ev = {.kind = DCB_EV_FILE_RESULT};

	snprintf(ev.u.file.path, sizeof ev.u.file.path, "%s", path);
	ev.u.file.ok = ok;
	ev.u.file.status = status;
	snprintf(ev.u.file.reason, sizeof ev.u.file.reason, "%s", reason != NULL ? reason : "");
	ev.u.file.bytes = bytes;
	if (ok) {
		r->ok++;
		r->e->stats.sent++;
	} else {
		r->failed++;
		r->e->stats.send_failed++;
	}
	ev.job = r->job->number;
	eng_emit(r->e, r->a != NULL ? r->a->id : 0, &ev);
	if (r->job->obs.on_file != NULL)
		r->job->obs.on_file(r->job->obs.user, path, ok, status, reason);
}

size_t
scu_stop_observed(struct dcb_engine *e, const void *user)
{
	size_t left = 0;

	for (struct scu_run *r = e->runs; r != NULL; r = r->link) {
		if (r->job->obs.user != user)
			continue;
		memset(&r->job->obs, 0, sizeof r->job->obs);
		r->stopping = true;
		for (size_t i = r->cur + (r->sending || r->waiting ? 1 : 0); i < r->n_files; i++)
			left += !r->files[i].bad;
	}
	return left;
}

/* --- scanning the files ---------------------------------------------------- */

static const char *
ts_uid_of(enum dcb_ts ts)
{
	switch (ts) {
	case DCB_TS_IMPLICIT_LE:
		return DCB_UID_IMPLICIT_LE;
	case DCB_TS_EXPLICIT_LE:
		return DCB_UID_EXPLICIT_LE;
	case DCB_TS_EXPLICIT_BE:
		return DCB_UID_EXPLICIT_BE;
	case DCB_TS_DEFLATED_LE:
		return DCB_UID_DEFLATED_LE;
	}
	return DCB_UID_IMPLICIT_LE;
}

/* Copies a UI value into dst (DCB_UID_SIZE bytes), padding removed. */
static void
copy_uid(char *dst, const uint8_t *value, uint32_t len)
{
	size_t n = len < DCB_UID_MAX ? len : DCB_UID_MAX;

	memcpy(dst, value, n);
	dst[n] = '\0';
	while (n > 0 && (dst[n - 1] == '\0' || dst[n - 1] == ' '))
		dst[--n] = '\0';
}

/* Reads what the C-STORE-RQ needs from the file: the transfer syntax and
 * the data set's start from the meta header, the SOP class and instance
 * from the data set's (0008,0016)/(0008,0018), as dcmtk's storescu and
 * every checking receiver take them (a few hundred bytes of reading).
 * The meta header's (0002,0002)/(0002,0003) serve only where the data
 * set lacks them; where the two disagree, f->mismatch says which. */
static int
read_file_uids(const char *path, struct scu_file *f, struct dcb_error *err)
{
	struct dcb_reader *rd = dcb_reader_open(path, NULL, err);
	const struct dcb_meta *m;
	struct dcb_element el;
	int rc;

	if (rd == NULL)
		return err != NULL && err->code < 0 ? err->code : DCB_ERR_IO;
	m = dcb_reader_meta(rd);
	snprintf(f->ts, sizeof f->ts, "%s",
	         m->has_meta && m->transfer_syntax_uid[0] ? m->transfer_syntax_uid
	                                                  : ts_uid_of(m->ts));
	f->dataset_offset = m->dataset_offset;
	while ((rc = dcb_reader_next(rd, &el, err)) == 1) {
		if (el.depth != 0 || el.tag < DCB_TAG(0x0008, 0x0016))
			continue;
		if (el.tag > DCB_TAG(0x0008, 0x0018))
			break;
		if (el.value == NULL)
			continue;
		if (el.tag == DCB_TAG(0x0008, 0x0016))
			copy_uid(f->sop_class, el.value, el.value_len);
		else if (el.tag == DCB_TAG(0x0008, 0x0018))
			copy_uid(f->sop_inst, el.value, el.value_len);
	}
	if (m->media_sop_class_uid[0] != '\0') {
		if (f->sop_class[0] == '\0')
			snprintf(f->sop_class, sizeof f->sop_class, "%s", m->media_sop_class_uid);
		else if (strcmp(f->sop_class, m->media_sop_class_uid) != 0)
			f->mismatch |= MISMATCH_CLASS;
	}
	if (m->media_sop_instance_uid[0] != '\0') {
		if (f->sop_inst[0] == '\0')
			snprintf(f->sop_inst, sizeof f->sop_inst, "%s", m->media_sop_instance_uid);
		else if (strcmp(f->sop_inst, m->media_sop_instance_uid) != 0)
			f->mismatch |= MISMATCH_INSTANCE;
	}
	if (f->mismatch != 0) {
		snprintf(f->meta_class, sizeof f->meta_class, "%s", m->media_sop_class_uid);
		snprintf(f->meta_inst, sizeof f->meta_inst, "%s", m->media_sop_instance_uid);
	}
	dcb_reader_free(rd);
	/* an unreadable element after the UIDs is the receiver's to judge */
	return rc < 0 && (f->sop_class[0] == '\0' || f->sop_inst[0] == '\0') ? rc : 0;
}

static int
add_file(struct scu_run *r, const char *path, bool from_scan)
{
	struct dcb_error err = {0};
	struct scu_file *f;
	int rc;

	if (r->n_files == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 64;
		struct scu_file *nf = realloc(r->files, cap * sizeof *nf);
		if (nf == NULL)
			return DCB_ERR_NOMEM;
		r->files = nf;
		r->cap = cap;
	}
	f = &r->files[r->n_files];
	memset(f, 0, sizeof *f);
	f->path = strdup(path);
	if (f->path == NULL)
		return DCB_ERR_NOMEM;
	rc = read_file_uids(path, f, &err);
	if (rc == 0 && (f->sop_class[0] == '\0' || f->sop_inst[0] == '\0')) {
		dcb_error_set(&err, DCB_ERR_MALFORMED, -1,
		              N_("no SOP Class UID or SOP Instance UID found"));
		rc = DCB_ERR_MALFORMED;
	}
	if (rc < 0) {
		if (from_scan) {
			eng_log(r->e, 0, DCB_LOG_WARN, N_("ignoring %s: %s"), path, err.message);
			free(f->path);
			return 0;
		}
		f->bad = true;
		r->n_files++;
		file_result(r, path, false, 0xffff, err.message, 0);
		return 0;
	}
	r->n_files++;
	return 0;
}

static int
add_path(struct scu_run *r, const char *path, unsigned depth, bool from_scan)
{
	struct stat st;
	struct dirent **names = NULL;
	int n, rc = 0;

	if (stat(path, &st) != 0) {
		char why[300];
		snprintf(why, sizeof why, _("cannot access it: %s"), strerror(errno));
		file_result(r, path, false, 0xffff, why, 0);
		return 0;
	}
	if (!S_ISDIR(st.st_mode))
		return add_file(r, path, from_scan);
	if (!r->job->j.scan_dirs) {
		file_result(r, path, false, 0xffff,
		            _("is a folder; use +sd to send the files in it (+r for sub-folders)"),
		            0);
		return 0;
	}
	if (depth > 64)
		return 0;
	n = scandir(path, &names, NULL, alphasort);
	if (n < 0) {
		char why[300];
		snprintf(why, sizeof why, _("cannot read the folder: %s"), strerror(errno));
		file_result(r, path, false, 0xffff, why, 0);
		return 0;
	}
	for (int i = 0; i < n; i++) {
		const char *nm = names[i]->d_name;
		char child[4096];
		struct stat cs;

		if (rc == 0 && strcmp(nm, ".") != 0 && strcmp(nm, "..") != 0 &&
		    (size_t)snprintf(child, sizeof child, "%s/%s", path, nm) < sizeof child &&
		    stat(child, &cs) == 0) {
			if (S_ISDIR(cs.st_mode)) {
				if (r->job->j.recurse)
					rc = add_path(r, child, depth + 1, true);
			} else if (S_ISREG(cs.st_mode)) {
				rc = add_file(r, child, true);
			}
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int
scu_start_job(struct dcb_engine *e, struct job *job)
{
	struct scu_run *r = calloc(1, sizeof *r);

	if (r == NULL)
		return DCB_ERR_NOMEM;
	r->e = e;
	r->job = job;
	store_send_init(&r->ss);
	r->t0 = dcb_loop_now_ms();
	r->echo_left = job->j.echo_repeat > 0 ? job->j.echo_repeat : 1;
	{
		struct scu_run **pp = &e->runs;
		while (*pp != NULL)
			pp = &(*pp)->link;
		*pp = r;
	}
	for (size_t i = 0; !job->j.echo && i < job->j.n_paths; i++)
		if (add_path(r, job->paths[i], 0, false) < 0) {
			eng_error(e, 0, N_("out of memory while listing the files"));
			break;
		}
	if (!job->j.echo && r->n_files == 0 && r->failed == 0)
		eng_log(e, 0, DCB_LOG_WARN, N_("no DICOM files to send"));
	return 0;
}

/* --- associations ---------------------------------------------------------- */

static bool
pair_seen(const struct scu_run *r, size_t from, size_t to, const struct scu_file *f)
{
	for (size_t i = from; i < to; i++)
		if (!r->files[i].bad && strcmp(r->files[i].sop_class, f->sop_class) == 0 &&
		    (r->job->j.propose_set || strcmp(r->files[i].ts, f->ts) == 0))
			return true;
	return false;
}

/* Fails every file in [from, to) that has not been reported yet. */
static void
fail_range(struct scu_run *r, size_t from, size_t to, const char *why)
{
	for (size_t i = from; i < to; i++)
		if (!r->files[i].bad) {
			r->files[i].bad = true;
			file_result(r, r->files[i].path, false, 0xffff, why, 0);
		}
}

/* powers: the transfer syntaxes the -x options propose for f, or NULL
 * after failing f when its own transfer syntax is not among them
 * (dicombench does not convert between encodings). */
static const char *const *
scu_proposal(struct scu_run *r, struct scu_file *f, size_t *n)
{
	const char *const *ts = dcb_ts_preset_list(r->job->j.propose, n);
	char why[256];

	for (size_t k = 0; k < *n; k++)
		if (strcmp(ts[k], f->ts) == 0)
			return ts;
	snprintf(why, sizeof why,
	         _("its transfer syntax %s is not among the proposed ones (-x...); "
	           "dicombench sends files as they are, without converting: propose it or "
	           "leave the option out"),
	         f->ts);
	f->bad = true;
	file_result(r, f->path, false, 0xffff, why, 0);
	return NULL;
}

static const struct assoc_ops scu_ops;

static void
open_assoc(struct scu_run *r)
{
	struct dcb_engine *e = r->e;
	struct dcb_error err = {0};
	struct dcb_pdu *rq = eng_new_rq(e, r->job->j.called_ae);
	struct assoc *a;
	size_t start = r->next, i;
	unsigned n_ctx = 0;

	if (rq == NULL)
		goto nomem;
	if (r->job->j.echo) {
		size_t nts = r->job->j.echo_n_ts;
		const char *const *ts = nts > 0 ? r->job->j.echo_ts
		                                : dcb_ts_preset_list(e->cfg.echo_ts, &nts);
		do {
			if (dcb_negotiate_add_context(&rq->u.assoc, DCB_UID_VERIFICATION, ts, nts,
			                              &err) < 0)
				goto fail;
		} while (++n_ctx < r->job->j.echo_contexts);
		r->batch_end = r->next;
	} else {
		/* One context per SOP class × transfer syntax, at most 128. */
		for (i = start; i < r->n_files; i++) {
			struct scu_file *f = &r->files[i];
			const char *own[1] = {f->ts};
			const char *const *ts = own;
			size_t nts = 1;
			if (!f->bad && r->job->j.propose_set)
				ts = scu_proposal(r, f, &nts);
			if (f->bad || pair_seen(r, start, i, f))
				goto next;
			/* -x...: dcmtk's first syntax alone, the others in a second context */
			size_t first =
			        r->job->j.propose_set && !r->job->j.propose_combine ? 1 : nts;
			if (n_ctx + (first < nts) >= DCB_MAX_CONTEXTS)
				break;
			if (dcb_negotiate_add_context(&rq->u.assoc, f->sop_class, ts, first, &err) <
			            0 ||
			    (first < nts && dcb_negotiate_add_context(&rq->u.assoc, f->sop_class,
			                                              ts + first, nts - first,
			                                              &err) < 0)) {
				f->bad = true;
				file_result(r, f->path, false, 0xffff, err.message, 0);
				goto next;
			}
			n_ctx += 1 + (first < nts);
		next:
			if (r->job->j.assoc_per_file && n_ctx > 0) {
				i++;
				break;
			}
		}
		r->batch_end = i;
		if (i < r->n_files)
			eng_log(
			    e, 0, DCB_LOG_INFO,
			    N_("the files need more than %u presentation contexts (the limit of "
			       "PS3.8: odd IDs 1-255); sending them on several associations"),
			    DCB_MAX_CONTEXTS);
		if (n_ctx == 0) {
			free(rq);
			r->next = r->batch_end;
			return;
		}
	}
	r->cur = start;
	r->accepted = false;
	r->sending = r->waiting = r->releasing = false;
	eng_log(e, 0, DCB_LOG_INFO,
	        N_("requesting association with %s port %d (called AE title '%s', calling AE "
	           "title '%s', %u presentation contexts)"),
	        r->job->j.host, r->job->j.port, r->job->j.called_ae, e->cfg.ae_title, n_ctx);
	r->rq = rq;
	a = eng_open(e, r->job->number, r->job->j.host, r->job->j.port, r->job->j.tls, rq,
	             &scu_ops, r, &err);
	if (a == NULL) {
		r->rq = NULL;
		goto fail;
	}
	if (!a->dead)
		r->a = a;
	return;
nomem:
	dcb_error_set(&err, DCB_ERR_NOMEM, -1, N_("out of memory"));
fail:
	free(rq);
	eng_error(e, 0, "%s", err.message);
	if (r->job->j.echo) {
		r->echo_done = true;
		r->failed++;
	} else {
		fail_range(r, start, r->batch_end, err.message);
	}
	r->next = r->batch_end;
}

static void
scu_on_accept(struct assoc *a)
{
	struct scu_run *r = a->user;

	if (r == NULL || r->rq == NULL || eng_check_ac(a, r->rq, false) < 0)
		return;
	free(r->rq);
	r->rq = NULL;
	r->accepted = true;
}

static const struct ctx *
find_ctx(const struct assoc *a, const char *abstract, const char *ts)
{
	for (unsigned i = 0; i < a->n_ctx; i++)
		if (a->ctx[i].result == DCB_PCTX_ACCEPTANCE &&
		    strcmp(a->ctx[i].abstract_syntax, abstract) == 0 &&
		    (ts == NULL || strcmp(a->ctx[i].ts, ts) == 0))
			return &a->ctx[i];
	return NULL;
}

static void
progress(struct scu_run *r, const struct scu_file *f, uint64_t done)
{
	struct dcb_event ev = {.kind = DCB_EV_PROGRESS};

	snprintf(ev.u.progress.name, sizeof ev.u.progress.name, "%s", f->path);
	ev.u.progress.done = done;
	ev.u.progress.total = r->ss.data_len;
	ev.job = r->job->number;
	eng_emit(r->e, r->a != NULL ? r->a->id : 0, &ev);
}

/* A meta header that disagrees with its data set: the request carries the
 * data set's UIDs; the finding says what the meta header said. */
static void
mismatch_finding(struct assoc *a, const struct scu_file *f, enum dcb_code code, uint32_t tag,
                 const char *meta, const char *dataset)
{
	dcb_finding_emit(assoc_finding, a, code, -1, tag, f->path,
	                 N_("meta header %s, data set %s; the C-STORE-RQ carries the data set's"),
	                 meta, dataset);
}

static void
report_mismatch(struct assoc *a, const struct scu_file *f)
{
	if (f->mismatch & MISMATCH_CLASS)
		mismatch_finding(a, f, DCB_F_META_SOP_CLASS_MISMATCH, DCB_TAG(0x0002, 0x0002),
		                 f->meta_class, f->sop_class);
	if (f->mismatch & MISMATCH_INSTANCE)
		mismatch_finding(a, f, DCB_F_META_SOP_INSTANCE_MISMATCH, DCB_TAG(0x0002, 0x0003),
		                 f->meta_inst, f->sop_inst);
}

/* Prepares the C-STORE of files[cur]; false when the file fails at once. */
static bool
start_file(struct scu_run *r, struct assoc *a)
{
	struct scu_file *f = &r->files[r->cur];
	struct dcb_dimse_cmd c;
	const struct ctx *ctx = find_ctx(a, f->sop_class, f->ts);
	char why[512];

	if (ctx == NULL) {
		const struct ctx *other = find_ctx(a, f->sop_class, NULL);
		const struct dcb_uid_entry *u = dcb_uid_lookup(f->sop_class);
		snprintf(why, sizeof why,
		         other != NULL
		             ? _("%s accepted %s only with another transfer syntax than the "
		                 "file's %s; dicombench sends files as they are, without "
		                 "converting them")
		             : _("%s did not accept %s with transfer syntax %s; see the "
		                 "presentation contexts in the log (-v)"),
		         a->peer, u != NULL ? u->name : f->sop_class, f->ts);
		f->bad = true;
		file_result(r, f->path, false, 0xffff, why, 0);
		return false;
	}
	report_mismatch(a, f);
	dcb_dimse_store_rq(&c, ++r->msg_id, f->sop_class, f->sop_inst, DCB_PRIORITY_MEDIUM);
	if (r->job->move_originator_ae[0] != '\0') {
		c.present |= DCB_F_MOVE_ORIGINATOR_AE | DCB_F_MOVE_ORIGINATOR_ID;
		snprintf(c.move_originator_ae, sizeof c.move_originator_ae, "%s",
		         r->job->move_originator_ae);
		c.move_originator_id = r->job->move_originator_id;
	}
	if (store_send_start(a, &r->ss, ctx->id, &c, f->path, f->dataset_offset, f->ts,
	                     r->job->j.pack, why, sizeof why) < 0) {
		f->bad = true;
		file_result(r, f->path, false, 0xffff, why, 0);
		return false;
	}
	eng_log(r->e, a->id, DCB_LOG_INFO, N_("sending %s (C-STORE message ID %u, %s, %llu bytes)"),
	        f->path, r->msg_id, dcb_uid_file_prefix(f->sop_class),
	        (unsigned long long)r->ss.data_len);
	assoc_emit_message(a, ctx->id, &c, true);
	r->sending = true;
	return true;
}

/* Queues the next P-DATA-TFs of the message.  false when the message is
 * complete (now waiting for the response) or failed. */
static bool
next_batch(struct scu_run *r, struct assoc *a)
{
	uint64_t first;
	size_t used;
	/* powers: --abort-during sends one PDU, then aborts */
	int rc = store_send_batch(a, &r->ss, r->job->j.abort_during ? 1 : BATCH_PDUS, &first,
	                          &used);

	if (rc < 0)
		return false;
	if (rc == 0) {
		r->sending = false;
		r->waiting = true;
		if (r->e->cfg.dimse_ms > 0)
			a->dimse_at = dcb_loop_now_ms() + r->e->cfg.dimse_ms;
		return false;
	}
	if (used > 0) {
		uint64_t before = r->job_done;
		r->job_done += used;
		if ((before >> 22) != (r->job_done >> 22))
			progress(r, &r->files[r->cur], first + used);
	}
	return true;
}

static void
scu_pump(struct assoc *a)
{
	struct scu_run *r = a->user;

	if (r == NULL || !r->accepted)
		return;
	while (!a->dead && a->ul.state == DCB_STA6 && assoc_out_empty(a)) {
		if (r->waiting || r->releasing)
			return;
		if (r->sending) {
			if (!next_batch(r, a))
				continue;
			if (assoc_flush(a) < 0)
				return;
			if (r->job->j.abort_during) {
				assoc_abort(a, _("scenario --abort-during: A-ABORT in the middle of "
				                 "the object"));
				return;
			}
			continue;
		}
		if (r->job->j.echo && r->echo_left > 0) {
			const struct ctx *c = find_ctx(a, DCB_UID_VERIFICATION, NULL);
			struct dcb_dimse_cmd cmd;
			if (c == NULL) {
				eng_error(
				    a->e, a->id,
				    N_("%s did not accept the Verification SOP class; it cannot "
				       "answer C-ECHO"),
				    a->peer);
				r->failed++;
				r->echo_left = 0;
				continue;
			}
			r->echo_left--;
			dcb_dimse_echo_rq(&cmd, ++r->msg_id);
			eng_log(a->e, a->id, DCB_LOG_INFO,
			        N_("sending C-ECHO request (message ID %u)"), r->msg_id);
			if (assoc_send_command(a, c->id, &cmd) < 0)
				return;
			r->waiting = true;
			if (a->e->cfg.dimse_ms > 0)
				a->dimse_at = dcb_loop_now_ms() + a->e->cfg.dimse_ms;
			assoc_flush(a);
			return;
		}
		if (!r->job->j.echo && !r->stopping && r->cur < r->batch_end) {
			if (r->files[r->cur].bad) {
				r->cur++;
				continue;
			}
			if (!start_file(r, a))
				r->cur++;
			continue;
		}
		/* Everything sent: release. */
		r->releasing = true;
		r->echo_done = true;
		eng_release(a);
		return;
	}
}

static void
scu_on_rx(struct assoc *a, const struct dcb_dimse_rx_out *o)
{
	struct scu_run *r = a->user;
	const struct dcb_dimse_cmd *c = &a->rx->cmd;
	struct dcb_engine *e = a->e;
	char reason[256];

	if (r == NULL || o->kind != DCB_DIMSE_RX_MESSAGE) {
		if (o->kind == DCB_DIMSE_RX_COMMAND)
			eng_log(e, a->id, DCB_LOG_WARN,
			        N_("%s from %s carries a data set; ignored"),
			        dcb_dimse_command_name(c->command), a->peer);
		return;
	}
	if (!r->waiting) {
		eng_log(e, a->id, DCB_LOG_WARN, N_("unexpected %s from %s ignored"),
		        dcb_dimse_command_name(c->command), a->peer);
		return;
	}
	if (c->message_id_responded != r->msg_id) {
		/* Not the answer to the request outstanding: whether the object
		 * arrived is unknown, so it counts as failed (PS3.7 §9.3.1.2). */
		snprintf(reason, sizeof reason, _("%s answers message ID %u, but %u was sent"),
		         dcb_dimse_command_name(c->command), c->message_id_responded, r->msg_id);
		assoc_abort(a, reason);
		return;
	}
	a->dimse_at = 0;
	r->waiting = false;
	enum dcb_status_class cls = dcb_dimse_status_class(c->status);
	snprintf(reason, sizeof reason, "%s%s%s", dcb_dimse_status_name(c->status),
	         (c->present & DCB_F_ERROR_COMMENT) ? ": " : "",
	         (c->present & DCB_F_ERROR_COMMENT) ? c->error_comment : "");
	if (c->command == DCB_C_ECHO_RSP && r->job->j.echo) {
		eng_log(e, a->id, cls == DCB_STATUS_SUCCESS ? DCB_LOG_INFO : DCB_LOG_ERROR,
		        N_("received C-ECHO response: status 0x%04x (%s)"), c->status, reason);
		if (cls == DCB_STATUS_SUCCESS)
			r->ok++;
		else
			r->failed++;
		return;
	}
	if (c->command == DCB_C_STORE_RSP && !r->job->j.echo && r->cur < r->n_files) {
		struct scu_file *f = &r->files[r->cur];
		bool ok = cls == DCB_STATUS_SUCCESS || cls == DCB_STATUS_WARNING;
		if (cls == DCB_STATUS_WARNING)
			r->warnings++;
		if (ok)
			r->bytes += r->ss.data_len;
		f->bad = true; /* done: never again */
		f->stored = ok;
		file_result(r, f->path, ok, c->status, reason, r->ss.data_len);
		r->cur++;
		return;
	}
	eng_log(e, a->id, DCB_LOG_WARN, N_("unexpected %s from %s ignored"),
	        dcb_dimse_command_name(c->command), a->peer);
	r->waiting = true;
}

static void
scu_on_close(struct assoc *a)
{
	struct scu_run *r = a->user;
	char why[300];

	if (r == NULL)
		return;
	a->user = NULL;
	r->a = NULL;
	free(r->rq);
	r->rq = NULL;
	store_send_stop(&r->ss);
	snprintf(why, sizeof why, "%s", a->reason[0] ? a->reason : _("the connection closed"));
	if (a->pdu != NULL && a->pdu->type == DCB_PDU_ASSOCIATE_RJ && !r->accepted)
		eng_explain_reject(a);
	else if (!r->accepted)
		eng_error(a->e, a->id, N_("no association with %s: %s"), a->peer, why);
	if (r->job->j.echo) {
		if (!r->echo_done || r->echo_left > 0) {
			if (r->accepted)
				eng_error(a->e, a->id, N_("association with %s ended early: %s"),
				          a->peer, why);
			r->failed += r->echo_left > 0 ? r->echo_left : 1;
			r->echo_left = 0;
		}
		r->echo_done = true;
		return;
	}
	if (r->sending || r->waiting) {
		struct scu_file *f = &r->files[r->cur];
		f->bad = true;
		file_result(r, f->path, false, 0xffff, why, 0);
		r->cur++;
	}
	r->sending = r->waiting = false;
	if (r->accepted && !r->releasing) {
		r->next = r->cur; /* the rest goes on a new association */
	} else {
		if (!r->accepted)
			fail_range(r, r->cur, r->batch_end, why);
		r->next = r->batch_end;
	}
}

static const struct assoc_ops scu_ops = {
    .on_accept = scu_on_accept,
    .on_rx = scu_on_rx,
    .pump = scu_pump,
    .on_close = scu_on_close,
};

/* --commit: storage commitment for the files stored. */
static void
ask_commitment(struct scu_run *r)
{
	struct dcb_commit c;
	struct dcb_error err = {0};

	dcb_commit_init(&c);
	for (size_t i = 0; i < r->n_files; i++)
		if (r->files[i].stored &&
		    dcb_commit_add(&c, r->files[i].sop_class, r->files[i].sop_inst, &err) < 0) {
			eng_error(r->e, 0, "%s", err.message);
			dcb_commit_clear(&c);
			return;
		}
	if (c.n == 0)
		eng_error(r->e, 0, N_("no object was stored, so no storage commitment is asked"));
	else
		scu_commit_start(r->e, r->job, &c);
	dcb_commit_clear(&c);
}

/* Works on one run: opens its next association, or reports it done.
 * Returns false when the run is finished (and freed). */
static bool
tick_run(struct scu_run *r)
{
	struct dcb_engine *e = r->e;
	struct dcb_event ev = {.kind = DCB_EV_JOB_DONE};

	while (r->a == NULL && !r->stopping &&
	       (r->job->j.echo ? !r->echo_done : r->next < r->n_files))
		open_assoc(r);
	if (r->a != NULL)
		return true;
	if (r->job->j.commit)
		ask_commitment(r);
	ev.u.done.ok = r->ok;
	ev.u.done.failed = r->failed;
	ev.u.done.warnings = r->warnings;
	ev.u.done.bytes = r->bytes;
	ev.u.done.seconds = (double)(dcb_loop_now_ms() - r->t0) / 1000.0;
	ev.job = r->job->number;
	if (r->job->obs.on_done != NULL)
		r->job->obs.on_done(r->job->obs.user);
	else if (r->job->obs.on_file == NULL)
		eng_emit(e, 0, &ev);
	scu_free_run(r);
	return false;
}

/* Every job queued starts at once, each with associations of its own: an
 * echo does not wait for a long transfer, nor one peer for another. */
void
scu_tick(struct dcb_engine *e)
{
	if (atomic_load(&e->stop))
		return;
	while (e->jobs != NULL) {
		struct job *j = e->jobs;
		e->jobs = j->next;
		if (e->jobs == NULL)
			e->jobs_tail = NULL;
		if (scu_start_job(e, j) < 0) {
			eng_error(e, 0, N_("out of memory for a job"));
			eng_free_job(j);
		}
	}
	for (struct scu_run **pp = &e->runs; *pp != NULL;) {
		struct scu_run *r = *pp;
		if (r->a != NULL) {
			pp = &r->link;
			continue;
		}
		*pp = r->link; /* unlinked while it works: tick_run may free it */
		if (tick_run(r)) {
			r->link = *pp;
			*pp = r;
			pp = &r->link;
		}
	}
}
