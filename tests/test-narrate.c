/* test-narrate.c — the trace in plain words: every PDU type, every DIMSE
 * message of PS3.7 Annex E and every state has a sentence, built from the
 * real values, and German has each of them. */
#include "config.h"

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#ifdef ENABLE_NLS
#include <libintl.h>
#endif

#include "../src/dimse.h"
#include "../src/narrate.h"

#define CT "1.2.840.10008.5.1.4.1.1.2"
#define ELE "1.2.840.10008.1.2.1"
#define ILE "1.2.840.10008.1.2"

static const struct dcb_narrate_who who = {"STORESCU", "PACS"};

/* Every placeholder was filled in and something was said. */
static void
assert_sentence(const char *s, size_t n)
{
	assert_true(n > 20);
	assert_int_equal(strlen(s), n);
	if (strchr(s, '{') != NULL || strchr(s, '}') != NULL)
		fail_msg("a placeholder is left: %s", s);
}

static void
every_pdu_type_is_narrated(void **state)
{
	struct dcb_pdu *pdu = calloc(1, sizeof *pdu);
	char buf[512];

	(void)state;
	for (uint8_t type = 1; type <= 7; type++) {
		pdu->type = type;
		assert_sentence(buf, dcb_narrate_pdu(pdu, true, &who, buf, sizeof buf));
		assert_non_null(strstr(buf, "STORESCU"));
	}
	pdu->type = 8;
	assert_int_equal(dcb_narrate_pdu(pdu, true, &who, buf, sizeof buf), 0);
	free(pdu);
}

/* The Command Field values dimse.c knows by name: the messages that need
 * a narration (a new one without narration fails here). */
static unsigned
known_commands(uint16_t *out)
{
	unsigned n = 0;

	for (unsigned c = 0; c <= 0xffff; c++)
		if (strcmp(dcb_dimse_command_name((uint16_t)c), "unknown") != 0)
			out[n++] = (uint16_t)c;
	return n;
}

static void
every_dimse_message_is_narrated(void **state)
{
	uint16_t cmds[64];
	unsigned n = known_commands(cmds);
	char buf[512];

	(void)state;
	/* C-STORE, C-GET, C-FIND, C-MOVE, C-ECHO: RQ and RSP; C-CANCEL-RQ;
	 * N-EVENT-REPORT, N-GET, N-SET, N-ACTION, N-CREATE, N-DELETE: RQ and RSP */
	assert_int_equal(n, 23);
	for (unsigned i = 0; i < n; i++) {
		struct dcb_ev_dimse d = {.known = true, .command = cmds[i], .message_id = 7};
		bool rsp = (cmds[i] & 0x8000) != 0;
		d.has_status = rsp;
		snprintf(d.sop_class_uid, sizeof d.sop_class_uid, "%s", CT);
		size_t len = dcb_narrate_dimse(&d, true, 1, 200, &who, buf, sizeof buf);
		if (len == 0)
			fail_msg("%s has no narration", dcb_dimse_command_name(cmds[i]));
		assert_sentence(buf, len);
		assert_non_null(strstr(buf, "7"));
		assert_true(strncmp(buf, "STORESCU", 8) == 0);
		d.is_data = true;
		assert_sentence(buf, dcb_narrate_dimse(&d, false, 40, 655360, &who, buf, sizeof buf));
		assert_non_null(strstr(buf, "655360"));
	}
	struct dcb_ev_dimse unknown = {.known = true, .command = 0x0555};
	assert_int_equal(dcb_narrate_dimse(&unknown, true, 1, 0, &who, buf, sizeof buf), 0);
}

static void
every_state_is_narrated(void **state)
{
	char buf[512];

	(void)state;
	for (int s = 1; s <= 13; s++) {
		assert_sentence(buf, dcb_narrate_state(s, NULL, buf, sizeof buf));
		char sta[8];
		snprintf(sta, sizeof sta, "Sta%d", s);
		assert_non_null(strstr(buf, sta));
	}
	assert_int_equal(dcb_narrate_state(14, NULL, buf, sizeof buf), 0);
	dcb_narrate_state(1, "released", buf, sizeof buf);
	assert_non_null(strstr(buf, "released"));
}

/* The sentences carry the real values: names of SOP classes and transfer
 * syntaxes, counts, statuses in words. */
