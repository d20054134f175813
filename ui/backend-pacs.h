/* backend-pacs.h — the dashboard's SCP as a small PACS: the services and
 * the archive index `dicombench dcmqrscp -od DIR -aet AE` would have,
 * over the SCP's output folder, and an AE table that knows the dashboard's
 * own SCP (a move destination) and the SCU's peer.
 *
 * Used by the engine backend (backend-engine.c): ui_pacs_open() before the
 * SCP engine is made, ui_pacs_listening() once its port is known,
 * ui_pacs_count() from the SCP engine's thread (its event sink), and
 * ui_pacs_close() after the engine is freed. */
#ifndef UI_BACKEND_PACS_H
#define UI_BACKEND_PACS_H

#include <stdbool.h>
#include <stddef.h>

#include "../src/aetable.h"
#include "../src/engine.h"
#include "../src/qr-scp.h"
#include "qr-results.h"
#include "settings.h"

struct ui_pacs {
	struct dcb_qr_site site;
	struct dcb_ae_table peers;
	bool open; /* the index is open */
	char get_dir[UI_PATH_MAX + 16]; /* where the SCU's C-GETs write */
};

/* Opens the archive index of cfg->scp_out (which must exist) and gives c
 * the PACS's services, site and policy (c borrows p, which must outlive
 * the engine).  Returns 0, or -1 with a translated message in msg: the SCP
 * then serves storage and verification only, as before. */
int ui_pacs_open(struct ui_pacs *p, const struct ui_settings *cfg, struct dcb_engine_config *c,
                 char *msg, size_t msgsize);

/* The SCP listens on port: the AE table learns the SCP itself (AE title
 * @ 127.0.0.1:port) and the SCU's peer (scu_call @ scu_host:scu_port,
 * when that is another port).  Call before the engine's thread runs. */
void ui_pacs_listening(struct ui_pacs *p, const struct ui_settings *cfg, int port);

/* Engine thread: the archive's counts (patients, studies, series,
 * instances) when ev may have changed them (an object stored, an
 * association ended) or first is set; false when there is nothing new. */
bool ui_pacs_count(struct ui_pacs *p, const struct dcb_event *ev, bool first, size_t counts[4]);

/* The SCU engine's config: the objects of a C-GET go to
 * state_dir/UI_GET_FOLDER (made here), as the Storage SCP writes them
 * (c borrows p).  Call after ui_pacs_open(). */
void ui_pacs_scu_config(struct ui_pacs *p, const struct ui_settings *cfg,
                        struct dcb_engine_config *c);

/* Thread-safe: sends rq as a query job of the SCU engine to the SCU's
 * peer (port: the peer's port, resolved as for sending).  Returns the job
 * number or a negative enum dcb_err with err. */
int ui_pacs_query(struct dcb_engine *scu, const struct ui_settings *cfg, int port,
                  const struct ui_qr_request *rq, struct dcb_error *err);

/* Thread-safe: an MPPS N-CREATE (create) or N-SET of step uid with data
 * set ds, as a request job of the SCU engine to the SCU's peer.  Returns
 * the job number or a negative enum dcb_err with err. */
int ui_pacs_mpps(struct dcb_engine *scu, const struct ui_settings *cfg, int port, bool create,
                 const char *uid, const struct dcb_dset *ds, struct dcb_error *err);

/* Thread-safe: a C-ECHO of peer by the SCU engine (the SCU's TLS
 * setting, not the peer's).  Returns the job number or a negative enum
 * dcb_err with err. */
int ui_pacs_echo(struct dcb_engine *scu, const struct dcb_peer *peer, struct dcb_error *err);

/* Closes the index and forgets the peers; p can be opened again. */
void ui_pacs_close(struct ui_pacs *p);

#endif
