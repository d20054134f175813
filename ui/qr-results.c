/* qr-results.c — the SCU side's query results (qr-results.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../src/dset.h"
#include "../src/i18n.h"
#include "../src/textbuf.h"
#include "qr-results.h"
#include "text.h"

#define CMD_FIND_RSP 0x8020
#define CMD_MOVE_RSP 0x8021
#define CMD_GET_RSP 0x8010
#define CMD_N_SET_RSP 0x8120
#define CMD_N_CREATE_RSP 0x8140
#define STATUS_CANCEL 0xFE00

static const char *const level_names[] = {"PATIENT", "STUDY", "SERIES", "IMAGE"};

const char *
ui_qr_level_name(enum dcb_qr_level level)
{
	return level_names[level];
}

int
ui_qr_level_parse(const char *s)
{
	for (int i = 0; i < 4; i++)
		if (strcasecmp(s, level_names[i]) == 0)
			return i;
	return strcasecmp(s, "WORKLIST") == 0 ? UI_QR_WORKLIST : -1;
}

void
ui_qr_clear(struct ui_qr_results *r)
{
	for (unsigned i = 0; i < r->n; i++) {
		free(r->rows[i].item);
		r->rows[i].item = NULL;
	}
	r->n = 0;
}

void
ui_qr_begin_find(struct ui_qr_results *r, enum dcb_qr_level level, bool worklist)
{
	ui_qr_clear(r);
	r->shown = true;
	r->level = level;
	r->worklist = worklist;
	r->find = UI_QR_RUNNING;
	r->find_status = 0;
	r->answers = r->n = 0;
	r->cursor = 0;
	r->move = UI_QR_NONE;
	r->move_row = -1;
	r->mpps = UI_QR_NONE;
	r->mpps_row = -1;
	r->find_job = r->move_job = r->mpps_job = 0;
	r->error[0] = '\0';
	r->jobs++;
}

void
ui_qr_begin_retrieve(struct ui_qr_results *r, int row, const char *dest)
{
	r->shown = true;
	r->move = UI_QR_RUNNING;
	r->get = dest == NULL;
	r->move_row = row;
	snprintf(r->move_dest, sizeof r->move_dest, "%s", dest != NULL ? dest : "");
	r->move_status = 0;
	r->remaining = r->completed = r->failed = r->warning = 0;
	r->move_job = 0;
	r->error[0] = '\0';
	r->jobs++;
}

/* The value of tag, in UTF-8 when the answer says Latin-1 (ISO_IR 100);
 * other character sets as they are. */
void
ui_qr_begin_echo(struct ui_qr_results *r, const char *ae)
{
	r->echo = UI_QR_RUNNING;
	dcb_copy_cut(r->echo_ae, sizeof r->echo_ae, ae);
	r->jobs++;
}

size_t
ui_qr_echo_text(const struct ui_qr_results *r, char *buf, size_t size)
{
	switch (r->echo) {
	case UI_QR_RUNNING:
		return (size_t)snprintf(buf, size, _("C-ECHO %s: …"), r->echo_ae);
	case UI_QR_DONE:
		return (size_t)snprintf(buf, size, _("C-ECHO %s: answered"), r->echo_ae);
	case UI_QR_FAILED:
		return (size_t)snprintf(buf, size, _("C-ECHO %s: no answer"), r->echo_ae);
	case UI_QR_NONE:
		break;
	}
	buf[0] = '\0';
	return 0;
}

static void
get(const struct dcb_dset *ds, uint32_t tag, bool latin1, char *out, size_t size)
{
	char raw[256];
	size_t n = 0;
	int rc = dcb_dset_get_str(ds, tag, raw, sizeof raw);

	if (rc < 0 && rc != DCB_ERR_LIMIT) /* too long: what fits */
		raw[0] = '\0';
	for (const unsigned char *c = (const unsigned char *)raw; *c != '\0' && n + 3 < size; c++) {
		if (latin1 && *c >= 0x80) {
			out[n++] = (char)(0xc0 | (*c >> 6));
			out[n++] = (char)(0x80 | (*c & 0x3f));
		} else {
			out[n++] = (char)*c;
		}
	}
	out[n] = '\0';
}

