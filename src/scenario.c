/* scenario.c — fault injection descriptions: parsing and describing them.
 * The engine consults the fields directly (scp-store.c, tap.c). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "scenario.h"

bool
dcb_scenario_active(const struct dcb_scenario *s)
{
	return s != NULL &&
	       (s->refuse || s->reject_assoc || s->reject_no_impl || s->n_reject_uid > 0 ||
	        s->status_set || s->sleep_after_s > 0 || s->sleep_during_s > 0 || s->abort_before ||
	        s->abort_during || s->abort_after || s->abort_after_store || s->drop_mid_pdu || s->drop_handshake ||
	        s->commit_new_assoc || s->commit_delay_s > 0 || s->commit_after_release ||
	        s->commit_fail > 0 || s->commit_no_report);
}

static void
add(char *buf, size_t size, size_t *o, const char *text)
{
	int n;

	if (*o >= size)
		return;
	n = snprintf(buf + *o, size - *o, "%s%s", *o > 0 ? ", " : "", text);
	if (n > 0)
		*o += (size_t)n;
	if (*o >= size)
		*o = size;
}

void
dcb_scenario_describe(const struct dcb_scenario *s, char *buf, size_t size)
{
	char part[96];
	size_t o = 0;

	if (size == 0)
		return;
	buf[0] = '\0';
	if (s == NULL)
		return;
	if (s->refuse)
		add(buf, size, &o, "refuse");
	if (s->reject_assoc) {
		snprintf(part, sizeof part, "reject-assoc %u,%u,%u", s->rj_result, s->rj_source,
		         s->rj_reason);
		add(buf, size, &o, part);
	}
	if (s->reject_no_impl)
		add(buf, size, &o, "reject (no implementation UID)");
	for (unsigned i = 0; i < s->n_reject_uid; i++) {
		snprintf(part, sizeof part, "reject-context %.64s", s->reject_uid[i]);
		add(buf, size, &o, part);
	}
	if (s->status_set) {
		snprintf(part, sizeof part, "status 0x%04X", s->status);
		add(buf, size, &o, part);
	}
	if (s->sleep_during_s > 0) {
		snprintf(part, sizeof part, "sleep-during %u s", s->sleep_during_s);
		add(buf, size, &o, part);
	}
	if (s->sleep_after_s > 0) {
		snprintf(part, sizeof part, "sleep-after %u s", s->sleep_after_s);
		add(buf, size, &o, part);
	}
	if (s->abort_before)
		add(buf, size, &o, "abort-before");
	if (s->abort_during)
		add(buf, size, &o, "abort-during");
	if (s->abort_after)
		add(buf, size, &o, "abort-after");
	if (s->abort_after_store)
		add(buf, size, &o, "abort-after-store");
	if (s->drop_mid_pdu)
		add(buf, size, &o, "drop-mid-pdu");
	if (s->drop_handshake)
		add(buf, size, &o, "drop-handshake");
	if (s->commit_new_assoc)
		add(buf, size, &o, "commit-new-assoc");
	if (s->commit_delay_s > 0) {
		snprintf(part, sizeof part, "commit-delay %u s", s->commit_delay_s);
		add(buf, size, &o, part);
	}
	if (s->commit_after_release)
		add(buf, size, &o, "commit-after-release");
	if (s->commit_fail > 0) {
		snprintf(part, sizeof part, "commit-fail %u", s->commit_fail);
		add(buf, size, &o, part);
	}
	if (s->commit_no_report)
		add(buf, size, &o, "commit-no-report");
}

static int
number(const char *text, unsigned long max, unsigned long *out)
{
	char *end;

	errno = 0;
	if (text[0] < '0' || text[0] > '9')
		return -1;
	*out = strtoul(text, &end, 0);
	if (errno != 0 || end == text || *out > max)
		return -1;
	return (int)(end - text);
}

int
dcb_scenario_parse_reject(struct dcb_scenario *s, const char *text, struct dcb_error *err)
{
	unsigned long v[3];
	const char *p = text;
	int n;

	for (int i = 0; i < 3; i++) {
		n = number(p, 255, &v[i]);
		if (n < 0 || (i < 2 && p[n] != ',') || (i == 2 && p[n] != '\0'))
			return dcb_error_set(err, DCB_ERR_USAGE, -1,
			                     N_("invalid value '%s' for --reject-assoc: give "
			                        "RESULT,SOURCE,REASON as three decimal numbers, "
			                        "e.g. 1,1,7"),
			                     text);
		p += n + 1;
	}
	if (v[0] < 1 || v[0] > 2)
		return dcb_error_set(err, DCB_ERR_USAGE, -1,
		                     N_("--reject-assoc: result %lu is not 1 (permanent) or 2 "
		                        "(transient)"),
		                     v[0]);
	if (v[1] < 1 || v[1] > 3)
		return dcb_error_set(err, DCB_ERR_USAGE, -1,
		                     N_("--reject-assoc: source %lu is not 1 (service user), 2 "
		                        "(provider, ACSE) or 3 (provider, presentation)"),
		                     v[1]);
	/* PS3.8 9.3.4: user 1,2,3,7; ACSE 1,2; presentation 1,2 (others reserved).
	 * Reserved values are allowed on purpose but must be 1..7. */
	if (v[2] < 1 || v[2] > 7)
		return dcb_error_set(err, DCB_ERR_USAGE, -1,
		                     N_("--reject-assoc: reason %lu is not between 1 and 7"), v[2]);
	s->reject_assoc = true;
	s->rj_result = (uint8_t)v[0];
	s->rj_source = (uint8_t)v[1];
	s->rj_reason = (uint8_t)v[2];
	return 0;
}

