/* negotiate.c — presentation context negotiation (PS3.8 §9.3.2.2, §9.3.3.2;
 * PS3.7 Annex D.3.3.4 for role selection). */
#include "config.h"

#include <string.h>

#include "i18n.h"
#include "negotiate.h"
#include "textbuf.h"

/* The presets: the syntaxes in preference order; alone: storescu
 * proposes the first one only (video, implicit). */
struct preset {
	const char *ts[4];
	size_t n;
	bool alone;
};

#define LE DCB_UID_EXPLICIT_LE
#define BE DCB_UID_EXPLICIT_BE
#define IMPLICIT DCB_UID_IMPLICIT_LE

static const struct preset presets[] = {
	[DCB_TS_PRESET_UNCOMPRESSED] = { { LE, BE, IMPLICIT }, 3, false },
	[DCB_TS_PRESET_LITTLE] = { { LE, BE, IMPLICIT }, 3, false },
	[DCB_TS_PRESET_BIG] = { { BE, LE, IMPLICIT }, 3, false },
	[DCB_TS_PRESET_IMPLICIT] = { { IMPLICIT }, 1, true },
	[DCB_TS_PRESET_JPEG_LOSSLESS] = { { "1.2.840.10008.1.2.4.70", LE, BE, IMPLICIT }, 4, false },
	[DCB_TS_PRESET_JPEG8] = { { "1.2.840.10008.1.2.4.50", LE, BE, IMPLICIT }, 4, false },
	[DCB_TS_PRESET_JPEG12] = { { "1.2.840.10008.1.2.4.51", LE, BE, IMPLICIT }, 4, false },
	[DCB_TS_PRESET_J2K_LOSSLESS] = { { "1.2.840.10008.1.2.4.90", LE, BE, IMPLICIT }, 4, false },
	[DCB_TS_PRESET_J2K] = { { "1.2.840.10008.1.2.4.91", LE, BE, IMPLICIT }, 4, false },
	[DCB_TS_PRESET_JLS_LOSSLESS] = { { "1.2.840.10008.1.2.4.80", LE, BE, IMPLICIT }, 4, false },
	[DCB_TS_PRESET_JLS_LOSSY] = { { "1.2.840.10008.1.2.4.81", LE, BE, IMPLICIT }, 4, false },
	[DCB_TS_PRESET_MPEG2] = { { "1.2.840.10008.1.2.4.100", LE, BE, IMPLICIT }, 4, true },
	[DCB_TS_PRESET_MPEG2_HIGH] = { { "1.2.840.10008.1.2.4.101", LE, BE, IMPLICIT }, 4, true },
	[DCB_TS_PRESET_MPEG4] = { { "1.2.840.10008.1.2.4.102", LE, BE, IMPLICIT }, 4, true },
	[DCB_TS_PRESET_MPEG4_BD] = { { "1.2.840.10008.1.2.4.103", LE, BE, IMPLICIT }, 4, true },
	[DCB_TS_PRESET_MPEG4_2D] = { { "1.2.840.10008.1.2.4.104", LE, BE, IMPLICIT }, 4, true },
	[DCB_TS_PRESET_MPEG4_3D] = { { "1.2.840.10008.1.2.4.105", LE, BE, IMPLICIT }, 4, true },
	[DCB_TS_PRESET_MPEG4_STEREO] = { { "1.2.840.10008.1.2.4.106", LE, BE, IMPLICIT }, 4, true },
	[DCB_TS_PRESET_HEVC] = { { "1.2.840.10008.1.2.4.107", LE, BE, IMPLICIT }, 4, true },
	[DCB_TS_PRESET_HEVC10] = { { "1.2.840.10008.1.2.4.108", LE, BE, IMPLICIT }, 4, true },
	[DCB_TS_PRESET_RLE] = { { "1.2.840.10008.1.2.5", LE, BE, IMPLICIT }, 4, false },
	[DCB_TS_PRESET_DEFLATED] = { { DCB_UID_DEFLATED_LE, LE, BE, IMPLICIT }, 4, false },
};

#undef LE
#undef BE
#undef IMPLICIT