static void
sentences_use_the_values(void **state)
{
	struct dcb_pdu *pdu = calloc(1, sizeof *pdu);
	struct dcb_ev_dimse d = {.known = true, .command = DCB_C_STORE_RSP, .message_id = 4};
	char buf[512];

	(void)state;
	pdu->type = DCB_PDU_ASSOCIATE_RQ;
	pdu->u.assoc.n_pctx = 2;
	snprintf(pdu->u.assoc.pctx[0].abstract_syntax, DCB_UID_SIZE, "%s", CT);
	pdu->u.assoc.pctx[0].n_ts = 2;
	snprintf(pdu->u.assoc.pctx[0].ts[0], DCB_UID_SIZE, "%s", ELE);
	snprintf(pdu->u.assoc.pctx[0].ts[1], DCB_UID_SIZE, "%s", ILE);
	dcb_narrate_pdu(pdu, true, &who, buf, sizeof buf);
	assert_non_null(strstr(buf, "STORESCU asks PACS"));
	assert_non_null(strstr(buf, "Presentation contexts proposed: 2"));
	assert_non_null(strstr(buf, "CT Image Storage in Explicit VR Little Endian, Implicit VR "
	                            "Little Endian"));
	/* The AC as the SCU receives it: PACS speaks. */
	pdu->type = DCB_PDU_ASSOCIATE_AC;
	pdu->u.assoc.pctx[0].result = DCB_PCTX_ACCEPTANCE;
	pdu->u.assoc.pctx[1].result = 4;
	dcb_narrate_pdu(pdu, false, &who, buf, sizeof buf);
	assert_non_null(strstr(buf, "PACS accepts"));
	assert_non_null(strstr(buf, "1 of the 2"));
	free(pdu);

	d.has_status = true;
	d.status = 0xA700;
	dcb_narrate_dimse(&d, false, 1, 0, &who, buf, sizeof buf);
	assert_non_null(strstr(buf, "PACS could not store the object of message 4"));
	assert_non_null(strstr(buf, "0xA700"));
	assert_non_null(strstr(buf, "out of resources"));
	d.status = 0x0000;
	dcb_narrate_dimse(&d, false, 1, 0, &who, buf, sizeof buf);
	assert_non_null(strstr(buf, "PACS has stored the object of message 4: Success"));
}

/* An event carries what the narration needs: a P-DATA-TF its message, a
 * control PDU its bytes. */
static void
events_are_narrated(void **state)
{
	struct dcb_event ev;
	char buf[512];
	static const uint8_t release_rq[] = {0x05, 0, 0, 0, 0, 4, 0, 0, 0, 0};

	(void)state;
	memset(&ev, 0, sizeof ev);
	ev.kind = DCB_EV_PDU;
	ev.side = DCB_SIDE_SCU;
	ev.u.pdu.type = DCB_PDU_P_DATA_TF;
	ev.u.pdu.outgoing = true;
	ev.u.pdu.length = 16384;
	ev.u.pdu.repeat = 3;
	ev.u.pdu.dimse.known = true;
	ev.u.pdu.dimse.is_data = true;
	ev.u.pdu.dimse.command = DCB_C_STORE_RQ;
	ev.u.pdu.dimse.message_id = 2;
	dcb_narrate_event(&ev, &who, buf, sizeof buf);
	assert_non_null(strstr(buf, "C-STORE-RQ 2"));
	assert_non_null(strstr(buf, "49152"));
	ev.u.pdu.type = DCB_PDU_RELEASE_RQ;
	ev.u.pdu.length = 4;
	memcpy(ev.u.pdu.raw, release_rq, sizeof release_rq);
	ev.u.pdu.raw_len = sizeof release_rq;
	assert_sentence(buf, dcb_narrate_event(&ev, &who, buf, sizeof buf));
	assert_non_null(strstr(buf, "STORESCU has nothing more to do"));
	ev.kind = DCB_EV_LOG;
	assert_int_equal(dcb_narrate_event(&ev, &who, buf, sizeof buf), 0);
}

#ifdef ENABLE_NLS
/* German has every sentence: the catalogue made from po/de.po translates
 * each template (and the sides' default names). */
static void
german_has_every_sentence(void **state)
{
	const char *src = getenv("abs_top_srcdir");
	const char *all[128];
	size_t n = dcb_narrate_sentences(all, 128);
	char dir[] = "/tmp/dcb-narrate-XXXXXX", cmd[8192];
	struct dcb_narrate_who names;

	(void)state;
	assert_true(n >= 7 + 23 + 13 && n <= 128);
	assert_non_null(mkdtemp(dir));
	snprintf(cmd, sizeof cmd,
	         "mkdir -p %s/de/LC_MESSAGES && msgfmt -o %s/de/LC_MESSAGES/%s.mo %s/po/de.po", dir,
	         dir, PACKAGE, src != NULL ? src : ".");
	assert_int_equal(system(cmd), 0);
	bindtextdomain(PACKAGE, dir);
	if (setlocale(LC_ALL, "de_DE.UTF-8") == NULL)
		fail_msg("the de_DE.UTF-8 locale is missing");
	for (size_t i = 0; i < n; i++)
		if (strcmp(dgettext(PACKAGE, all[i]), all[i]) == 0)
			fail_msg("no German for: %s", all[i]);
	dcb_narrate_who_default(&names, DCB_SIDE_SCU);
	assert_string_not_equal(names.self, "the SCU");
	setlocale(LC_ALL, "C");
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}
#endif

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(every_pdu_type_is_narrated),
	    cmocka_unit_test(every_dimse_message_is_narrated),
	    cmocka_unit_test(every_state_is_narrated),
	    cmocka_unit_test(sentences_use_the_values),
	    cmocka_unit_test(events_are_narrated),
#ifdef ENABLE_NLS
	    cmocka_unit_test(german_has_every_sentence),
#endif
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
