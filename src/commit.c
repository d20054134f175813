/* commit.c — the data sets of Storage Commitment (commit.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commit.h"
#include "dict.h"
#include "dset.h"
#include "i18n.h"
#include "negotiate.h"
#include "part10.h"
#include "pdu.h"

#define TAG_TRANSACTION_UID DCB_TAG(0x0008, 0x1195)
#define TAG_REFERENCED_SOP_SEQ DCB_TAG(0x0008, 0x1199)
#define TAG_FAILED_SOP_SEQ DCB_TAG(0x0008, 0x1198)
#define TAG_FAILURE_REASON DCB_TAG(0x0008, 0x1197)
#define TAG_REF_SOP_CLASS DCB_TAG(0x0008, 0x1150)
#define TAG_REF_SOP_INSTANCE DCB_TAG(0x0008, 0x1155)

void
dcb_commit_init(struct dcb_commit *c)
{
	memset(c, 0, sizeof *c);
}

void
dcb_commit_clear(struct dcb_commit *c)
{
	free(c->refs);
	dcb_commit_init(c);
}

/* PS3.5 9.1: digits and dots, no empty component, no leading zero in a
 * component of more than one digit, at most 64 characters. */
static bool
uid_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > DCB_UID_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		bool start = i == 0 || s[i - 1] == '.';
		if (s[i] == '.') {
			if (start || i + 1 == n)
				return false;
		} else if (s[i] < '0' || s[i] > '9') {
			return false;
		} else if (start && s[i] == '0' && i + 1 < n && s[i + 1] != '.') {
			return false;
		}
	}
	return true;
}

int
dcb_commit_add(struct dcb_commit *c, const char *sop_class, const char *sop_instance,
               struct dcb_error *err)
{
	struct dcb_commit_ref *r;

	if (sop_class[0] == '\0' || sop_instance[0] == '\0' || strlen(sop_class) > DCB_UID_MAX ||
	    strlen(sop_instance) > DCB_UID_MAX)
		return dcb_error_set(err, DCB_ERR_USAGE, -1,
		                     N_("a reference needs a SOP class and instance UID of 1 to 64 "
		                        "characters"));
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 16;
		struct dcb_commit_ref *v = realloc(c->refs, cap * sizeof *v);
		if (v == NULL)
			return dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory"));
		c->refs = v;
		c->cap = cap;
	}
	r = &c->refs[c->n++];
	memset(r, 0, sizeof *r);
	snprintf(r->sop_class, sizeof r->sop_class, "%s", sop_class);
	snprintf(r->sop_instance, sizeof r->sop_instance, "%s", sop_instance);
	return 0;
}

/* A UID of ds: 1 found, 0 present but empty, -1 absent or not a string
 * (or too long: -2). */
static int
get_uid(const struct dcb_dset *ds, uint32_t tag, char *out)
{
	const struct dcb_dset_elem *e = dcb_dset_get(ds, tag);
	int n;

	out[0] = '\0';
	if (e == NULL || e->n_items > 0 || strcmp(e->vr, "SQ") == 0)
		return -1;
	n = dcb_dset_get_str(ds, tag, out, DCB_UID_SIZE);
	if (n == DCB_ERR_LIMIT)
		return -2;
	return n > 0 ? 1 : 0;
}

/* The references of sequence tag of ds into out; reason for each (or
 * from its Failure Reason when with_reason).  0, or DCB_ERR_PROTOCOL with
 * *status and err, DCB_ERR_NOMEM. */