static const char *const ts_all[] = {
	DCB_UID_EXPLICIT_LE,
	DCB_UID_EXPLICIT_BE,
	DCB_UID_IMPLICIT_LE,
	DCB_UID_DEFLATED_LE,
	"1.2.840.10008.1.2.4.50",   /* JPEG Baseline (Process 1) */
	"1.2.840.10008.1.2.4.51",   /* JPEG Extended (Process 2 & 4) */
	"1.2.840.10008.1.2.4.57",   /* JPEG Lossless, Non-Hierarchical (Process 14) */
	"1.2.840.10008.1.2.4.70",   /* JPEG Lossless, First-Order Prediction */
	"1.2.840.10008.1.2.4.80",   /* JPEG-LS Lossless */
	"1.2.840.10008.1.2.4.81",   /* JPEG-LS Near-Lossless */
	"1.2.840.10008.1.2.4.90",   /* JPEG 2000 (Lossless Only) */
	"1.2.840.10008.1.2.4.91",   /* JPEG 2000 */
	"1.2.840.10008.1.2.4.92",   /* JPEG 2000 Part 2 Multi-component (Lossless Only) */
	"1.2.840.10008.1.2.4.93",   /* JPEG 2000 Part 2 Multi-component */
	"1.2.840.10008.1.2.4.201",  /* High-Throughput JPEG 2000 (Lossless Only) */
	"1.2.840.10008.1.2.4.202",  /* High-Throughput JPEG 2000 with RPCL (Lossless Only) */
	"1.2.840.10008.1.2.4.203",  /* High-Throughput JPEG 2000 */
	"1.2.840.10008.1.2.5",      /* RLE Lossless */
	"1.2.840.10008.1.2.4.100",  /* MPEG2 Main Profile / Main Level */
	"1.2.840.10008.1.2.4.101",  /* MPEG2 Main Profile / High Level */
	"1.2.840.10008.1.2.4.102",  /* MPEG-4 AVC/H.264 High Profile / Level 4.1 */
	"1.2.840.10008.1.2.4.103",  /* MPEG-4 AVC/H.264 BD-compatible High Profile */
	"1.2.840.10008.1.2.4.104",  /* MPEG-4 AVC/H.264 High Profile For 2D Video */
	"1.2.840.10008.1.2.4.105",  /* MPEG-4 AVC/H.264 High Profile For 3D Video */
	"1.2.840.10008.1.2.4.106",  /* MPEG-4 AVC/H.264 Stereo High Profile */
	"1.2.840.10008.1.2.4.107",  /* HEVC/H.265 Main Profile / Level 5.1 */
	"1.2.840.10008.1.2.4.108",  /* HEVC/H.265 Main 10 Profile / Level 5.1 */
	"1.2.840.10008.1.2.4.110",  /* JPEG XL Lossless */
	"1.2.840.10008.1.2.4.111",  /* JPEG XL JPEG Recompression */
	"1.2.840.10008.1.2.4.112",  /* JPEG XL */
};

#define NOF(a) (sizeof(a) / sizeof((a)[0]))

const char *const *
dcb_ts_preset_accepted(enum dcb_ts_preset p, size_t *n)
{
	if (p == DCB_TS_PRESET_ALL) {
		*n = NOF(ts_all);
		return ts_all;
	}
	if ((unsigned)p >= NOF(presets) || presets[p].n == 0)
		p = DCB_TS_PRESET_UNCOMPRESSED;
	*n = presets[p].n;
	return presets[p].ts;
}

const char *const *
dcb_ts_preset_list(enum dcb_ts_preset p, size_t *n)
{
	const char *const *ts = dcb_ts_preset_accepted(p, n);

	if ((unsigned)p < NOF(presets) && presets[p].alone)
		*n = 1;
	return ts;
}

