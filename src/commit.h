/* commit.h — Storage Commitment Push Model (PS3.4 Annex J): the data sets
 * of its two messages, as pure functions over struct dcb_dset.  No I/O.
 *
 *   N-ACTION-RQ (action type 1), Action Information: Transaction UID
 *   (0008,1195) and the Referenced SOP Sequence (0008,1199), each item a
 *   Referenced SOP Class UID (0008,1150) and Instance UID (0008,1155).
 *
 *   N-EVENT-REPORT-RQ, Event Information: the same Transaction UID, the
 *   Referenced SOP Sequence of what is committed and the Failed SOP
 *   Sequence (0008,1198) of what is not, each failed item with its Failure
 *   Reason (0008,1197); event type 1 when all were committed, 2 when some
 *   failed (PS3.4 J.3.3).
 *
 * The SCP decodes the request (dcb_commit_decode_action), decides each
 * reference with a lookup (dcb_commit_resolve), and builds the report
 * (dcb_commit_build_report); the SCU builds the request
 * (dcb_commit_build_action) and decodes the report
 * (dcb_commit_decode_report). */
#ifndef DCB_COMMIT_H
#define DCB_COMMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dcb-limits.h"
#include "error.h"

struct dcb_dset;

/* The SOP class and its well-known instance (PS3.4 J.3.1). */
#define DCB_UID_STORAGE_COMMITMENT "1.2.840.10008.1.20.1"
#define DCB_UID_STORAGE_COMMITMENT_INSTANCE "1.2.840.10008.1.20.1.1"

/* Action Type ID of the request, Event Type IDs of the report. */
#define DCB_COMMIT_ACTION_REQUEST 1
#define DCB_COMMIT_EVENT_ALL 1    /* every reference committed */
#define DCB_COMMIT_EVENT_FAILED 2 /* some (or all) failed */

/* Failure Reason (0008,1197) values of PS3.4 J.3.3.1.1. */
enum dcb_commit_reason {
	DCB_COMMIT_OK = 0x0000,                /* committed (not a Failure Reason) */
	DCB_COMMIT_PROCESSING_FAILURE = 0x0110,
	DCB_COMMIT_NO_SUCH_INSTANCE = 0x0112,
	DCB_COMMIT_RESOURCE_LIMITATION = 0x0213,
	DCB_COMMIT_CLASS_NOT_SUPPORTED = 0x0122,
	DCB_COMMIT_CLASS_INSTANCE_CONFLICT = 0x0119,
	DCB_COMMIT_DUPLICATE_TRANSACTION = 0x0131,
};

/* One reference: a SOP instance and, once decided, how it fared. */
struct dcb_commit_ref {
	char sop_class[DCB_UID_SIZE];
	char sop_instance[DCB_UID_SIZE];
	uint16_t reason; /* enum dcb_commit_reason: DCB_COMMIT_OK = committed */
};

/* A transaction: its UID and its references (owned, refs[0..n)). */
struct dcb_commit {
	char transaction_uid[DCB_UID_SIZE];
	struct dcb_commit_ref *refs;
	size_t n, cap;
};

void dcb_commit_init(struct dcb_commit *c);
void dcb_commit_clear(struct dcb_commit *c);

/* Appends a reference (reason OK).  0, DCB_ERR_USAGE for a UID that is
 * empty or too long, DCB_ERR_NOMEM. */
int dcb_commit_add(struct dcb_commit *c, const char *sop_class, const char *sop_instance,
                   struct dcb_error *err);

/* Decodes the Action Information ds into out (initialised here; clear it
 * even after a failure).  Returns 0, or DCB_ERR_PROTOCOL with *status set
 * to the N-ACTION-RSP failure status and err saying what is wrong:
 *   0x0120 Missing attribute        no Transaction UID, no Referenced SOP
 *                                   Sequence, an item without class or
 *                                   instance UID;
 *   0x0121 Missing attribute value  an empty Transaction UID, an empty
 *                                   sequence, an empty UID in an item;
 *   0x0115 Invalid argument value   a UID that is not a UID (PS3.5 9.1);
 * or DCB_ERR_NOMEM (*status 0x0110). */
int dcb_commit_decode_action(const struct dcb_dset *ds, struct dcb_commit *out,
                             uint16_t *status, struct dcb_error *err);

/* Builds the Action Information of c into *out (the caller frees it).
 * 0, or the errors of dcb_dset_put(); DCB_ERR_USAGE for no references. */
int dcb_commit_build_action(const struct dcb_commit *c, struct dcb_dset **out,
                            struct dcb_error *err);

/* Decides each reference: reason = lookup(user, class, instance), which
 * returns DCB_COMMIT_OK or a Failure Reason. */
typedef uint16_t (*dcb_commit_lookup_fn)(void *user, const char *sop_class,
                                         const char *sop_instance);
void dcb_commit_resolve(struct dcb_commit *c, dcb_commit_lookup_fn lookup, void *user);

/* Counts of committed and failed references. */
void dcb_commit_count(const struct dcb_commit *c, size_t *committed, size_t *failed);

/* Builds the Event Information of the report on c into *out (the caller
 * frees it) and its event type into *event_type (1 all committed, 2 some
 * failed).  0, or the errors of dcb_dset_put(). */
int dcb_commit_build_report(const struct dcb_commit *c, uint16_t *event_type,
                            struct dcb_dset **out, struct dcb_error *err);

/* Decodes a report's Event Information ds (event_type from the command)
 * into out (initialised here; clear it even after a failure): committed
 * references with reason OK, failed ones with theirs (0x0110 when the item
 * has none).  Returns 0, or
 *   DCB_ERR_PROTOCOL  no or an empty Transaction UID, an item without
 *                     class or instance UID, an event type other than 1
 *                     and 2, event type 1 with failed items, event type 2
 *                     without, no reference at all;
 *   DCB_ERR_NOMEM. */
int dcb_commit_decode_report(const struct dcb_dset *ds, uint16_t event_type,
                             struct dcb_commit *out, struct dcb_error *err);

/* Makes rq an A-ASSOCIATE-RQ (dcb_pdu_init) for storage commitment:
 * called and calling AE titles, max_pdu, our implementation, one context
 * of the SOP class in implicit and explicit VR little endian; as_scp (the
 * SCP sending its report on an association of its own, PS3.4 J.3.3): a
 * role selection item taking the SCP role only (PS3.7 D.3.3.4).  0, or
 * the errors of dcb_negotiate_add_context(). */
struct dcb_pdu;
int dcb_commit_rq_init(struct dcb_pdu *pdu, const char *called_ae, const char *calling_ae,
                       uint32_t max_pdu, bool as_scp, struct dcb_error *err);

/* A Transaction UID made of 16 random bytes: "2.25." and their value as
 * a decimal number (PS3.5 B.2), into out[DCB_UID_SIZE]. */
void dcb_commit_uid_from_random(const uint8_t rnd[16], char *out);

/* The meaning of a Failure Reason, N_()-marked: translate it to show it. */
const char *dcb_commit_reason_name(uint16_t reason);

#endif