static int
read_refs(const struct dcb_dset *ds, uint32_t tag, bool with_reason, struct dcb_commit *out,
          uint16_t *status, struct dcb_error *err)
{
	const struct dcb_dset_elem *seq = dcb_dset_get(ds, tag);
	const char *name = tag == TAG_FAILED_SOP_SEQ ? "Failed SOP Sequence (0008,1198)"
	                                             : "Referenced SOP Sequence (0008,1199)";

	for (uint32_t i = 0; seq != NULL && i < seq->n_items; i++) {
		const struct dcb_dset *it = seq->items[i];
		char cls[DCB_UID_SIZE], inst[DCB_UID_SIZE];
		int rc_c = get_uid(it, TAG_REF_SOP_CLASS, cls);
		int rc_i = get_uid(it, TAG_REF_SOP_INSTANCE, inst);
		uint16_t reason = DCB_COMMIT_OK;

		if (rc_c < 0 && rc_c != -2) {
			*status = 0x0120;
			return dcb_error_set(err, DCB_ERR_PROTOCOL, -1,
			                     N_("item %u of the %s has no Referenced SOP Class UID "
			                        "(0008,1150)"),
			                     i + 1, name);
		}
		if (rc_i < 0 && rc_i != -2) {
			*status = 0x0120;
			return dcb_error_set(err, DCB_ERR_PROTOCOL, -1,
			                     N_("item %u of the %s has no Referenced SOP Instance UID "
			                        "(0008,1155)"),
			                     i + 1, name);
		}
		if (rc_c == 0 || rc_i == 0) {
			*status = 0x0121;
			return dcb_error_set(err, DCB_ERR_PROTOCOL, -1,
			                     N_("item %u of the %s has an empty Referenced SOP %s UID"),
			                     i + 1, name, rc_c == 0 ? "Class" : "Instance");
		}
		if (rc_c == -2 || rc_i == -2 || !uid_ok(cls) || !uid_ok(inst)) {
			*status = 0x0115;
			return dcb_error_set(err, DCB_ERR_PROTOCOL, -1,
			                     N_("item %u of the %s has a Referenced SOP %s UID that is "
			                        "not a UID (PS3.5 9.1: digits and dots, at most 64)"),
			                     i + 1, name,
			                     rc_c == -2 || !uid_ok(cls) ? "Class" : "Instance");
		}
		if (with_reason && dcb_dset_get_u16(it, TAG_FAILURE_REASON, &reason) < 0)
			reason = DCB_COMMIT_PROCESSING_FAILURE;
		if (with_reason && reason == DCB_COMMIT_OK)
			reason = DCB_COMMIT_PROCESSING_FAILURE;
		if (dcb_commit_add(out, cls, inst, err) < 0) {
			*status = 0x0110;
			return DCB_ERR_NOMEM;
		}
		out->refs[out->n - 1].reason = reason;
	}
	return 0;
}

/* The Transaction UID of ds into out. */
static int
read_transaction(const struct dcb_dset *ds, struct dcb_commit *out, uint16_t *status,
                 struct dcb_error *err)
{
	int rc = get_uid(ds, TAG_TRANSACTION_UID, out->transaction_uid);

	if (rc == -1) {
		*status = 0x0120;
		return dcb_error_set(err, DCB_ERR_PROTOCOL, -1,
		                     N_("no Transaction UID (0008,1195): the requester must give "
		                        "one, to match the report to its request"));
	}
	if (rc == 0) {
		*status = 0x0121;
		return dcb_error_set(err, DCB_ERR_PROTOCOL, -1,
		                     N_("the Transaction UID (0008,1195) is empty"));
	}
	if (rc == -2 || !uid_ok(out->transaction_uid)) {
		*status = 0x0115;
		return dcb_error_set(err, DCB_ERR_PROTOCOL, -1,
		                     N_("the Transaction UID (0008,1195) is not a UID (PS3.5 9.1: "
		                        "digits and dots, at most 64)"));
	}
	return 0;
}

int
dcb_commit_decode_action(const struct dcb_dset *ds, struct dcb_commit *out, uint16_t *status,
                         struct dcb_error *err)
{
	const struct dcb_dset_elem *seq;
	int rc;

	dcb_commit_init(out);
	*status = 0;
	if ((rc = read_transaction(ds, out, status, err)) < 0)
		return rc;
	seq = dcb_dset_get(ds, TAG_REFERENCED_SOP_SEQ);
	if (seq == NULL || strcmp(seq->vr, "SQ") != 0) {
		*status = 0x0120;
		return dcb_error_set(err, DCB_ERR_PROTOCOL, -1,
		                     N_("no Referenced SOP Sequence (0008,1199): the request names "
		                        "no object to commit"));
	}
	if (seq->n_items == 0) {
		*status = 0x0121;
		return dcb_error_set(err, DCB_ERR_PROTOCOL, -1,
		                     N_("the Referenced SOP Sequence (0008,1199) is empty: the "
		                        "request names no object to commit"));
	}
	return read_refs(ds, TAG_REFERENCED_SOP_SEQ, false, out, status, err);
}

/* Puts one item (class, instance, and a Failure Reason when failed) into
 * sequence tag. */
