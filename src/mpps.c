/* mpps.c — Modality Performed Procedure Step: N-CREATE and N-SET rules and
 * the steps held in memory (mpps.h). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dict.h"
#include "dset.h"
#include "i18n.h"
#include "mpps.h"

#define T_STATUS DCB_TAG(0x0040, 0x0252)
#define T_SSAS DCB_TAG(0x0040, 0x0270)   /* Scheduled Step Attributes Sequence */
#define T_SERIES DCB_TAG(0x0040, 0x0340) /* Performed Series Sequence */

/* Status codes (PS3.7 Annex C). */
#define ST_INVALID_VALUE 0x0106
#define ST_PROCESSING 0x0110
#define ST_DUPLICATE 0x0111
#define ST_NO_INSTANCE 0x0112
#define ST_MISSING 0x0120
#define ST_MISSING_VALUE 0x0121

/* An attribute a request must carry: in the sequence seq (0 at the top,
 * every item checked), Type 1 (a value) or 2 (present). */
struct rule {
	uint32_t seq, tag;
	int type;
};

/* Table F.7.2-1, N-CREATE (SCU). */
static const struct rule create_rules[] = {
    {0, DCB_TAG(0x0040, 0x0241), 1}, /* Performed Station AE Title */
    {0, DCB_TAG(0x0040, 0x0244), 1}, /* Performed Procedure Step Start Date */
    {0, DCB_TAG(0x0040, 0x0245), 1}, /* Performed Procedure Step Start Time */
    {0, DCB_TAG(0x0040, 0x0253), 1}, /* Performed Procedure Step ID */
    {0, DCB_TAG(0x0008, 0x0060), 1}, /* Modality */
    {0, T_SSAS, 1},
    {T_SSAS, DCB_TAG(0x0020, 0x000D), 1}, /* Study Instance UID */
    {T_SSAS, DCB_TAG(0x0008, 0x0050), 2}, /* Accession Number */
    {T_SSAS, DCB_TAG(0x0008, 0x1110), 2}, /* Referenced Study Sequence */
    {T_SSAS, DCB_TAG(0x0040, 0x1001), 2}, /* Requested Procedure ID */
    {T_SSAS, DCB_TAG(0x0032, 0x1060), 2}, /* Requested Procedure Description */
    {T_SSAS, DCB_TAG(0x0040, 0x0009), 2}, /* Scheduled Procedure Step ID */
    {T_SSAS, DCB_TAG(0x0040, 0x0007), 2}, /* Scheduled Procedure Step Description */
    {T_SSAS, DCB_TAG(0x0040, 0x0008), 2}, /* Scheduled Protocol Code Sequence */
    {0, DCB_TAG(0x0010, 0x0010), 2},      /* Patient's Name */
    {0, DCB_TAG(0x0010, 0x0020), 2},      /* Patient ID */
    {0, DCB_TAG(0x0010, 0x0030), 2},      /* Patient's Birth Date */
    {0, DCB_TAG(0x0010, 0x0040), 2},      /* Patient's Sex */
    {0, DCB_TAG(0x0008, 0x1120), 2},      /* Referenced Patient Sequence */
    {0, DCB_TAG(0x0040, 0x0242), 2},      /* Performed Station Name */
    {0, DCB_TAG(0x0040, 0x0243), 2},      /* Performed Location */
    {0, DCB_TAG(0x0040, 0x0250), 2},      /* Performed Procedure Step End Date */
    {0, DCB_TAG(0x0040, 0x0251), 2},      /* Performed Procedure Step End Time */
    {0, DCB_TAG(0x0040, 0x0254), 2},      /* Performed Procedure Step Description */
    {0, DCB_TAG(0x0040, 0x0255), 2},      /* Performed Procedure Type Description */
    {0, DCB_TAG(0x0008, 0x1032), 2},      /* Procedure Code Sequence */
    {0, DCB_TAG(0x0020, 0x0010), 2},      /* Study ID */
    {0, DCB_TAG(0x0040, 0x0260), 2},      /* Performed Protocol Code Sequence */
    {0, T_SERIES, 2},
};

/* Table F.7.2-1, the final state (COMPLETED or DISCONTINUED). */
static const struct rule final_rules[] = {
    {0, DCB_TAG(0x0040, 0x0250), 1},        /* Performed Procedure Step End Date */
    {0, DCB_TAG(0x0040, 0x0251), 1},        /* Performed Procedure Step End Time */
    {0, T_SERIES, 1},                       /* at least one item */
    {T_SERIES, DCB_TAG(0x0020, 0x000E), 1}, /* Series Instance UID */
    {T_SERIES, DCB_TAG(0x0018, 0x1030), 1}, /* Protocol Name */
    {T_SERIES, DCB_TAG(0x0008, 0x0054), 2}, /* Retrieve AE Title */
    {T_SERIES, DCB_TAG(0x0008, 0x103E), 2}, /* Series Description */
    {T_SERIES, DCB_TAG(0x0008, 0x1050), 2}, /* Performing Physician's Name */
    {T_SERIES, DCB_TAG(0x0008, 0x1070), 2}, /* Operators' Name */
    {T_SERIES, DCB_TAG(0x0008, 0x1140), 2}, /* Referenced Image Sequence */
    {T_SERIES, DCB_TAG(0x0040, 0x0220), 2}, /* Referenced Non-Image Composite SOP Instance Seq */
};

