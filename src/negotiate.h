/* negotiate.h — presentation context negotiation as a policy function.
 *
 * Acceptor (SCP): dcb_negotiate_accept() turns an A-ASSOCIATE-RQ and a
 * policy into the A-ASSOCIATE-AC, one result per context with the reason
 * in words.  Requestor (SCU): dcb_negotiate_add_context() builds the RQ's
 * list; dcb_negotiate_check_ac() checks the peer's AC against what was
 * proposed.  Both sides learn the largest PDU they may send and receive.
 *
 * No I/O, no allocation. */
#ifndef DCB_NEGOTIATE_H
#define DCB_NEGOTIATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "dcb-limits.h"
#include "pdu.h"

/* Well-known UIDs. */
#define DCB_UID_VERIFICATION "1.2.840.10008.1.1"
#define DCB_UID_IMPLICIT_LE "1.2.840.10008.1.2"
#define DCB_UID_EXPLICIT_LE "1.2.840.10008.1.2.1"
#define DCB_UID_DEFLATED_LE "1.2.840.10008.1.2.1.99"
#define DCB_UID_EXPLICIT_BE "1.2.840.10008.1.2.2"

/* Transfer syntax preference lists, as dcmtk's storescp (+x...) and
 * storescu (-x...) spell them.  A compressed one is its syntax followed
 * by the uncompressed ones (explicit LE, explicit BE, implicit); storescu
 * proposes a video one (MPEG, HEVC) alone. */
enum dcb_ts_preset {
	DCB_TS_PRESET_UNCOMPRESSED,    /* +x= / -x= : explicit LE, explicit BE, implicit */
	DCB_TS_PRESET_LITTLE,          /* +xe / -xe : explicit LE, explicit BE, implicit */
	DCB_TS_PRESET_BIG,             /* +xb / -xb : explicit BE, explicit LE, implicit */
	DCB_TS_PRESET_IMPLICIT,        /* +xi / -xi : implicit only */
	DCB_TS_PRESET_ALL,             /* +xa : uncompressed first, then every known syntax */
	DCB_TS_PRESET_JPEG_LOSSLESS,   /* +xs / -xs : JPEG lossless SV1 (.4.70) */
	DCB_TS_PRESET_JPEG8,           /* +xy / -xy : JPEG baseline (.4.50) */
	DCB_TS_PRESET_JPEG12,          /* +xx / -xx : JPEG extended (.4.51) */
	DCB_TS_PRESET_J2K_LOSSLESS,    /* +xv / -xv : JPEG 2000 lossless only (.4.90) */
	DCB_TS_PRESET_J2K,             /* +xw / -xw : JPEG 2000 (.4.91) */
	DCB_TS_PRESET_JLS_LOSSLESS,    /* +xt / -xt : JPEG-LS lossless (.4.80) */
	DCB_TS_PRESET_JLS_LOSSY,       /* +xu / -xu : JPEG-LS near-lossless (.4.81) */
	DCB_TS_PRESET_MPEG2,           /* +xm / -xm : MPEG2 MP@ML (.4.100) */
	DCB_TS_PRESET_MPEG2_HIGH,      /* +xh / -xh : MPEG2 MP@HL (.4.101) */
	DCB_TS_PRESET_MPEG4,           /* +xn / -xn : H.264 HP/L4.1 (.4.102) */
	DCB_TS_PRESET_MPEG4_BD,        /* +xl / -xl : H.264 BD-compatible (.4.103) */
	DCB_TS_PRESET_MPEG4_2D,        /* +x2 / -x2 : H.264 HP/L4.2 2D (.4.104) */
	DCB_TS_PRESET_MPEG4_3D,        /* +x3 / -x3 : H.264 HP/L4.2 3D (.4.105) */
	DCB_TS_PRESET_MPEG4_STEREO,    /* +xo / -xo : H.264 Stereo HP/L4.2 (.4.106) */
	DCB_TS_PRESET_HEVC,            /* +x4 / -x4 : HEVC Main/L5.1 (.4.107) */
	DCB_TS_PRESET_HEVC10,          /* +x5 / -x5 : HEVC Main 10/L5.1 (.4.108) */
	DCB_TS_PRESET_RLE,             /* +xr / -xr : RLE lossless (.5) */
	DCB_TS_PRESET_DEFLATED,        /* +xd / -xd : deflated explicit LE (.1.99) */
};

/* What dcmtk's storescu proposes for the preset (static, in preference
 * order); *n receives its length. */
const char *const *dcb_ts_preset_list(enum dcb_ts_preset p, size_t *n);

/* What dcmtk's storescp accepts for the preset: as dcb_ts_preset_list, but
 * a video syntax is followed by the uncompressed ones too. */
const char *const *dcb_ts_preset_accepted(enum dcb_ts_preset p, size_t *n);

/* True for UIDs the bench treats as storage SOP classes (PS3.4 Annex B:
 * 1.2.840.10008.5.1.4.1.1.* and the few storage classes elsewhere). */
bool dcb_negotiate_is_storage_class(const char *uid);

/* Why a context ended as it did: a finer reason than the wire result. */
enum dcb_neg_why {
	DCB_NEG_ACCEPTED = 0,
	DCB_NEG_EVEN_ID,               /* ID even or 0: PS3.8 requires odd 1..255 */
	DCB_NEG_DUPLICATE_ID,          /* the same ID proposed twice: both rejected */
	DCB_NEG_ABSTRACT_UNKNOWN,      /* abstract syntax not in the policy */
	DCB_NEG_NO_COMMON_TS,          /* no proposed transfer syntax is accepted */
	DCB_NEG_NO_TS,                 /* no transfer syntax proposed at all */
	DCB_NEG_USER_REJECTED,         /* the policy rejects everything (e.g. a test setting) */
	/* requestor side, from dcb_negotiate_check_ac(): */
	DCB_NEG_PEER_REJECTED,         /* the peer's result says no */
	DCB_NEG_PEER_MISSING,          /* the AC does not answer this context */
	DCB_NEG_PEER_BAD_TS,           /* the AC accepted a syntax we did not propose */
};