static int
put_ref(struct dcb_dset *ds, uint32_t tag, const struct dcb_commit_ref *r, bool failed,
        struct dcb_error *err)
{
	struct dcb_dset *it = dcb_dset_seq_add_item(ds, tag, err);

	if (it == NULL)
		return err != NULL && err->code < 0 ? err->code : DCB_ERR_NOMEM;
	if (dcb_dset_put_str(it, TAG_REF_SOP_CLASS, "UI", r->sop_class, err) < 0 ||
	    dcb_dset_put_str(it, TAG_REF_SOP_INSTANCE, "UI", r->sop_instance, err) < 0 ||
	    (failed && dcb_dset_put_u16(it, TAG_FAILURE_REASON, r->reason, err) < 0))
		return err != NULL && err->code < 0 ? err->code : DCB_ERR_NOMEM;
	return 0;
}

int
dcb_commit_build_action(const struct dcb_commit *c, struct dcb_dset **out,
                        struct dcb_error *err)
{
	struct dcb_dset *ds;
	int rc;

	*out = NULL;
	if (c->n == 0)
		return dcb_error_set(err, DCB_ERR_USAGE, -1,
		                     N_("no object to ask commitment for"));
	ds = dcb_dset_new();
	if (ds == NULL)
		return dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory"));
	rc = dcb_dset_put_str(ds, TAG_TRANSACTION_UID, "UI", c->transaction_uid, err);
	for (size_t i = 0; rc == 0 && i < c->n; i++)
		rc = put_ref(ds, TAG_REFERENCED_SOP_SEQ, &c->refs[i], false, err);
	if (rc < 0) {
		dcb_dset_free(ds);
		return rc;
	}
	*out = ds;
	return 0;
}

void
dcb_commit_resolve(struct dcb_commit *c, dcb_commit_lookup_fn lookup, void *user)
{
	for (size_t i = 0; i < c->n; i++)
		c->refs[i].reason = lookup(user, c->refs[i].sop_class, c->refs[i].sop_instance);
}

void
dcb_commit_count(const struct dcb_commit *c, size_t *committed, size_t *failed)
{
	*committed = *failed = 0;
	for (size_t i = 0; i < c->n; i++)
		if (c->refs[i].reason == DCB_COMMIT_OK)
			++*committed;
		else
			++*failed;
}

int
dcb_commit_build_report(const struct dcb_commit *c, uint16_t *event_type,
                        struct dcb_dset **out, struct dcb_error *err)
{
	struct dcb_dset *ds = dcb_dset_new();
	size_t ok, failed;
	int rc;

	*out = NULL;
	if (ds == NULL)
		return dcb_error_set(err, DCB_ERR_NOMEM, -1, N_("out of memory"));
	dcb_commit_count(c, &ok, &failed);
	*event_type = failed > 0 ? DCB_COMMIT_EVENT_FAILED : DCB_COMMIT_EVENT_ALL;
	rc = dcb_dset_put_str(ds, TAG_TRANSACTION_UID, "UI", c->transaction_uid, err);
	for (size_t i = 0; rc == 0 && i < c->n; i++) {
		bool f = c->refs[i].reason != DCB_COMMIT_OK;
		rc = put_ref(ds, f ? TAG_FAILED_SOP_SEQ : TAG_REFERENCED_SOP_SEQ, &c->refs[i], f,
		             err);
	}
	if (rc < 0) {
		dcb_dset_free(ds);
		return rc;
	}
	*out = ds;
	return 0;
}

int
dcb_commit_decode_report(const struct dcb_dset *ds, uint16_t event_type, struct dcb_commit *out,
                         struct dcb_error *err)
{
	uint16_t status = 0;
	size_t ok, failed;
	int rc;