/* An answer's identifier becomes a row (one that cannot be read is
 * counted, not kept). */
static void
add_row(struct ui_qr_results *r, const struct dcb_ev_response *rsp)
{
	struct dcb_dset *ds = NULL;
	struct ui_qr_row *row;

	r->answers++;
	if (r->n >= UI_QR_ROWS_MAX ||
	    dcb_dset_decode(rsp->identifier, rsp->identifier_len, DCB_DSET_EXPLICIT_LE, &ds, NULL) <
	        0)
		return;
	row = &r->rows[r->n++];
	memset(row, 0, sizeof *row);
	char charset[64] = "";
	(void)dcb_dset_get_str(ds, 0x00080005, charset, sizeof charset);
	bool l1 = strcmp(charset, "ISO_IR 100") == 0;
	get(ds, 0x00100010, l1, row->patient_name, sizeof row->patient_name);
	get(ds, 0x00100020, false, row->patient_id, sizeof row->patient_id);
	get(ds, 0x00080020, false, row->study_date, sizeof row->study_date);
	get(ds, 0x00080060, false, row->modality, sizeof row->modality);
	if (row->modality[0] == '\0')
		get(ds, 0x00080061, false, row->modality, sizeof row->modality);
	get(ds, 0x00080050, false, row->accession, sizeof row->accession);
	get(ds, r->level == DCB_QR_SERIES ? 0x0008103E : 0x00081030, l1, row->description,
	    sizeof row->description);
	get(ds, 0x0020000D, false, row->study_uid, sizeof row->study_uid);
	get(ds, 0x0020000E, false, row->series_uid, sizeof row->series_uid);
	get(ds, 0x00080018, false, row->sop_uid, sizeof row->sop_uid);
	const struct dcb_dset_elem *sps = dcb_dset_get(ds, 0x00400100);
	if (r->worklist && (row->item = malloc(rsp->identifier_len)) != NULL) {
		/* kept: the procedure step is started from it */
		memcpy(row->item, rsp->identifier, rsp->identifier_len);
		row->item_len = rsp->identifier_len;
	}
	if (r->worklist && sps != NULL && sps->n_items > 0) {
		/* a worklist entry: its first scheduled step's date and modality,
		 * the requested procedure */
		get(sps->items[0], 0x00400002, false, row->study_date, sizeof row->study_date);
		get(sps->items[0], 0x00080060, false, row->modality, sizeof row->modality);
		get(ds, 0x00321060, l1, row->description, sizeof row->description);
	}
	static const uint32_t related[] = {0x00201204, 0x00201208, 0x00201209, 0};
	if (!r->worklist && related[r->level] != 0)
		get(ds, related[r->level], false, row->instances, sizeof row->instances);
	dcb_dset_free(ds);
}

static bool
ok_status(uint16_t status)
{
	return status == 0 || status == STATUS_CANCEL || (status & 0xF000) == 0xB000;
}

/* The answer to the MPPS request under way: the row's step moves on. */
static bool
step_answered(struct ui_qr_results *r, const struct dcb_ev_response *rsp)
{
	struct ui_qr_row *row = r->mpps_row >= 0 && (unsigned)r->mpps_row < r->n
	                            ? &r->rows[r->mpps_row]
	                            : NULL;

	r->mpps = rsp->status == 0 ? UI_QR_DONE : UI_QR_FAILED;
	snprintf(r->error, sizeof r->error, "0x%04x %s", rsp->status, rsp->error_comment);
	if (row != NULL && r->mpps == UI_QR_DONE)
		row->step = r->mpps_to;
	else if (row != NULL && row->step == UI_STEP_NONE)
		row->step_uid[0] = '\0'; /* not created */
	return true;
}

enum request { REQ_NONE, REQ_ECHO, REQ_MPPS, REQ_FIND, REQ_MOVE };