/* Translated sentence for a reason. */
const char *dcb_neg_why_describe(enum dcb_neg_why why);

struct dcb_negotiate_policy {
	/* Abstract syntaxes: any of these may be set. */
	bool accept_storage;           /* every storage SOP class */
	bool accept_verification;      /* 1.2.840.10008.1.1 */
	bool accept_any_abstract;      /* promiscuous: any abstract syntax */
	const char *const *abstract_syntaxes; /* extra list, borrowed */
	size_t n_abstract;
	/* When set, decides instead of accept_storage and accept_verification
	 * (the engine asks its service table) */
	bool (*abstract_filter)(const void *user, const char *uid);
	const void *filter_user;
	/* Transfer syntaxes in preference order (the SCP's choice wins, as
	 * dcmtk does).  NULL: DCB_TS_PRESET_UNCOMPRESSED. */
	const char *const *transfer_syntaxes; /* borrowed */
	size_t n_ts;
	bool accept_any_ts;            /* +xa: if nothing in the list matches, take
	                                * the peer's first proposed syntax */
	/* SCP/SCU role selection. */
	bool allow_requestor_scp;      /* accept the requestor as SCP when it asks */
	/* Test bench settings. */
	bool reject_all;               /* answer every context with user rejection */
	/* What goes into the AC's user information. */
	uint32_t max_pdu_receive;      /* maximum length we announce; 0 = unlimited */
	uint32_t max_pdu_send_cap;     /* --max-send-pdu; 0 = no cap of our own */
	const char *impl_class_uid;    /* borrowed; NULL = "" */
	const char *impl_version;      /* borrowed; NULL = "" */
};

/* Sets: accept storage + verification, DCB_TS_PRESET_UNCOMPRESSED,
 * requestor SCU role only, max_pdu_receive DCB_PDU_DEFAULT_MAX. */
void dcb_negotiate_policy_init(struct dcb_negotiate_policy *p);

/* The outcome, both sides. */
struct dcb_negotiated {
	uint32_t max_send;             /* largest P-DATA-TF length we may send: the peer's
	                                * maximum, capped by ours; the peer's 0 (unlimited)
	                                * becomes DCB_PDU_SEND_UNLIMITED_CAP */
	uint32_t max_recv;             /* largest the peer may send us (we announced; 0 = any) */
	unsigned n_accepted;
	unsigned n_rejected;
	unsigned n_pctx;               /* entries below, in RQ order */
	uint8_t why[DCB_MAX_CONTEXTS]; /* enum dcb_neg_why per RQ context */
};

/* Acceptor: fills *ac (type A-ASSOCIATE-AC body: called/calling AE and the
 * application context echoed, one AC context per distinct RQ context ID
 * with result and chosen transfer syntax, abstract_syntax copied for
 * display, user info from the policy, role selection answers for the SOP
 * classes the RQ asked about) and *out.  SOP class (common) extended
 * negotiation, asynchronous operations and user identity are not answered,
 * which PS3.7 Annex D reads as "not supported" / defaults (and no identity
 * server response).  ac and rq must not overlap.
 * Returns the number of accepted contexts (may be 0: the caller decides
 * whether to accept an association without any), or DCB_ERR_USAGE for a
 * NULL argument. */
int dcb_negotiate_accept(const struct dcb_assoc *rq, const struct dcb_negotiate_policy *pol,
                         struct dcb_assoc *ac, struct dcb_negotiated *out,
                         struct dcb_error *err);

/* Requestor: appends a context with the next free odd ID (1, 3, 5, ...)
 * proposing abstract with ts[0..n_ts).  Returns the ID, or DCB_ERR_LIMIT
 * when 128 contexts are already there or n_ts is 0 or above
 * DCB_MAX_TS_PER_CONTEXT, DCB_ERR_USAGE for a UID over 64 characters. */
int dcb_negotiate_add_context(struct dcb_assoc *rq, const char *abstract,
                              const char *const *ts, size_t n_ts, struct dcb_error *err);

/* Requestor: checks the peer's AC against our RQ: every proposed context
 * answered, accepted syntaxes among those proposed.  Fills the AC
 * contexts' abstract_syntax from the RQ, turns an accepted context with a
 * foreign syntax into a rejected one, and fills *out (why[] in RQ order).
 * max_send_cap: our own --max-send-pdu, 0 = none.  Returns the number of
 * usable contexts, or DCB_ERR_USAGE. */
int dcb_negotiate_check_ac(const struct dcb_assoc *rq, struct dcb_assoc *ac,
                           uint32_t max_send_cap, struct dcb_negotiated *out,
                           struct dcb_error *err);

/* The accepted context in ac with this ID, or NULL. */
const struct dcb_pctx *dcb_negotiate_find(const struct dcb_assoc *ac, uint8_t id);

/* Requestor: an accepted context for abstract whose transfer syntax is ts
 * (exact match), or, when ts is NULL, the first accepted for abstract.
 * Returns the context ID, or DCB_ERR_NOTFOUND. */
int dcb_negotiate_pick(const struct dcb_assoc *ac, const char *abstract, const char *ts);

/* Largest PDU to send given the peer's announced maximum (0 = unlimited)
 * and our cap (0 = none). */
uint32_t dcb_negotiate_max_send(uint32_t peer_max, uint32_t our_cap);

#endif