/* Table F.7.2-1: "Not allowed" in N-SET. */
static const uint32_t not_settable[] = {
    DCB_TAG(0x0008, 0x0060), DCB_TAG(0x0008, 0x1120), DCB_TAG(0x0010, 0x0010),
    DCB_TAG(0x0010, 0x0020), DCB_TAG(0x0010, 0x0021), DCB_TAG(0x0010, 0x0030),
    DCB_TAG(0x0010, 0x0040), DCB_TAG(0x0020, 0x0010), T_SSAS,
    DCB_TAG(0x0040, 0x0241), DCB_TAG(0x0040, 0x0242), DCB_TAG(0x0040, 0x0243),
    DCB_TAG(0x0040, 0x0244), DCB_TAG(0x0040, 0x0245), DCB_TAG(0x0040, 0x0253),
};

struct dcb_mpps_list {
	struct dcb_mpps **v;
	size_t n, cap;
};

struct dcb_mpps_list *
dcb_mpps_list_new(void)
{
	return calloc(1, sizeof(struct dcb_mpps_list));
}

static void
mpps_free(struct dcb_mpps *p)
{
	if (p != NULL)
		dcb_dset_free(p->attrs);
	free(p);
}

void
dcb_mpps_list_free(struct dcb_mpps_list *l)
{
	if (l == NULL)
		return;
	for (size_t i = 0; i < l->n; i++)
		mpps_free(l->v[i]);
	free(l->v);
	free(l);
}

const char *
dcb_mpps_state_name(enum dcb_mpps_state s)
{
	switch (s) {
	case DCB_MPPS_IN_PROGRESS:
		return "IN PROGRESS";
	case DCB_MPPS_COMPLETED:
		return "COMPLETED";
	case DCB_MPPS_DISCONTINUED:
		return "DISCONTINUED";
	}
	return "?";
}

const struct dcb_mpps *
dcb_mpps_find(const struct dcb_mpps_list *l, const char *uid)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i]->uid, uid) == 0)
			return l->v[i];
	return NULL;
}

size_t
dcb_mpps_count(const struct dcb_mpps_list *l)
{
	return l->n;
}

const struct dcb_mpps *
dcb_mpps_nth(const struct dcb_mpps_list *l, size_t i)
{
	return i < l->n ? l->v[i] : NULL;
}

/* --- verdicts ------------------------------------------------------------ */

static void
verdict(struct dcb_mpps_verdict *v, uint16_t status, enum dcb_code code, uint32_t tag,
        const char *comment, const char *fmt, ...) DCB_PRINTF(6, 7);

static void
verdict(struct dcb_mpps_verdict *v, uint16_t status, enum dcb_code code, uint32_t tag,
        const char *comment, const char *fmt, ...)
{
	va_list ap;

	v->status = status;
	v->code = code;
	v->offending = tag;
	v->comment = comment;
	va_start(ap, fmt);
	vsnprintf(v->message, sizeof v->message, dcb_tr(fmt), ap);
	va_end(ap);
}

/* "(0040,0244) Performed Procedure Step Start Date" */
static const char *
tag_words(uint32_t tag, char *buf, size_t size)
{
	const struct dcb_dict_entry *d = dcb_dict_lookup(tag);

	snprintf(buf, size, "(%04X,%04X) %s", DCB_TAG_GROUP(tag), DCB_TAG_ELEMENT(tag),
	         d != NULL ? d->name : "?");
	return buf;
}

static bool
has_value(const struct dcb_dset *ds, uint32_t tag)
{
	const struct dcb_dset_elem *e = dcb_dset_get(ds, tag);
	char v[4];

	if (e == NULL)
		return false;
	if (strcmp(e->vr, "SQ") == 0)
		return e->n_items > 0;
	return dcb_dset_get_str(ds, tag, v, sizeof v) != 0;
}

/* Checks ds against rules: the first Type 1 attribute without a value
 * fails (status, code); a Type 2 one absent is said with code, once, on
 * success.  Returns true when ds passes. */