/* Storage SOP classes outside 1.2.840.10008.5.1.4.1.1.* (PS3.4 Annex B). */
static const char *const storage_extra[] = {
	"1.2.840.10008.5.1.4.34.7",   /* RT Beams Delivery Instruction Storage */
	"1.2.840.10008.5.1.4.34.10",  /* RT Brachy Application Setup Delivery Instruction */
	"1.2.840.10008.5.1.4.38.1",   /* Hanging Protocol Storage */
	"1.2.840.10008.5.1.4.39.1",   /* Color Palette Storage */
	"1.2.840.10008.5.1.4.43.1",   /* Generic Implant Template Storage */
	"1.2.840.10008.5.1.4.44.1",   /* Implant Assembly Template Storage */
	"1.2.840.10008.5.1.4.45.1",   /* Implant Template Group Storage */
	"1.2.840.10008.5.1.1.29",     /* Hardcopy Grayscale Image Storage (retired) */
	"1.2.840.10008.5.1.1.30",     /* Hardcopy Color Image Storage (retired) */
};

bool
dcb_negotiate_is_storage_class(const char *uid)
{
	static const char prefix[] = "1.2.840.10008.5.1.4.1.1.";

	if (uid == NULL)
		return false;
	if (strncmp(uid, prefix, sizeof prefix - 1) == 0 && uid[sizeof prefix - 1] >= '0' &&
	    uid[sizeof prefix - 1] <= '9')
		return true;
	for (size_t i = 0; i < NOF(storage_extra); i++)
		if (strcmp(uid, storage_extra[i]) == 0)
			return true;
	return false;
}

static const char *const why_texts[] = {
	[DCB_NEG_ACCEPTED] = N_("accepted"),
	[DCB_NEG_EVEN_ID] = N_("the context ID is even or 0; PS3.8 requires an odd number from 1 "
	                       "to 255"),
	[DCB_NEG_DUPLICATE_ID] = N_("the same context ID was proposed more than once; every copy "
	                            "is rejected"),
	[DCB_NEG_ABSTRACT_UNKNOWN] = N_("this SCP does not accept the abstract syntax (SOP "
	                                "class)"),
	[DCB_NEG_NO_COMMON_TS] = N_("none of the proposed transfer syntaxes is accepted here"),
	[DCB_NEG_NO_TS] = N_("no transfer syntax was proposed"),
	[DCB_NEG_USER_REJECTED] = N_("rejected by the test setting \"reject all\""),
	[DCB_NEG_PEER_REJECTED] = N_("the peer rejected the context"),
	[DCB_NEG_PEER_MISSING] = N_("the peer's A-ASSOCIATE-AC does not answer this context"),
	[DCB_NEG_PEER_BAD_TS] = N_("the peer accepted a transfer syntax that was not proposed"),
};

const char *
dcb_neg_why_describe(enum dcb_neg_why why)
{
	if ((unsigned)why >= NOF(why_texts) || why_texts[why] == NULL)
		return dgettext(PACKAGE, N_("unknown reason"));
	return dgettext(PACKAGE, why_texts[why]);
}

void
dcb_negotiate_policy_init(struct dcb_negotiate_policy *p)
{
	memset(p, 0, sizeof *p);
	p->accept_storage = true;
	p->accept_verification = true;
	p->transfer_syntaxes = dcb_ts_preset_list(DCB_TS_PRESET_UNCOMPRESSED, &p->n_ts);
	p->max_pdu_receive = DCB_PDU_DEFAULT_MAX;
}

uint32_t
dcb_negotiate_max_send(uint32_t peer_max, uint32_t our_cap)
{
	uint32_t m = peer_max == 0 ? DCB_PDU_SEND_UNLIMITED_CAP : peer_max;

	if (our_cap != 0 && our_cap < m)
		m = our_cap;
	return m;
}

/* What the policy's own flags accept (without a filter). */
static bool
flags_accept(const struct dcb_negotiate_policy *pol, const char *uid)
{
	return (pol->accept_verification && strcmp(uid, DCB_UID_VERIFICATION) == 0) ||
	       (pol->accept_storage && dcb_negotiate_is_storage_class(uid));
}

