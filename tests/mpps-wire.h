/* mpps-wire.h — a small MPPS and worklist SCU for the tests (test-mpps-scp
 * over the in-memory pair, mpps-send over TCP), written from the PDU and
 * DIMSE codecs: dcmtk has no MPPS SCU.  Blocking; a failure ends the test
 * (cmocka). */
#ifndef DCB_TEST_MPPS_WIRE_H
#define DCB_TEST_MPPS_WIRE_H

#include <stdbool.h>
#include <stdint.h>

struct dcb_dimse_cmd;
struct dcb_dset;
struct dcb_transport;

struct mw_scu {
	struct dcb_transport *t;
	uint16_t next_id;
};

/* Associates over t (taken) from "MODALITY" to called with one context of
 * abstract (implicit VR little endian); asserts the A-ASSOCIATE-AC. */
void mw_associate(struct mw_scu *u, struct dcb_transport *t, const char *called,
                  const char *abstract);

/* A-RELEASE-RQ, the RP asserted; frees the transport. */
void mw_release(struct mw_scu *u);

/* Sends c (and ds, may be NULL) and reads the final response command into
 * *rsp (pending C-FIND answers are passed over). */
void mw_exchange(struct mw_scu *u, struct dcb_dimse_cmd *c, const struct dcb_dset *ds,
                 struct dcb_dimse_cmd *rsp);

/* N-CREATE of step uid (NULL: the SCP makes it) with wl_mpps_create(status);
 * N-SET of it to COMPLETED with wl_mpps_set().  Return the status. */
uint16_t mw_n_create(struct mw_scu *u, const char *uid, const char *status,
                     struct dcb_dimse_cmd *rsp);
uint16_t mw_n_set(struct mw_scu *u, const char *uid, bool series, struct dcb_dimse_cmd *rsp);

#endif
