/* cli-response.c — query responses as dcmtk's findscu, movescu and getscu
 * print them, so that walkthroughs read the same:
 *
 *   I: ---------------------------
 *   I: Find Response: 1 (Pending)
 *   I:
 *   I: # Dicom-Data-Set
 *   I: # Used TransferSyntax: Little Endian Explicit
 *   I: (0010,0010) PN [DOE^JOHN]                 #   8, 1 PatientName
 *   I:
 *
 * and findscu -X's files (rsp0001.dcm ...: a meta header, then the
 * identifier in explicit VR little endian). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli-log.h"
#include "dimse.h"
#include "dset-text.h"
#include "dset.h"
#include "i18n.h"
#include "negotiate.h"
#include "part10.h"
#include "store-file.h"

static void
info(struct dcb_cli_log *l, bool shown, const char *text)
{
	if (shown)
		fprintf(l->out, "I: %s\n", text);
}

static void
dump_line(void *user, const char *text)
{
	struct dcb_cli_log *l = user;

	info(l, true, text);
}

/* dcmtk's name of the syntax a data set came in. */
static const char *
ts_words(const char *uid)
{
	if (strcmp(uid, DCB_UID_IMPLICIT_LE) == 0)
		return "Little Endian Implicit";
	if (strcmp(uid, DCB_UID_EXPLICIT_LE) == 0)
		return "Little Endian Explicit";
	return dcb_ts_short_name(uid);
}

static void
dump_identifier(struct dcb_cli_log *l, const struct dcb_ev_response *r)
{
	struct dcb_error err = {0};
	struct dcb_dset *ds = NULL;
	char text[160];

	info(l, true, "");
	info(l, true, "# Dicom-Data-Set");
	snprintf(text, sizeof text, "# Used TransferSyntax: %s", ts_words(r->transfer_syntax));
	info(l, true, text);
	if (dcb_dset_decode(r->identifier, r->identifier_len, DCB_DSET_EXPLICIT_LE, &ds, &err) ==
	    0)
		dcb_dset_print(ds, dump_line, l);
	dcb_dset_free(ds);
	if (r->truncated)
		info(l, true, _("# (more elements than the event holds: cut here)"));
	info(l, true, "");
}

/* -X: the identifier as rspNNNN.dcm in the output folder. */
static void
extract(struct dcb_cli_log *l, const struct dcb_ev_response *r)
{
	struct dcb_cli_responses *o = l->responses;
	struct dcb_error err = {0};
	uint8_t meta[1024];
	char path[4096], uid[DCB_UID_SIZE];
	long n;
	FILE *f;

	if (o->extract_limit > 0 && o->extracted >= o->extract_limit)
		return;
	snprintf(path, sizeof path, "%s/rsp%04u.dcm", o->extract_dir, o->extracted + 1);
	if (dcb_store_new_uid(uid, sizeof uid, &err) < 0 ||
	    (n = dcb_meta_encode(meta, sizeof meta, r->sop_class_uid[0] ? r->sop_class_uid
	                                                                 : DCB_UID_VERIFICATION,
	                         uid, DCB_UID_EXPLICIT_LE, NULL)) < 0) {
		fprintf(l->out, _("E: cannot write %s: %s\n"), path,
		        err.message[0] ? err.message : _("no meta header"));
		l->errors++;
		return;
	}
	f = fopen(path, "wb");
	if (f == NULL || fwrite(meta, 1, (size_t)n, f) != (size_t)n ||
	    fwrite(r->identifier, 1, r->identifier_len, f) != r->identifier_len ||
	    fclose(f) != 0) {
		fprintf(l->out, _("E: cannot write %s: %s\n"), path, strerror(errno));
		l->errors++;
		return;
	}
	o->extracted++;
	if (l->level >= DCB_LOG_INFO)
		fprintf(l->out, _("I: writing response dataset to file: %s\n"), path);
}

/* "Pending", or "Failure: 0xC000 unable to process ..." */
static void
status_words(const struct dcb_ev_response *r, char *out, size_t size)
{
	enum dcb_status_class c = dcb_dimse_status_class(r->status);

	if (c == DCB_STATUS_PENDING || c == DCB_STATUS_SUCCESS || c == DCB_STATUS_CANCEL)
		snprintf(out, size, "%s", dcb_status_class_name(c));
	else
		snprintf(out, size, "%s: 0x%04X %s%s%s", dcb_status_class_name(c), r->status,
		         dcb_dimse_status_name_for(r->command, r->status),
		         r->error_comment[0] ? ", " : "", r->error_comment);
}