static bool
abstract_ok(const struct dcb_negotiate_policy *pol, const char *uid)
{
	if (uid[0] == '\0')
		return false;
	if (pol->accept_any_abstract)
		return true;
	if (pol->abstract_filter != NULL ? pol->abstract_filter(pol->filter_user, uid)
	                                 : flags_accept(pol, uid))
		return true;
	for (size_t i = 0; i < pol->n_abstract; i++)
		if (pol->abstract_syntaxes[i] != NULL &&
		    strcmp(uid, pol->abstract_syntaxes[i]) == 0)
			return true;
	return false;
}

/* The policy's first syntax that the context proposes, or NULL. */
static const char *
choose_ts(const struct dcb_negotiate_policy *pol, const struct dcb_pctx *pc)
{
	const char *const *list = pol->transfer_syntaxes;
	size_t n = pol->n_ts;

	if (list == NULL)
		list = dcb_ts_preset_list(DCB_TS_PRESET_UNCOMPRESSED, &n);
	for (size_t i = 0; i < n; i++)
		for (unsigned k = 0; k < pc->n_ts; k++)
			if (list[i] != NULL && strcmp(list[i], pc->ts[k]) == 0)
				return pc->ts[k];
	if (pol->accept_any_ts)
		for (unsigned k = 0; k < pc->n_ts; k++)
			if (pc->ts[k][0] != '\0')
				return pc->ts[k];
	return NULL;
}

static unsigned
count_id(const struct dcb_assoc *rq, uint8_t id)
{
	unsigned n = 0;

	for (unsigned i = 0; i < rq->n_pctx; i++)
		n += rq->pctx[i].id == id;
	return n;
}

static void
answer_roles(const struct dcb_assoc *rq, const struct dcb_negotiate_policy *pol,
             struct dcb_assoc *ac)
{
	for (unsigned i = 0; i < rq->user.n_roles && i < DCB_MAX_ROLES; i++) {
		const struct dcb_role *r = &rq->user.roles[i];
		bool known = false, dup = false;

		for (unsigned k = 0; k < ac->n_pctx && !known; k++)
			known = ac->pctx[k].result == DCB_PCTX_ACCEPTANCE &&
			        strcmp(ac->pctx[k].abstract_syntax, r->sop_class) == 0;
		for (unsigned k = 0; k < ac->user.n_roles && !dup; k++)
			dup = strcmp(ac->user.roles[k].sop_class, r->sop_class) == 0;
		if (!known || dup || ac->user.n_roles >= DCB_MAX_ROLES)
			continue;
		ac->user.roles[ac->user.n_roles] = *r;
		ac->user.roles[ac->user.n_roles].scu_role = r->scu_role ? 1 : 0;
		ac->user.roles[ac->user.n_roles].scp_role =
		        (r->scp_role && pol->allow_requestor_scp) ? 1 : 0;
		ac->user.n_roles++;
	}
}

int
dcb_negotiate_accept(const struct dcb_assoc *rq, const struct dcb_negotiate_policy *pol,
                     struct dcb_assoc *ac, struct dcb_negotiated *out, struct dcb_error *err)
{
	if (rq == NULL || pol == NULL || ac == NULL || out == NULL)
		return dcb_error_set(err, DCB_ERR_USAGE, -1,
		                     N_("negotiation needs RQ, policy and AC"));
	memset(ac, 0, sizeof *ac);
	memset(out, 0, sizeof *out);
	ac->protocol_version = 1;
	memcpy(ac->called_ae, rq->called_ae, sizeof ac->called_ae);
	memcpy(ac->calling_ae, rq->calling_ae, sizeof ac->calling_ae);
	dcb_copy_cut(ac->app_context, sizeof ac->app_context, DCB_APP_CONTEXT_UID);