int
dcb_scenario_parse_status(struct dcb_scenario *s, const char *text, struct dcb_error *err)
{
	unsigned long v;
	char *end;
	int base = 0;

	errno = 0;
	if (strncmp(text, "0x", 2) != 0 && strncmp(text, "0X", 2) != 0 &&
	    strpbrk(text, "abcdefABCDEF") != NULL)
		base = 16;
	v = strtoul(text, &end, base);
	if (text[0] == '\0' || text[0] == '-' || errno != 0 || *end != '\0' || v > 0xFFFF)
		return dcb_error_set(err, DCB_ERR_USAGE, -1,
		                     N_("invalid value '%s' for --status: give a DIMSE status "
		                        "such as 0x0000, 0xB000, 0xA700 or 0xC000"),
		                     text);
	s->status_set = true;
	s->status = (uint16_t)v;
	return 0;
}

int
dcb_scenario_add_reject(struct dcb_scenario *s, const char *uid, struct dcb_error *err)
{
	size_t n = strlen(uid);

	if (n == 0 || n > 64 || strspn(uid, "0123456789.") != n)
		return dcb_error_set(err, DCB_ERR_USAGE, -1,
		                     N_("invalid value '%s' for --reject-context: give a SOP "
		                        "class or transfer syntax UID (digits and dots)"),
		                     uid);
	if (s->n_reject_uid >= DCB_SCENARIO_MAX_REJECT)
		return dcb_error_set(err, DCB_ERR_USAGE, -1,
		                     N_("--reject-context given more than %d times"),
		                     DCB_SCENARIO_MAX_REJECT);
	memcpy(s->reject_uid[s->n_reject_uid++], uid, n + 1);
	return 0;
}

bool
dcb_scenario_rejects(const struct dcb_scenario *s, const char *uid)
{
	if (s == NULL || uid == NULL || uid[0] == '\0')
		return false;
	for (unsigned i = 0; i < s->n_reject_uid; i++)
		if (strcmp(s->reject_uid[i], uid) == 0)
			return true;
	return false;
}

unsigned
dcb_scenario_filter_ac(const struct dcb_scenario *s, const struct dcb_assoc *rq,
                       struct dcb_assoc *ac)
{
	unsigned changed = 0;

	if (s == NULL || s->n_reject_uid == 0)
		return 0;
	for (unsigned i = 0; i < ac->n_pctx; i++) {
		struct dcb_pctx *p = &ac->pctx[i];
		const char *as = p->abstract_syntax;

		if (p->result != DCB_PCTX_ACCEPTANCE)
			continue;
		for (unsigned j = 0; j < rq->n_pctx; j++)
			if (rq->pctx[j].id == p->id)
				as = rq->pctx[j].abstract_syntax;
		if (dcb_scenario_rejects(s, as))
			p->result = DCB_PCTX_ABSTRACT_NOT_SUPPORTED;
		else if (p->n_ts > 0 && dcb_scenario_rejects(s, p->ts[0]))
			p->result = DCB_PCTX_TS_NOT_SUPPORTED;
		else
			continue;
		changed++;
	}
	return changed;
}

bool
dcb_scenario_assoc_verdict(const struct dcb_scenario *s, const struct dcb_assoc *rq,
                           uint8_t *result, uint8_t *source, uint8_t *reason, char *why,
                           size_t why_size)
{
	if (s == NULL)
		return false;
	if (s->refuse) {
		*result = DCB_RJ_PERMANENT;
		*source = DCB_RJ_SOURCE_USER;
		*reason = 1;
		snprintf(why, why_size, "%s",
		         _("scenario --refuse: rejected permanent, service user, no reason given"));
		return true;
	}
	if (s->reject_assoc) {
		*result = s->rj_result;
		*source = s->rj_source;
		*reason = s->rj_reason;
		snprintf(why, why_size,
		         _("scenario --reject-assoc: result %u, source %u, reason %u"),
		         s->rj_result, s->rj_source, s->rj_reason);
		return true;
	}
	if (s->reject_no_impl && rq->user.impl_class_uid[0] == '\0') {
		*result = DCB_RJ_PERMANENT;
		*source = DCB_RJ_SOURCE_USER;
		*reason = 1;
		snprintf(why, why_size, "%s",
		         _("scenario --reject: the request has no implementation class UID"));
		return true;
	}
	return false;
}