	dcb_commit_init(out);
	if (event_type != DCB_COMMIT_EVENT_ALL && event_type != DCB_COMMIT_EVENT_FAILED)
		return dcb_error_set(err, DCB_ERR_PROTOCOL, -1,
		                     N_("event type %u: storage commitment reports are 1 (all "
		                        "committed) or 2 (some failed)"),
		                     event_type);
	if ((rc = read_transaction(ds, out, &status, err)) < 0 ||
	    (rc = read_refs(ds, TAG_REFERENCED_SOP_SEQ, false, out, &status, err)) < 0 ||
	    (rc = read_refs(ds, TAG_FAILED_SOP_SEQ, true, out, &status, err)) < 0)
		return rc;
	dcb_commit_count(out, &ok, &failed);
	if (out->n == 0)
		return dcb_error_set(err, DCB_ERR_PROTOCOL, -1,
		                     N_("the report names no object: neither a Referenced SOP "
		                        "Sequence (0008,1199) nor a Failed SOP Sequence (0008,1198)"));
	if (event_type == DCB_COMMIT_EVENT_ALL && failed > 0)
		return dcb_error_set(err, DCB_ERR_PROTOCOL, -1,
		                     N_("event type 1 (all committed) with %zu items in the Failed "
		                        "SOP Sequence (0008,1198)"),
		                     failed);
	if (event_type == DCB_COMMIT_EVENT_FAILED && failed == 0)
		return dcb_error_set(err, DCB_ERR_PROTOCOL, -1,
		                     N_("event type 2 (some failed) without a Failed SOP Sequence "
		                        "(0008,1198)"));
	return 0;
}

int
dcb_commit_rq_init(struct dcb_pdu *pdu, const char *called_ae, const char *calling_ae,
                   uint32_t max_pdu, bool as_scp, struct dcb_error *err)
{
	static const char *const ts[] = {DCB_UID_EXPLICIT_LE, DCB_UID_IMPLICIT_LE};
	struct dcb_assoc *rq = &pdu->u.assoc;

	dcb_pdu_init(pdu, DCB_PDU_ASSOCIATE_RQ);
	snprintf(rq->called_ae, sizeof rq->called_ae, "%s", called_ae);
	snprintf(rq->calling_ae, sizeof rq->calling_ae, "%s", calling_ae);
	rq->user.has_max_length = true;
	rq->user.max_length = max_pdu;
	snprintf(rq->user.impl_class_uid, sizeof rq->user.impl_class_uid, "%s",
	         DCB_IMPL_CLASS_UID);
	snprintf(rq->user.impl_version, sizeof rq->user.impl_version, "%s",
	         DCB_IMPL_VERSION_NAME);
	if (as_scp) {
		struct dcb_role *r = &rq->user.roles[rq->user.n_roles++];
		snprintf(r->sop_class, sizeof r->sop_class, "%s", DCB_UID_STORAGE_COMMITMENT);
		r->scu_role = 0;
		r->scp_role = 1;
	}
	int rc = dcb_negotiate_add_context(rq, DCB_UID_STORAGE_COMMITMENT, ts, 2, err);

	return rc < 0 ? rc : 0;
}

void
dcb_commit_uid_from_random(const uint8_t rnd[16], char *out)
{
	uint8_t v[16];
	char digits[48];
	size_t n = 0;
	bool zero;

	memcpy(v, rnd, sizeof v);
	v[0] &= 0x7f; /* PS3.5 B.2: a UUID as an integer; keep it short of 2^127 */
	do {
		unsigned rem = 0;
		zero = true;
		for (int i = 0; i < 16; i++) {
			unsigned cur = (rem << 8) | v[i];
			v[i] = (uint8_t)(cur / 10);
			rem = cur % 10;
			zero = zero && v[i] == 0;
		}
		digits[n++] = (char)('0' + rem);
	} while (!zero);
	memcpy(out, "2.25.", 5);
	for (size_t i = 0; i < n; i++)
		out[5 + i] = digits[n - 1 - i];
	out[5 + n] = '\0';
}

const char *
dcb_commit_reason_name(uint16_t reason)
{
	switch (reason) {
	case DCB_COMMIT_OK:
		return N_("committed");
	case DCB_COMMIT_PROCESSING_FAILURE:
		return N_("processing failure");
	case DCB_COMMIT_NO_SUCH_INSTANCE:
		return N_("no such object instance");
	case DCB_COMMIT_RESOURCE_LIMITATION:
		return N_("resource limitation");
	case DCB_COMMIT_CLASS_NOT_SUPPORTED:
		return N_("referenced SOP class not supported");
	case DCB_COMMIT_CLASS_INSTANCE_CONFLICT:
		return N_("class/instance conflict");
	case DCB_COMMIT_DUPLICATE_TRANSACTION:
		return N_("duplicate transaction UID");
	}
	return N_("unknown failure reason");
}