/* The request the end of job is about: the one whose answers carried its
 * number; for a job that sent none, an echo's, else the one request still
 * open (a step, a query, a retrieve). */
static enum request
ended_request(const struct ui_qr_results *r, int job)
{
	if (job != 0 && job == r->find_job)
		return REQ_FIND;
	if (job != 0 && job == r->move_job)
		return REQ_MOVE;
	if (job != 0 && job == r->mpps_job)
		return REQ_MPPS;
	if (r->echo == UI_QR_RUNNING)
		return REQ_ECHO;
	if (r->mpps == UI_QR_RUNNING)
		return REQ_MPPS;
	if (r->find == UI_QR_RUNNING && r->move != UI_QR_RUNNING)
		return REQ_FIND;
	return r->move == UI_QR_RUNNING ? REQ_MOVE : REQ_NONE;
}

/* A request still open when its job ended never got its (final) answer. */
static void
unanswered(struct ui_qr_results *r, enum ui_qr_state *state, const char *why)
{
	if (*state != UI_QR_RUNNING)
		return;
	*state = UI_QR_FAILED;
	snprintf(r->error, sizeof r->error, "%s", why);
}

static void
job_ended(struct ui_qr_results *r, const struct dcb_event *ev)
{
	switch (ended_request(r, ev->job)) {
	case REQ_ECHO:
		r->echo = ev->u.done.ok > 0 && ev->u.done.failed == 0 ? UI_QR_DONE : UI_QR_FAILED;
		break;
	case REQ_MPPS:
		unanswered(r, &r->mpps, _("no answer: the procedure step was not reported"));
		break;
	case REQ_FIND:
		unanswered(r, &r->find, _("no answer: the query was not sent"));
		break;
	case REQ_MOVE:
		unanswered(r, &r->move, _("no answer: the retrieve was not sent"));
		break;
	case REQ_NONE:
		break;
	}
}

bool
ui_qr_apply(struct ui_qr_results *r, const struct dcb_event *ev)
{
	const struct dcb_ev_response *rsp = &ev->u.response;

	if (ev->side != DCB_SIDE_SCU)
		return false;
	if (ev->kind == DCB_EV_JOB_DONE) {
		if (r->jobs == 0)
			return false;
		r->jobs--;
		job_ended(r, ev);
		return true;
	}
	if (ev->kind == DCB_EV_ERROR && r->jobs > 0) {
		dcb_copy_cut(r->error, sizeof r->error, ev->u.error.text);
		return true;
	}
	if (ev->kind != DCB_EV_RESPONSE)
		return false;
	if ((rsp->command == CMD_N_CREATE_RSP || rsp->command == CMD_N_SET_RSP) &&
	    r->mpps == UI_QR_RUNNING) {
		if (ev->job != 0)
			r->mpps_job = ev->job;
		return step_answered(r, rsp);
	}
	if (rsp->command == CMD_FIND_RSP && r->find == UI_QR_RUNNING) {
		if (ev->job != 0)
			r->find_job = ev->job;
		if (!rsp->final) {
			if (rsp->has_identifier)
				add_row(r, rsp);
			return true;
		}
		r->find = ok_status(rsp->status) ? UI_QR_DONE : UI_QR_FAILED;
		r->find_status = rsp->status;
		snprintf(r->error, sizeof r->error, "%s", rsp->error_comment);
		return true;
	}
	if (rsp->command == (r->get ? CMD_GET_RSP : CMD_MOVE_RSP) && r->move == UI_QR_RUNNING) {
		if (ev->job != 0)
			r->move_job = ev->job;
		if (rsp->has_counts) {
			r->remaining = rsp->remaining;
			r->completed = rsp->completed;
			r->failed = rsp->failed;
			r->warning = rsp->warning;
		}
		if (rsp->final) {
			r->remaining = 0;
			r->move_status = rsp->status;
			r->move = rsp->status == 0 ? UI_QR_DONE : UI_QR_FAILED;
			snprintf(r->error, sizeof r->error, "%s", rsp->error_comment);
		}
		return true;
	}
	return false;
}