	for (unsigned i = 0; i < rq->n_pctx && i < DCB_MAX_CONTEXTS; i++) {
		const struct dcb_pctx *pc = &rq->pctx[i];
		struct dcb_pctx *a;
		const char *ts = NULL;
		enum dcb_neg_why why;
		bool answered = false;

		for (unsigned k = 0; k < ac->n_pctx && !answered; k++)
			answered = ac->pctx[k].id == pc->id;
		if (pol->reject_all)
			why = DCB_NEG_USER_REJECTED;
		else if (pc->id == 0 || (pc->id & 1) == 0)
			why = DCB_NEG_EVEN_ID;
		else if (count_id(rq, pc->id) > 1)
			why = DCB_NEG_DUPLICATE_ID;
		else if (!abstract_ok(pol, pc->abstract_syntax))
			why = DCB_NEG_ABSTRACT_UNKNOWN;
		else if (pc->n_ts == 0)
			why = DCB_NEG_NO_TS;
		else if ((ts = choose_ts(pol, pc)) == NULL)
			why = DCB_NEG_NO_COMMON_TS;
		else
			why = DCB_NEG_ACCEPTED;
		out->why[i] = (uint8_t)why;
		out->n_pctx++;
		if (why == DCB_NEG_ACCEPTED)
			out->n_accepted++;
		else
			out->n_rejected++;
		if (answered)
			continue; /* one AC item per ID */
		a = &ac->pctx[ac->n_pctx++];
		a->id = pc->id;
		dcb_copy_cut(a->abstract_syntax, sizeof a->abstract_syntax, pc->abstract_syntax);
		switch (why) {
		case DCB_NEG_ACCEPTED:         a->result = DCB_PCTX_ACCEPTANCE; break;
		case DCB_NEG_USER_REJECTED:    a->result = DCB_PCTX_USER_REJECTION; break;
		case DCB_NEG_ABSTRACT_UNKNOWN: a->result = DCB_PCTX_ABSTRACT_NOT_SUPPORTED; break;
		case DCB_NEG_NO_TS:
		case DCB_NEG_NO_COMMON_TS:     a->result = DCB_PCTX_TS_NOT_SUPPORTED; break;
		default:                       a->result = DCB_PCTX_NO_REASON; break;
		}
		/* A rejected context still carries a transfer syntax sub-item; its
		 * value "shall not be tested": echo the first proposed one. */
		a->n_ts = 1;
		dcb_copy_cut(a->ts[0], sizeof a->ts[0],
		         ts != NULL ? ts : (pc->n_ts > 0 ? pc->ts[0] : ""));
	}
	answer_roles(rq, pol, ac);
	ac->user.has_max_length = true;
	ac->user.max_length = pol->max_pdu_receive;
	dcb_copy_cut(ac->user.impl_class_uid, sizeof ac->user.impl_class_uid, pol->impl_class_uid);
	dcb_copy_cut(ac->user.impl_version, sizeof ac->user.impl_version, pol->impl_version);
	out->max_recv = pol->max_pdu_receive;
	out->max_send = dcb_negotiate_max_send(rq->user.has_max_length ? rq->user.max_length : 0,
	                                       pol->max_pdu_send_cap);
	return (int)out->n_accepted;
}

int
dcb_negotiate_add_context(struct dcb_assoc *rq, const char *abstract, const char *const *ts,
                          size_t n_ts, struct dcb_error *err)
{
	struct dcb_pctx *pc;
	unsigned id;

	if (rq == NULL || abstract == NULL || (n_ts > 0 && ts == NULL))
		return dcb_error_set(err, DCB_ERR_USAGE, -1, N_("missing argument"));
	id = rq->n_pctx == 0 ? 1 : (unsigned)rq->pctx[rq->n_pctx - 1].id + 2;
	if (rq->n_pctx >= DCB_MAX_CONTEXTS || id > 255)
		return dcb_error_set(
		    err, DCB_ERR_LIMIT, -1,
		    N_("an association holds at most %d presentation contexts (odd "
		       "IDs 1-255); send the rest on another association"),
		    DCB_MAX_CONTEXTS);
	if (n_ts == 0 || n_ts > DCB_MAX_TS_PER_CONTEXT)
		return dcb_error_set(
		    err, DCB_ERR_LIMIT, -1,
		    N_("a presentation context proposes 1 to %d transfer syntaxes, "
		       "not %zu"),
		    DCB_MAX_TS_PER_CONTEXT, n_ts);
	if (strlen(abstract) > DCB_UID_MAX)
		return dcb_error_set(err, DCB_ERR_USAGE, -1,
		                     N_("abstract syntax %.20s... is longer than 64 characters"),
		                     abstract);
	for (size_t i = 0; i < n_ts; i++)
		if (ts[i] == NULL || strlen(ts[i]) > DCB_UID_MAX)
			return dcb_error_set(err, DCB_ERR_USAGE, -1,
			                     N_("transfer syntax %zu is missing or longer than 64 "
			                        "characters"),
			                     i + 1);
	pc = &rq->pctx[rq->n_pctx];
	memset(pc, 0, sizeof *pc);
	pc->id = (uint8_t)id;
	dcb_copy_cut(pc->abstract_syntax, sizeof pc->abstract_syntax, abstract);
	for (size_t i = 0; i < n_ts; i++)
		dcb_copy_cut(pc->ts[i], sizeof pc->ts[i], ts[i]);
	pc->n_ts = (uint8_t)n_ts;
	rq->n_pctx++;
	return (int)id;
}

