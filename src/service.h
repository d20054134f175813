/* service.h — engine-internal: the DIMSE services an acceptor offers.
 *
 * Each service is one entry of a table: the abstract syntaxes it serves,
 * the request commands it takes, and handlers for the points of a message
 * (its command, its data set bytes, its end, a C-CANCEL), for an empty
 * output queue and for the end of the association.  The acceptor
 * (acceptor.c) dispatches on the presentation context's abstract syntax
 * and the command; negotiation accepts what some service serves.  A new
 * service is one file and one line in the table (service.c); an engine
 * can be given a table of its own (struct dcb_engine_config.services).
 *
 * A service keeps what it needs per association in *state (NULL at first;
 * it allocates, and frees in on_close). */
#ifndef DCB_SERVICE_H
#define DCB_SERVICE_H

#include <stdbool.h>
#include <stdint.h>

#include "dimse.h"

struct assoc;
struct dcb_assoc;
struct dcb_engine;
struct ctx;

/* One message as it arrives. */
struct svc_msg {
	uint8_t pcid;
	const struct ctx *ctx;           /* its presentation context */
	const struct dcb_dimse_cmd *cmd; /* the decoded command (a->rx.cmd) */
	bool has_data;                   /* a data set follows the command */
};

struct dcb_service {
	const char *name; /* "Verification", "Storage" */
	/* an A-ASSOCIATE-RQ arrived: false to reject it (permanent, by the
	 * user), with the reason of PS3.8 Table 9-21 (3: calling AE title,
	 * 7: called AE title not recognized) and why in the user's words */
	bool (*admits)(struct assoc *a, const struct dcb_assoc *rq, uint8_t *reason, char *why,
	               size_t why_size);
	/* true when the service serves this abstract syntax as SCP and the
	 * engine's configuration has it on */
	bool (*serves)(const struct dcb_engine *e, const char *abstract_syntax);
	/* true for the request command fields it takes */
	bool (*takes)(uint16_t command);
	/* the command arrived; for a message without data set, this is all */
	void (*on_command)(struct assoc *a, void **state, const struct svc_msg *m);
	/* data set bytes (a slice of the input buffer, valid until sync) */
	void (*on_data)(struct assoc *a, void **state, const uint8_t *p, size_t n);
	/* the data set is complete */
	void (*on_end)(struct assoc *a, void **state, const struct svc_msg *m);
	/* a response arrived (a C-STORE-RSP to a C-GET's sub-operation); asked
	 * of every service holding state: true when it was the one waiting */
	bool (*on_response)(struct assoc *a, void **state, const struct dcb_dimse_cmd *rsp);
	/* a C-CANCEL-RQ for a request of this service */
	void (*on_cancel)(struct assoc *a, void **state, const struct dcb_dimse_cmd *c);
	/* the output queue is empty: send more of a long answer */
	void (*pump)(struct assoc *a, void **state);
	/* the input buffer is about to be reused */
	void (*sync)(struct assoc *a, void **state);
	/* the association ended */
	void (*on_close)(struct assoc *a, void **state);
};

/* The engine's table (its configuration's, or the built-in one), in
 * dispatch order, NULL-terminated; at most DCB_MAX_SERVICES are used. */
const struct dcb_service *const *svc_table(const struct dcb_engine *e);
#define DCB_MAX_SERVICES 8

/* The service that serves abstract_syntax and takes command, or NULL;
 * *index receives its place in dcb_services (for the state array). */
const struct dcb_service *svc_find(const struct dcb_engine *e, const char *abstract_syntax,
                                   uint16_t command, unsigned *index);

/* True when any service serves the abstract syntax (negotiation). */
bool svc_serves(const struct dcb_engine *e, const char *abstract_syntax);

/* Sends the response to rq on pcid: status, and an error comment for a
 * failure.  Aborts the association when it cannot be queued. */
void svc_respond(struct assoc *a, uint8_t pcid, const struct dcb_dimse_cmd *rq, uint16_t status,
                 const char *comment);

/* Sends a message on the context of m with ds (NULL: none) as its data
 * set, encoded in the context's transfer syntax (implicit or explicit VR
 * little endian); c's Command Data Set Type is set to match.  0, or a
 * negative enum dcb_err after the association was aborted with the reason. */
struct dcb_dset;
int svc_send(struct assoc *a, const struct svc_msg *m, struct dcb_dimse_cmd *c,
             const struct dcb_dset *ds);

/* A request's data set collected in memory (an identifier, an attribute
 * list), at most DCB_DSET_MAX_BYTES; start with {0}. */
struct svc_buf {
	uint8_t *buf;
	size_t len, cap;
	bool too_big; /* more came than fits (or out of memory): what came is dropped */
};
/* Appends n bytes at p (see too_big). */
void svc_buf_add(struct svc_buf *b, const uint8_t *p, size_t n);
/* Empties b for the next request, keeping its memory. */
void svc_buf_reset(struct svc_buf *b);
/* Frees what b holds. */
void svc_buf_clear(struct svc_buf *b);

/* The service's state *state, allocated (zeroed, size bytes) when NULL;
 * NULL when out of memory. */
void *svc_state(void **state, size_t size);

/* The services. */
extern const struct dcb_service dcb_service_verification;
extern const struct dcb_service dcb_service_storage;
extern const struct dcb_service dcb_service_qr;
extern const struct dcb_service dcb_service_mwl;
extern const struct dcb_service dcb_service_mpps;
extern const struct dcb_service dcb_service_commit;     /* commit-scp.c: the SCP */
extern const struct dcb_service dcb_service_commit_scu; /* scu-commit.c: reports to us */

#endif
