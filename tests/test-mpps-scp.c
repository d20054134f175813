/* test-mpps-scp.c — the MPPS and worklist SCPs in an engine, asked over
 * the in-memory pair by a small SCU written here from the PDU and DIMSE
 * codecs (dcmtk has no MPPS SCU): N-CREATE (with and without a UID),
 * N-SET to COMPLETED, the failures of the state machine with their
 * response fields and findings, the step on disk beside the worklist and
 * linked to its entry; one worklist C-FIND. */
#include "config.h"

#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "../src/dimse.h"
#include "../src/dset.h"
#include "../src/engine.h"
#include "../src/mpps.h"
#include "../src/part10.h"
#include "../src/pdu.h"
#include "../src/service.h"
#include "../src/transport-mem.h"
#include "../src/worklist.h"
#include "mpps-wire.h"
#include "wl-build.h"

#define T(g, e) (((uint32_t)(g) << 16) | (e))
#define ILE "1.2.840.10008.1.2"
#define MWL "1.2.840.10008.5.1.4.31"

/* --- the SCP ----------------------------------------------------------------- */

struct scp {
	struct dcb_engine *e;
	pthread_t th;
	char *root;
	struct dcb_worklist *wl;
	struct dcb_mpps_list *mpps;
	pthread_mutex_t mu;
	char text[32768]; /* findings and log lines */
};

static void
sink(const struct dcb_event *ev, void *user)
{
	struct scp *s = user;
	size_t len;

	pthread_mutex_lock(&s->mu);
	len = strlen(s->text);
	if (ev->kind == DCB_EV_FINDING)
		snprintf(s->text + len, sizeof s->text - len, "F %s %s\n", ev->u.finding.code,
		         ev->u.finding.message);
	else if (ev->kind == DCB_EV_LOG)
		snprintf(s->text + len, sizeof s->text - len, "L %s\n", ev->u.log.text);
	pthread_mutex_unlock(&s->mu);
}

static void *
run(void *arg)
{
	dcb_engine_run(((struct scp *)arg)->e);
	return NULL;
}

/* ROOT/WL/entry.wl (with its lockfile): the step the modality performs. */
static void
write_entry(const char *root)
{
	struct dcb_dset *ds = wl_entry("DOE^JOHN", "ACC1", "CT1", "CT", "20240105");
	char path[4200];
	FILE *f;

	snprintf(path, sizeof path, "%s/WL", root);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof path, "%s/WL/lockfile", root);
	f = fopen(path, "w");
	assert_non_null(f);
	fclose(f);
	snprintf(path, sizeof path, "%s/WL/entry.wl", root);
	wl_write(path, ds, WL_ELE, true);
	dcb_dset_free(ds);
}

static int
scp_start(void **state)
{
	static const struct dcb_service *const services[] = {&dcb_service_verification,
	                                                     &dcb_service_mwl,
	                                                     &dcb_service_mpps, NULL};
	struct scp *s = calloc(1, sizeof *s);
	struct dcb_engine_config cfg;
	char tmpl[] = "/tmp/dcb-mpps-XXXXXX";

	assert_non_null(s);
	pthread_mutex_init(&s->mu, NULL);
	assert_non_null(mkdtemp(tmpl));
	s->root = strdup(tmpl);
	write_entry(s->root);
	s->wl = dcb_worklist_new(s->root, DCB_WL_PER_AE, NULL);
	s->mpps = dcb_mpps_list_new();
	assert_true(dcb_worklist_refresh(s->wl, NULL, NULL, NULL) >= 1);
	dcb_engine_config_init(&cfg, DCB_SIDE_SCP);
	cfg.services = services;
	cfg.worklist = s->wl;
	cfg.mpps = s->mpps;
	s->e = dcb_engine_new(&cfg, sink, s, NULL);
	assert_non_null(s->e);
	assert_int_equal(pthread_create(&s->th, NULL, run, s), 0);
	*state = s;
	return 0;
}

static int
scp_stop(void **state)
{
	struct scp *s = *state;
	char cmd[4300];

	dcb_engine_stop(s->e);
	pthread_join(s->th, NULL);
	dcb_engine_free(s->e);
	dcb_worklist_free(s->wl);
	dcb_mpps_list_free(s->mpps);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", s->root);
	assert_int_equal(system(cmd), 0);
	free(s->root);
	free(s);
	return 0;
}

static bool
said(struct scp *s, const char *what)
{
	bool yes;

	pthread_mutex_lock(&s->mu);
	yes = strstr(s->text, what) != NULL;
	pthread_mutex_unlock(&s->mu);
	return yes;
}

/* --- the SCU (mpps-wire.c) over the in-memory pair ------------------------ */

static void
associate(struct scp *s, struct mw_scu *u, const char *abstract)
{
	struct dcb_transport *a, *b;

	assert_int_equal(dcb_mem_pair(0, &a, &b, NULL), 0);
	assert_int_equal(dcb_engine_adopt(s->e, b, NULL), 0);
	mw_associate(u, a, "WL", abstract);
}

/* --- tests ------------------------------------------------------------------- */

/* The modality's day: N-CREATE IN PROGRESS, N-SET COMPLETED; the step is
 * linked to its worklist entry and on disk; a second N-SET is refused. */