static bool
check(const struct dcb_dset *ds, const struct rule *rules, size_t n, enum dcb_code code,
      const char *what, struct dcb_mpps_verdict *v)
{
	char name[128], in[192];
	bool noted = false;

	for (size_t i = 0; i < n; i++) {
		const struct rule *r = &rules[i];
		const struct dcb_dset_elem *s = r->seq ? dcb_dset_get(ds, r->seq) : NULL;
		uint32_t items = r->seq ? (s != NULL ? s->n_items : 0) : 1;

		for (uint32_t k = 0; k < items; k++) {
			const struct dcb_dset *d = r->seq ? s->items[k] : ds;
			bool present = dcb_dset_get(d, r->tag) != NULL;

			in[0] = '\0';
			if (r->seq)
				snprintf(in, sizeof in, dcb_tr(" (%s, item %u)"),
				         tag_words(r->seq, name, sizeof name), k + 1);
			tag_words(r->tag, name, sizeof name);
			if (r->type == 1 && !has_value(d, r->tag)) {
				verdict(v, present ? ST_MISSING_VALUE : ST_MISSING, code, r->tag,
				        present ? "Missing attribute value" : "Missing attribute",
				        present ? N_("%s: %s%s has no value; it is required") :
				                  N_("%s: %s%s is missing; it is required"),
				        dcb_tr(what), name, in);
				return false;
			}
			if (r->type == 2 && !present && !noted) {
				verdict(v, 0x0000, code, r->tag, NULL,
				        N_("%s: %s%s is missing (Type 2: it must be present, even "
				           "empty); accepted"),
				        dcb_tr(what), name, in);
				noted = true;
			}
		}
	}
	return true;
}

/* The state a status value names; false for another value. */
static bool
state_of(const struct dcb_dset *ds, enum dcb_mpps_state *s, char *text, size_t size)
{
	if (dcb_dset_get_str(ds, T_STATUS, text, size) < 0)
		text[0] = '\0';
	for (int i = DCB_MPPS_IN_PROGRESS; i <= DCB_MPPS_DISCONTINUED; i++)
		if (strcmp(text, dcb_mpps_state_name((enum dcb_mpps_state)i)) == 0) {
			*s = (enum dcb_mpps_state)i;
			return true;
		}
	return false;
}

static void
link_item(struct dcb_mpps *p)
{
	const struct dcb_dset *item = dcb_dset_item(p->attrs, T_SSAS, 0);

	p->study_uid[0] = p->accession[0] = p->sps_id[0] = p->patient[0] = '\0';
	if (dcb_dset_get_str(p->attrs, DCB_TAG(0x0010, 0x0010), p->patient, sizeof p->patient) < 0)
		p->patient[0] = '\0';
	if (item == NULL)
		return;
	if (dcb_dset_get_str(item, DCB_TAG(0x0020, 0x000D), p->study_uid, sizeof p->study_uid) < 0)
		p->study_uid[0] = '\0';
	if (dcb_dset_get_str(item, DCB_TAG(0x0008, 0x0050), p->accession, sizeof p->accession) < 0)
		p->accession[0] = '\0';
	if (dcb_dset_get_str(item, DCB_TAG(0x0040, 0x0009), p->sps_id, sizeof p->sps_id) < 0)
		p->sps_id[0] = '\0';
}

static int
nomem(struct dcb_mpps_verdict *v)
{
	verdict(v, ST_PROCESSING, 0, 0, "Out of resources", N_("out of memory"));
	return DCB_ERR_NOMEM;
}

/* A new step uid with a copy of attrs in state st, or NULL when out of
 * memory. */
static struct dcb_mpps *
add(struct dcb_mpps_list *l, const char *uid, const struct dcb_dset *attrs,
    enum dcb_mpps_state st)
{
	struct dcb_mpps *p;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct dcb_mpps **nv = realloc(l->v, cap * sizeof *nv);
		if (nv == NULL)
			return NULL;
		l->v = nv;
		l->cap = cap;
	}
	p = calloc(1, sizeof *p);
	if (p == NULL || (p->attrs = dcb_dset_new()) == NULL ||
	    dcb_dset_copy_into(p->attrs, attrs, NULL) < 0) {
		mpps_free(p);
		return NULL;
	}
	snprintf(p->uid, sizeof p->uid, "%s", uid);
	p->state = st;
	link_item(p);
	l->v[l->n++] = p;
	return p;
}

/* --- N-CREATE ------------------------------------------------------------- */

int
dcb_mpps_create(struct dcb_mpps_list *l, const char *uid, const struct dcb_dset *attrs,
                struct dcb_mpps_verdict *v, const struct dcb_mpps **out)
{
	struct dcb_mpps *p;
	enum dcb_mpps_state st;
	char status[32];