bool
ui_qr_row_request(const struct ui_qr_results *r, int i, const char *dest,
                  struct ui_qr_request *rq)
{
	const struct ui_qr_row *row;

	if (i < 0 || (unsigned)i >= r->n || r->worklist) /* an entry is no object */
		return false;
	row = &r->rows[i];
	memset(rq, 0, sizeof *rq);
	rq->op = dest != NULL ? UI_QR_OP_MOVE : UI_QR_OP_GET;
	rq->level = r->level;
	snprintf(rq->dest, sizeof rq->dest, "%s", dest != NULL ? dest : "");
	snprintf(rq->patient_id, sizeof rq->patient_id, "%s", row->patient_id);
	if (r->level >= DCB_QR_STUDY)
		snprintf(rq->study_uid, sizeof rq->study_uid, "%s", row->study_uid);
	if (r->level >= DCB_QR_SERIES)
		snprintf(rq->series_uid, sizeof rq->series_uid, "%s", row->series_uid);
	if (r->level >= DCB_QR_IMAGE)
		snprintf(rq->sop_uid, sizeof rq->sop_uid, "%s", row->sop_uid);
	return true;
}

void
ui_qr_begin_step(struct ui_qr_results *r, int row, enum ui_step_state to, const char *uid,
                 unsigned files)
{
	struct ui_qr_row *w = &r->rows[row];

	if (to == UI_STEP_IN_PROGRESS) {
		dcb_copy_cut(w->step_uid, sizeof w->step_uid, uid);
		w->step_files = files;
	}
	r->mpps = UI_QR_RUNNING;
	r->mpps_job = 0;
	r->mpps_row = row;
	r->mpps_to = to;
	r->error[0] = '\0';
	r->jobs++;
}

const char *
ui_step_state_name(enum ui_step_state s)
{
	static const char *const names[] = {"", "IN PROGRESS", "COMPLETED", "DISCONTINUED"};

	return names[s];
}

size_t
ui_qr_step_text(const struct ui_qr_results *r, char *buf, size_t size)
{
	const char *op = r->mpps_to == UI_STEP_IN_PROGRESS ? "N-CREATE" : "N-SET";
	const char *to = ui_step_state_name(r->mpps_to);
	int row = r->mpps_row + 1;

	switch (r->mpps) {
	case UI_QR_NONE:
		buf[0] = '\0';
		return 0;
	case UI_QR_RUNNING:
		/* TRANSLATORS: "N-CREATE of entry 2 (IN PROGRESS): …" */
		return (size_t)snprintf(buf, size, _("%s of entry %d (%s): …"), op, row, to);
	case UI_QR_DONE:
		return (size_t)snprintf(buf, size, _("entry %d: step %s (%s)"), row, to,
		                        r->mpps_row >= 0 ? r->rows[r->mpps_row].step_uid : "");
	case UI_QR_FAILED:
		break;
	}
	return (size_t)snprintf(buf, size, _("%s of entry %d (%s) failed: %s"), op, row, to,
	                        r->error);
}

void
ui_qr_restarted(struct ui_qr_results *r)
{
	enum ui_qr_state *states[] = {&r->find, &r->move, &r->echo, &r->mpps};

	if (r->jobs == 0)
		return;
	for (size_t i = 0; i < sizeof states / sizeof states[0]; i++)
		if (*states[i] == UI_QR_RUNNING)
			*states[i] = UI_QR_FAILED;
	snprintf(r->error, sizeof r->error, "%s", _("the SCU restarted (new settings)"));
	r->jobs = 0;
}

bool
ui_qr_cursor(struct ui_qr_results *r, int delta)
{
	int c = r->cursor + delta;

	if (c >= (int)r->n)
		c = (int)r->n - 1;
	if (c < 0)
		c = 0;
	if (c == r->cursor)
		return false;
	r->cursor = c;
	return true;
}