static void
create_complete_and_refuse_more(void **state)
{
	struct scp *s = *state;
	struct mw_scu u;
	struct dcb_dimse_cmd rsp;
	const struct dcb_mpps *p;
	struct dcb_dset *file;
	char path[4300], v[32];

	associate(s, &u, DCB_UID_MPPS);
	assert_int_equal(mw_n_create(&u, "1.2.826.0.1.3680043.9.7433.7.1", "IN PROGRESS", &rsp), 0);
	assert_string_equal(rsp.affected_sop_instance, "1.2.826.0.1.3680043.9.7433.7.1");
	assert_int_equal(mw_n_set(&u, "1.2.826.0.1.3680043.9.7433.7.1", true, &rsp), 0);
	assert_string_equal(rsp.affected_sop_instance, "1.2.826.0.1.3680043.9.7433.7.1");
	/* no N-SET after COMPLETED */
	assert_int_equal(mw_n_set(&u, "1.2.826.0.1.3680043.9.7433.7.1", true, &rsp), 0x0110);
	assert_true(rsp.present & DCB_F_ERROR_ID);
	assert_int_equal(rsp.error_id, 0xA710);
	assert_string_equal(rsp.error_comment,
	                    "Performed Procedure Step Object may no longer be updated");
	mw_release(&u);
	p = dcb_mpps_find(s->mpps, "1.2.826.0.1.3680043.9.7433.7.1");
	assert_non_null(p);
	assert_int_equal(p->state, DCB_MPPS_COMPLETED);
	assert_true(said(s, "F DCB821"));
	assert_true(said(s, "performs worklist entry"));
	assert_true(said(s, "WL/entry.wl"));
	snprintf(path, sizeof path, "%s/.dicombench/mpps/1.2.826.0.1.3680043.9.7433.7.1.dcm",
	         s->root);
	assert_int_equal(dcb_worklist_read_file(path, &file, NULL), 0);
	assert_true(dcb_dset_get_str(file, T(0x0040, 0x0252), v, sizeof v) > 0);
	assert_string_equal(v, "COMPLETED");
	dcb_dset_free(file);
	/* the step's file is no worklist entry */
	dcb_worklist_refresh(s->wl, NULL, NULL, NULL);
	assert_int_equal(dcb_worklist_count(s->wl, "WL"), 1);
	assert_false(dcb_worklist_has_ae(s->wl, ".dicombench"));
}

/* The SCP makes the UID when the N-CREATE has none, and says it. */
static void
scp_makes_the_uid(void **state)
{
	struct scp *s = *state;
	struct mw_scu u;
	struct dcb_dimse_cmd rsp;

	associate(s, &u, DCB_UID_MPPS);
	assert_int_equal(mw_n_create(&u, NULL, "IN PROGRESS", &rsp), 0);
	assert_true(rsp.present & DCB_F_AFFECTED_SOP_INSTANCE);
	assert_int_equal(strncmp(rsp.affected_sop_instance, "2.25.", 5), 0);
	assert_non_null(dcb_mpps_find(s->mpps, rsp.affected_sop_instance));
	mw_release(&u);
}

/* The failures on the wire: status, offending element, findings. */
static void
failures_on_the_wire(void **state)
{
	struct scp *s = *state;
	struct mw_scu u;
	struct dcb_dimse_cmd rsp;

	associate(s, &u, DCB_UID_MPPS);
	assert_int_equal(mw_n_create(&u, "1.2.9.1", "COMPLETED", &rsp), 0x0106);
	assert_true(rsp.present & DCB_F_OFFENDING_ELEMENT);
	assert_int_equal(rsp.offending[0], T(0x0040, 0x0252));
	assert_int_equal(mw_n_set(&u, "1.2.9.404", true, &rsp), 0x0112);
	assert_int_equal(mw_n_create(&u, "1.2.9.2", "IN PROGRESS", &rsp), 0);
	assert_int_equal(mw_n_create(&u, "1.2.9.2", "IN PROGRESS", &rsp), 0x0111);
	assert_int_equal(mw_n_set(&u, "1.2.9.2", false, &rsp), 0x0121);
	assert_int_equal(rsp.offending[0], T(0x0040, 0x0340));
	mw_release(&u);
	assert_int_equal(dcb_mpps_find(s->mpps, "1.2.9.2")->state, DCB_MPPS_IN_PROGRESS);
	assert_true(said(s, "F DCB820"));
	assert_true(said(s, "F DCB824"));
	assert_true(said(s, "F DCB825"));
	assert_true(said(s, "F DCB822"));
}

/* A worklist C-FIND on the same engine: one answer, and the miss of a
 * query that does not match says why. */
static void
worklist_find(void **state)
{
	struct scp *s = *state;
	struct mw_scu u;
	struct dcb_dimse_cmd c, rsp;
	struct dcb_dset *q = dcb_dset_new(), *item;

	associate(s, &u, MWL);
	wl_put(q, T(0x0008, 0x0050), "SH", "");
	wl_put(q, T(0x0010, 0x0010), "PN", "DOE*");
	item = dcb_dset_seq_add_item(q, T(0x0040, 0x0100), NULL);
	wl_put(item, T(0x0008, 0x0060), "CS", "CT");
	dcb_dimse_find_rq(&c, u.next_id++, MWL, DCB_PRIORITY_MEDIUM);
	mw_exchange(&u, &c, q, &rsp);
	assert_int_equal(rsp.status, 0);
	assert_true(said(s, "1 of 1 entries match"));
	wl_put(item, T(0x0008, 0x0060), "CS", "MR");
	dcb_dimse_find_rq(&c, u.next_id++, MWL, DCB_PRIORITY_MEDIUM);
	mw_exchange(&u, &c, q, &rsp);
	assert_int_equal(rsp.status, 0);
	assert_true(said(s, "entry.wl does not match"));
	assert_true(said(s, "'MR'"));
	mw_release(&u);
	dcb_dset_free(q);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(create_complete_and_refuse_more, scp_start, scp_stop),
	    cmocka_unit_test_setup_teardown(scp_makes_the_uid, scp_start, scp_stop),
	    cmocka_unit_test_setup_teardown(failures_on_the_wire, scp_start, scp_stop),
	    cmocka_unit_test_setup_teardown(worklist_find, scp_start, scp_stop),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