static const struct dcb_pctx *
find_any(const struct dcb_assoc *a, uint8_t id)
{
	for (unsigned i = 0; i < a->n_pctx && i < DCB_MAX_CONTEXTS; i++)
		if (a->pctx[i].id == id)
			return &a->pctx[i];
	return NULL;
}

int
dcb_negotiate_check_ac(const struct dcb_assoc *rq, struct dcb_assoc *ac, uint32_t max_send_cap,
                       struct dcb_negotiated *out, struct dcb_error *err)
{
	if (rq == NULL || ac == NULL || out == NULL)
		return dcb_error_set(err, DCB_ERR_USAGE, -1, N_("checking an AC needs RQ and AC"));
	memset(out, 0, sizeof *out);
	for (unsigned i = 0; i < rq->n_pctx && i < DCB_MAX_CONTEXTS; i++) {
		const struct dcb_pctx *pc = &rq->pctx[i];
		struct dcb_pctx *a = (struct dcb_pctx *)find_any(ac, pc->id);
		enum dcb_neg_why why = DCB_NEG_ACCEPTED;

		if (a == NULL) {
			why = DCB_NEG_PEER_MISSING;
		} else {
			dcb_copy_cut(a->abstract_syntax, sizeof a->abstract_syntax,
			             pc->abstract_syntax);
			if (a->result != DCB_PCTX_ACCEPTANCE) {
				why = DCB_NEG_PEER_REJECTED;
			} else {
				bool proposed = false;

				for (unsigned k = 0; k < pc->n_ts && !proposed; k++)
					proposed = a->n_ts > 0 && strcmp(a->ts[0], pc->ts[k]) == 0;
				if (!proposed) {
					why = DCB_NEG_PEER_BAD_TS;
					a->result = DCB_PCTX_NO_REASON;
				}
			}
		}
		out->why[i] = (uint8_t)why;
		out->n_pctx++;
		if (why == DCB_NEG_ACCEPTED)
			out->n_accepted++;
		else
			out->n_rejected++;
	}
	out->max_recv = rq->user.has_max_length ? rq->user.max_length : 0;
	out->max_send = dcb_negotiate_max_send(ac->user.has_max_length ? ac->user.max_length : 0,
	                                       max_send_cap);
	return (int)out->n_accepted;
}

const struct dcb_pctx *
dcb_negotiate_find(const struct dcb_assoc *ac, uint8_t id)
{
	const struct dcb_pctx *pc = find_any(ac, id);

	return pc != NULL && pc->result == DCB_PCTX_ACCEPTANCE ? pc : NULL;
}

int
dcb_negotiate_pick(const struct dcb_assoc *ac, const char *abstract, const char *ts)
{
	for (unsigned i = 0; i < ac->n_pctx && i < DCB_MAX_CONTEXTS; i++) {
		const struct dcb_pctx *pc = &ac->pctx[i];

		if (pc->result != DCB_PCTX_ACCEPTANCE || pc->n_ts == 0 ||
		    strcmp(pc->abstract_syntax, abstract) != 0)
			continue;
		if (ts == NULL || strcmp(pc->ts[0], ts) == 0)
			return pc->id;
	}
	return DCB_ERR_NOTFOUND;
}