/* "3 studies found" */
static size_t
found_text(const struct ui_qr_results *r, char *buf, size_t size)
{
	unsigned n = r->answers;

	if (r->worklist)
		return (size_t)snprintf(
		    buf, size, P_("%u worklist entry found", "%u worklist entries found", n), n);
	switch (r->level) {
	case DCB_QR_PATIENT:
		return (size_t)snprintf(buf, size, P_("%u patient found", "%u patients found", n), n);
	case DCB_QR_STUDY:
		return (size_t)snprintf(buf, size, P_("%u study found", "%u studies found", n), n);
	case DCB_QR_SERIES:
		return (size_t)snprintf(buf, size, P_("%u series found", "%u series found", n), n);
	case DCB_QR_IMAGE:
		break;
	}
	return (size_t)snprintf(buf, size, P_("%u image found", "%u images found", n), n);
}

/* Appends to buf[size] after its first n bytes; the new n. */
static size_t
append(char *buf, size_t size, size_t n, const char *text)
{
	return n + (size_t)snprintf(buf + (n < size ? n : size), n < size ? size - n : 0, "%s", text);
}

size_t
ui_qr_find_text(const struct ui_qr_results *r, char *buf, size_t size)
{
	char more[512];
	size_t n;

	switch (r->find) {
	case UI_QR_NONE:
		return (size_t)snprintf(buf, size, "%s", _("no query yet: f asks the peer"));
	case UI_QR_RUNNING:
		return (size_t)snprintf(buf, size, _("%s query · %u answers so far"),
		                        r->worklist ? "WORKLIST" : level_names[r->level],
		                        r->answers);
	case UI_QR_DONE:
	case UI_QR_FAILED:
		break;
	}
	n = found_text(r, buf, size);
	if (r->find == UI_QR_FAILED) {
		snprintf(more, sizeof more, _(" · failed: status 0x%04x %s"), r->find_status, r->error);
		n = append(buf, size, n, more);
	} else if (r->n > 0 && !r->worklist) {
		n = append(buf, size, n, _(" · m moves a row to our SCP, r gets it"));
	}
	return n;
}

size_t
ui_qr_move_text(const struct ui_qr_results *r, char *buf, size_t size)
{
	char more[512], what[64];
	size_t n = 0;

	if (r->get)
		snprintf(what, sizeof what, "C-GET");
	else
		snprintf(what, sizeof what, "C-MOVE → %s", r->move_dest);
	switch (r->move) {
	case UI_QR_NONE:
		buf[0] = '\0';
		return 0;
	case UI_QR_RUNNING:
		/* TRANSLATORS: the first %s is "C-MOVE → AE" or "C-GET" */
		return (size_t)snprintf(buf, size, _("%s: %u completed · %u failed · %u remaining"),
		                        what, r->completed, r->failed, r->remaining);
	case UI_QR_DONE:
		return (size_t)snprintf(buf, size, _("%s done: %u completed · %u failed"), what,
		                        r->completed, r->failed);
	case UI_QR_FAILED:
		n = (size_t)snprintf(buf, size, _("%s failed: %u completed · %u failed"), what,
		                     r->completed, r->failed);
		break;
	}
	snprintf(more, sizeof more, " · 0x%04x %s", r->move_status, r->error);
	return append(buf, size, n, more);
}

size_t
ui_qr_row_text(const struct ui_qr_results *r, int i, char *buf, size_t size)
{
	const struct ui_qr_row *row = &r->rows[i];
	const char *own = r->level == DCB_QR_IMAGE    ? row->sop_uid
	                  : r->level == DCB_QR_SERIES ? (row->description[0] ? row->description
	                                                                     : row->series_uid)
	                                              : row->description;

	char name[80];

	ui_text_pad(name, sizeof name, row->patient_name, 16); /* in columns: UTF-8 */
	return (size_t)snprintf(buf, size, "%s %-10.10s %-8.8s %-5.5s %-8.8s %4s %s%s%s", name,
	                        row->patient_id, row->study_date, row->modality, row->accession,
	                        row->instances, own, row->step != UI_STEP_NONE ? " · " : "",
	                        ui_step_state_name(row->step));
}