	memset(v, 0, sizeof *v);
	if (out != NULL)
		*out = NULL;
	if (dcb_mpps_find(l, uid) != NULL) {
		verdict(v, ST_DUPLICATE, DCB_F_MPPS_DUPLICATE, 0, "Duplicate SOP instance",
		        N_("N-CREATE of step %s, which exists already: answered 0111H"), uid);
		return v->status;
	}
	if (!state_of(attrs, &st, status, sizeof status) || st != DCB_MPPS_IN_PROGRESS) {
		verdict(v, ST_INVALID_VALUE, DCB_F_MPPS_CREATE_STATUS, T_STATUS,
		        "Status must be IN PROGRESS",
		        N_("N-CREATE of step %s with Performed Procedure Step Status '%s', not IN "
		           "PROGRESS: answered 0106H, nothing created"),
		        uid, status);
		return v->status;
	}
	if (!check(attrs, create_rules, sizeof create_rules / sizeof create_rules[0],
	           DCB_F_MPPS_CREATE_MISSING, N_("N-CREATE"), v))
		return v->status;
	p = add(l, uid, attrs, DCB_MPPS_IN_PROGRESS);
	if (p == NULL)
		return nomem(v);
	if (out != NULL)
		*out = p;
	return 0;
}

int
dcb_mpps_restore(struct dcb_mpps_list *l, const char *uid, const struct dcb_dset *attrs)
{
	enum dcb_mpps_state st;
	char status[32];

	if (dcb_mpps_find(l, uid) != NULL)
		return DCB_ERR_EXISTS;
	if (!state_of(attrs, &st, status, sizeof status))
		return DCB_ERR_MALFORMED;
	return add(l, uid, attrs, st) != NULL ? 0 : DCB_ERR_NOMEM;
}

/* --- N-SET ----------------------------------------------------------------- */

static bool
settable(uint32_t tag)
{
	for (size_t i = 0; i < sizeof not_settable / sizeof not_settable[0]; i++)
		if (not_settable[i] == tag)
			return false;
	return true;
}

int
dcb_mpps_set(struct dcb_mpps_list *l, const char *uid, const struct dcb_dset *mods,
             struct dcb_mpps_verdict *v, const struct dcb_mpps **out)
{
	struct dcb_mpps *p = (struct dcb_mpps *)dcb_mpps_find(l, uid);
	struct dcb_dset *next;
	enum dcb_mpps_state st;
	char status[32], name[128];
	uint32_t ignored = 0;

	memset(v, 0, sizeof *v);
	if (out != NULL)
		*out = p;
	if (p == NULL) {
		verdict(v, ST_NO_INSTANCE, DCB_F_MPPS_NO_INSTANCE, 0, "No such SOP instance",
		        N_("N-SET of step %s, which this SCP never created: answered 0112H"), uid);
		return v->status;
	}
	if (p->state != DCB_MPPS_IN_PROGRESS) {
		verdict(v, ST_PROCESSING, DCB_F_MPPS_FINAL, 0,
		        "Performed Procedure Step Object may no longer be updated",
		        N_("N-SET of step %s, which is %s already: answered 0110H (error ID A710H), "
		           "nothing changed"),
		        uid, dcb_mpps_state_name(p->state));
		v->error_id = 0xA710;
		return v->status;
	}
	st = p->state;
	if (dcb_dset_get(mods, T_STATUS) != NULL && !state_of(mods, &st, status, sizeof status)) {
		verdict(v, ST_INVALID_VALUE, DCB_F_MPPS_BAD_STATUS, T_STATUS,
		        "Unknown Performed Procedure Step Status",
		        N_("N-SET of step %s with Performed Procedure Step Status '%s': answered "
		           "0106H, nothing changed"),
		        uid, status);
		return v->status;
	}
	next = dcb_dset_new();
	if (next == NULL || dcb_dset_copy_into(next, p->attrs, NULL) < 0) {
		dcb_dset_free(next);
		return nomem(v);
	}
	for (size_t i = 0; i < dcb_dset_count(mods); i++) {
		const struct dcb_dset_elem *e = dcb_dset_nth(mods, i);
		if (!settable(e->tag)) {
			ignored = ignored ? ignored : e->tag;
			continue;
		}
		if (dcb_dset_put_copy(next, e, NULL) < 0) {
			dcb_dset_free(next);
			return nomem(v);
		}
	}
	if (st != DCB_MPPS_IN_PROGRESS &&
	    !check(next, final_rules, sizeof final_rules / sizeof final_rules[0],
	           DCB_F_MPPS_FINAL_MISSING, N_("N-SET to a final state"), v)) {
		dcb_dset_free(next);
		return v->status;
	}
	if (ignored != 0)
		verdict(v, 0x0000, DCB_F_MPPS_NOT_ALLOWED, ignored, NULL,
		        N_("N-SET of step %s changes %s, which Table F.7.2-1 does not allow in "
		           "N-SET: ignored, the rest applied"),
		        uid, tag_words(ignored, name, sizeof name));
	dcb_dset_free(p->attrs);
	p->attrs = next;
	p->state = st;
	p->n_sets++;
	return 0;
}