static void
find_response(struct dcb_cli_log *l, const struct dcb_ev_response *r, const char *status)
{
	struct dcb_cli_responses *o = l->responses;
	bool show = (o != NULL ? o->show : true) && l->level >= DCB_LOG_WARN;
	char text[320];

	if (!r->final) {
		if (o != NULL)
			o->answers++;
		if (show || l->level >= DCB_LOG_INFO) {
			info(l, true, "---------------------------");
			snprintf(text, sizeof text, "Find Response: %u (%s)", r->number, status);
			info(l, true, text);
			if (r->has_identifier)
				dump_identifier(l, r);
		}
		if (o != NULL && o->extract_dir != NULL && r->has_identifier)
			extract(l, r);
		return;
	}
	snprintf(text, sizeof text, "Received Final Find Response (%s)", status);
	info(l, l->level >= DCB_LOG_INFO, text);
}

static void
counts(struct dcb_cli_log *l, const struct dcb_ev_response *r)
{
	char text[160];

	info(l, true, "Final status report from last C-GET message:");
	snprintf(text, sizeof text, "  Number of Remaining Suboperations : %u", r->remaining);
	info(l, true, text);
	snprintf(text, sizeof text, "  Number of Completed Suboperations : %u", r->completed);
	info(l, true, text);
	snprintf(text, sizeof text, "  Number of Failed Suboperations    : %u", r->failed);
	info(l, true, text);
	snprintf(text, sizeof text, "  Number of Warning Suboperations   : %u", r->warning);
	info(l, true, text);
}

/* "C-FIND", "N-CREATE": the request r answers. */
static const char *
request_name(const struct dcb_ev_response *r)
{
	switch (r->command) {
	case DCB_C_FIND_RSP:
		return "C-FIND";
	case DCB_C_MOVE_RSP:
		return "C-MOVE";
	case DCB_C_GET_RSP:
		return "C-GET";
	case DCB_N_CREATE_RSP:
		return "N-CREATE";
	case DCB_N_SET_RSP:
		return "N-SET";
	default:
		return dcb_dimse_command_name(r->command);
	}
}

void
dcb_cli_log_response(struct dcb_cli_log *l, const struct dcb_ev_response *r)
{
	bool verbose = l->level >= DCB_LOG_INFO;
	enum dcb_status_class c = dcb_dimse_status_class(r->status);
	char status[256], text[400];

	status_words(r, status, sizeof status);
	if (r->command == DCB_C_FIND_RSP) {
		find_response(l, r, status);
	} else if (r->command == DCB_C_MOVE_RSP) {
		if (r->final)
			snprintf(text, sizeof text, "Received Final Move Response (%s)", status);
		else
			snprintf(text, sizeof text, "Received Move Response %u (%s)", r->number,
			         status);
		info(l, verbose, text);
	} else if (r->command == DCB_C_GET_RSP) {
		snprintf(text, sizeof text, "Received C-GET Response (%s)", status);
		info(l, verbose, text);
		if (r->final && verbose && r->has_counts)
			counts(l, r);
	} else {
		snprintf(text, sizeof text, "Received %s Response (%s)%s%s", request_name(r), status,
		         r->sop_instance_uid[0] ? ": " : "", r->sop_instance_uid);
		info(l, verbose, text);
	}
	if (r->command != DCB_C_FIND_RSP && r->has_identifier && l->level >= DCB_LOG_DEBUG)
		dump_identifier(l, r);
	if (r->failed_uids[0] != '\0' && l->level >= DCB_LOG_WARN) {
		snprintf(text, sizeof text, _("W: failed SOP instances: %s%s\n"), r->failed_uids,
		         r->failed_uids_truncated ? "..." : "");
		fputs(text, l->out);
	}
	if (r->final && c == DCB_STATUS_FAILURE) {
		fprintf(l->out, _("E: %s failed: %s\n"), request_name(r), status);
		l->errors++;
	}
	fflush(l->out);
}
