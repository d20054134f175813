/* qr-config.h — dcmtk's dcmqrscp.cfg, read so that an existing set-up runs
 * with `dicombench dcmqrscp` unchanged: the global values, the HostTable
 * (symbolic names for peers and groups of peers: the move destinations)
 * and the AETable (one storage area per called AE title, its access, quota
 * and the peers it serves).  The VendorTable is read and not used. */
#ifndef DCB_QR_CONFIG_H
#define DCB_QR_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "aetable.h"
#include "error.h"

struct dcb_qr_area {
	char ae[DCB_AE_TITLE_MAX + 1]; /* the called AE title that selects it */
	char dir[1024];                /* its storage area (a folder) */
	bool readable, writable;       /* Access: R, RW, W */
	unsigned max_studies;          /* Quota, 0 none */
	uint64_t max_bytes_per_study;
	bool any_peer;                 /* Peers: ANY */
	char (*peers)[DCB_AE_TITLE_MAX + 1]; /* else the calling AE titles it serves */
	size_t n_peers;
};

struct dcb_qr_config {
	int port;                  /* NetworkTCPPort, 0 unset */
	uint32_t max_pdu;          /* MaxPDUSize, 0 unset */
	unsigned max_associations; /* MaxAssociations, 0 unset */
	struct dcb_ae_table hosts; /* every peer the HostTable names */
	struct dcb_qr_area *areas;
	size_t n_areas;
};

/* Reads path into *out (zeroed first; clear it even on failure).  0, or
 * DCB_ERR_IO (cannot read) / DCB_ERR_MALFORMED with err naming the line
 * and what is wrong in it. */
int dcb_qr_config_read(const char *path, struct dcb_qr_config *out, struct dcb_error *err);

/* Parses the text of a configuration file; name is used in messages. */
int dcb_qr_config_parse(const char *text, const char *name, struct dcb_qr_config *out,
                        struct dcb_error *err);

void dcb_qr_config_clear(struct dcb_qr_config *c);

/* The area of a called AE title, or NULL. */
const struct dcb_qr_area *dcb_qr_config_area(const struct dcb_qr_config *c, const char *ae);

/* True when the area serves a peer calling as calling_ae. */
bool dcb_qr_area_serves(const struct dcb_qr_area *a, const char *calling_ae);

#endif
