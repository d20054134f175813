/* mpps.h — Modality Performed Procedure Step instances (PS3.4 F.7): the
 * rules of N-CREATE and N-SET and the state each step is in, kept in
 * memory.  Pure: no I/O (mpps-scp.c answers the requests and writes each
 * step to disk).
 *
 *   N-CREATE  the status must be IN PROGRESS (else 0106H, DCB820); the
 *             Type 1 attributes of Table F.7.2-1 must have values (else
 *             0120H/0121H, DCB823, nothing created); a Type 2 attribute
 *             left out is a finding only; a UID already held is 0111H.
 *   N-SET     of an unknown step 0112H (DCB824); of a step already
 *             COMPLETED or DISCONTINUED 0110H with Error ID A710H
 *             (DCB821, Table F.7.2-2); a status other than the three
 *             0106H (DCB828); an attribute Table F.7.2-1 does not allow
 *             in N-SET is ignored (DCB826) and the rest applied.  When it
 *             makes the status final, the step as it would then be must
 *             meet the final state requirements (end date and time, a
 *             Performed Series Sequence item with Series Instance UID and
 *             Protocol Name), else 0120H/0121H (DCB822) and the step stays
 *             as it was.
 * A failed request changes nothing.  A step names the worklist item it
 * performs by the first item of its Scheduled Step Attributes Sequence. */
#ifndef DCB_MPPS_H
#define DCB_MPPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "findings.h"

struct dcb_dset;

#define DCB_UID_MPPS "1.2.840.10008.3.1.2.3.3"

enum dcb_mpps_state {
	DCB_MPPS_IN_PROGRESS,
	DCB_MPPS_COMPLETED,
	DCB_MPPS_DISCONTINUED,
};

/* One step.  Owned by its list. */
struct dcb_mpps {
	char uid[65];
	enum dcb_mpps_state state;
	struct dcb_dset *attrs;   /* its attributes as they are now */
	char study_uid[65];       /* from Scheduled Step Attributes Sequence item 1 */
	char accession[17];
	char sps_id[17];
	char patient[65];
	unsigned n_sets;          /* N-SETs applied */
};

/* What a request came to: the response's status and fields, and the
 * finding to say (code 0: none).  A success may carry a finding (a Type 2
 * attribute left out, an attribute ignored). */
struct dcb_mpps_verdict {
	uint16_t status;        /* 0x0000, or the failure */
	uint16_t error_id;      /* (0000,0903), 0: none */
	uint32_t offending;     /* (0000,0901), 0: none */
	const char *comment;    /* (0000,0902), plain ASCII, not translated; NULL: none */
	enum dcb_code code;     /* the finding, 0: none */
	char message[256];      /* its words, translated */
};

struct dcb_mpps_list;

/* An empty list, or NULL when out of memory. */
struct dcb_mpps_list *dcb_mpps_list_new(void);
void dcb_mpps_list_free(struct dcb_mpps_list *l);

/* The words of a state: "IN PROGRESS", "COMPLETED", "DISCONTINUED" (the
 * attribute's values, not translated). */
const char *dcb_mpps_state_name(enum dcb_mpps_state s);

/* N-CREATE of step uid (the SCU's, or one the SCP made) with attrs (copied).
 * Fills *v; returns 0 with *out the new step (may be NULL), a failure
 * status > 0 (v says it all, nothing created), or DCB_ERR_NOMEM. */
int dcb_mpps_create(struct dcb_mpps_list *l, const char *uid, const struct dcb_dset *attrs,
                    struct dcb_mpps_verdict *v, const struct dcb_mpps **out);

/* N-SET of step uid with the modification list mods.  Returns as
 * dcb_mpps_create (*out the step as it is now). */
int dcb_mpps_set(struct dcb_mpps_list *l, const char *uid, const struct dcb_dset *mods,
                 struct dcb_mpps_verdict *v, const struct dcb_mpps **out);

/* Takes back a step as it was written (attrs copied, its state from its
 * Performed Procedure Step Status), without the N-CREATE rules: a restart
 * keeps the steps.  0, DCB_ERR_EXISTS (uid held already), DCB_ERR_MALFORMED
 * (no known status), DCB_ERR_NOMEM. */
int dcb_mpps_restore(struct dcb_mpps_list *l, const char *uid, const struct dcb_dset *attrs);

/* The step uid, or NULL. */
const struct dcb_mpps *dcb_mpps_find(const struct dcb_mpps_list *l, const char *uid);

/* The steps in the order they were created. */
size_t dcb_mpps_count(const struct dcb_mpps_list *l);
const struct dcb_mpps *dcb_mpps_nth(const struct dcb_mpps_list *l, size_t i);

#endif
