/* aetable.h — the peers this bench knows: AE title, host, port, TLS.
 *
 * One table serves every service: C-MOVE destinations, a storage
 * commitment's reverse association, the SCU's targets and the SCP's check
 * of calling AE titles.  Filled from the command line (`--peer
 * AE@HOST:PORT[+tls]`), from dcmtk's dcmqrscp.cfg HostTable (qr-config.h)
 * and from the dashboard's settings.  No I/O. */
#ifndef DCB_AETABLE_H
#define DCB_AETABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

#define DCB_AE_TITLE_MAX 16

struct dcb_peer {
	char ae[DCB_AE_TITLE_MAX + 1]; /* without padding */
	char host[256];
	int port;
	bool tls; /* talk TLS to it (the side's credentials) */
};

struct dcb_ae_table {
	struct dcb_peer *peers;
	size_t n, cap;
};

void dcb_ae_table_init(struct dcb_ae_table *t);
void dcb_ae_table_clear(struct dcb_ae_table *t);

/* Checks an AE title (PS3.5: 1-16 characters of the default repertoire, no
 * backslash or control characters, not only spaces) and copies it without
 * leading and trailing spaces into out[DCB_AE_TITLE_MAX + 1].  0, or
 * DCB_ERR_USAGE with err saying what is wrong. */
int dcb_ae_title_check(const char *ae, char *out, struct dcb_error *err);

/* Parses "AE@HOST:PORT", "AE@[v6addr]:PORT", with "+tls" after it for a
 * peer spoken to over TLS.  0, or DCB_ERR_USAGE with err. */
int dcb_peer_parse(const char *spec, struct dcb_peer *out, struct dcb_error *err);

/* Writes p as dcb_peer_parse() reads it. */
void dcb_peer_format(const struct dcb_peer *p, char *out, size_t size);

/* Adds p, replacing a peer of the same AE title (AE titles compare
 * exactly, as PS3.8 says: case matters).  0 or DCB_ERR_NOMEM. */
int dcb_ae_table_put(struct dcb_ae_table *t, const struct dcb_peer *p, struct dcb_error *err);

/* Removes the peer of that AE title; true when there was one. */
bool dcb_ae_table_remove(struct dcb_ae_table *t, const char *ae);

/* The peer of that AE title (spaces around it ignored), or NULL. */
const struct dcb_peer *dcb_ae_table_find(const struct dcb_ae_table *t, const char *ae);

/* True when ae (spaces around it ignored) is one of list[0..n). */
bool dcb_ae_in_list(const char (*list)[DCB_AE_TITLE_MAX + 1], size_t n, const char *ae);

#endif
