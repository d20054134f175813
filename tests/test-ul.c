/* test-ul.c — the PS3.8 §9.2 state machine, cell by cell. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "../src/pdu.h"
#include "../src/ul.h"

/* PS3.8 Table 9-10 as printed: one row per event, columns Sta1..Sta13.
 * "" is a blank cell.  Written from the standard, independently of ul.c. */
static const char *const expected[20][14] = {
	[1] = {"", "AE-1", "", "", "", "", "", "", "", "", "", "", "", ""},
	[2] = {"", "", "", "", "AE-2", "", "", "", "", "", "", "", "", ""},
	[3] = {"", "", "AA-1", "AA-8", "", "AE-3", "AA-8", "AA-8", "AA-8", "AA-8", "AA-8", "AA-8",
	       "AA-8", "AA-6"},
	[4] = {"", "", "AA-1", "AA-8", "", "AE-4", "AA-8", "AA-8", "AA-8", "AA-8", "AA-8", "AA-8",
	       "AA-8", "AA-6"},
	[5] = {"", "AE-5", "", "", "", "", "", "", "", "", "", "", "", ""},
	[6] = {"", "", "AE-6", "AA-8", "", "AA-8", "AA-8", "AA-8", "AA-8", "AA-8", "AA-8", "AA-8",
	       "AA-8", "AA-7"},
	[7] = {"", "", "", "AE-7", "", "", "", "", "", "", "", "", "", ""},
	[8] = {"", "", "", "AE-8", "", "", "", "", "", "", "", "", "", ""},
	[9] = {"", "", "", "", "", "", "DT-1", "", "AR-7", "", "", "", "", ""},
	[10] = {"", "", "AA-1", "AA-8", "", "AA-8", "DT-2", "AR-6", "AA-8", "AA-8", "AA-8", "AA-8",
	        "AA-8", "AA-6"},
	[11] = {"", "", "", "", "", "", "AR-1", "", "", "", "", "", "", ""},
	[12] = {"", "", "AA-1", "AA-8", "", "AA-8", "AR-2", "AR-8", "AA-8", "AA-8", "AA-8", "AA-8",
	        "AA-8", "AA-6"},
	[13] = {"", "", "AA-1", "AA-8", "", "AA-8", "AA-8", "AR-3", "AA-8", "AA-8", "AR-10", "AR-3",
	        "AA-8", "AA-6"},
	[14] = {"", "", "", "", "", "", "", "", "AR-4", "AR-9", "", "", "AR-4", ""},
	[15] = {"", "", "", "AA-1", "AA-2", "AA-1", "AA-1", "AA-1", "AA-1", "AA-1", "AA-1", "AA-1",
	        "AA-1", ""},
	[16] = {"", "", "AA-2", "AA-3", "", "AA-3", "AA-3", "AA-3", "AA-3", "AA-3", "AA-3", "AA-3",
	        "AA-3", "AA-2"},
	[17] = {"", "", "AA-5", "AA-4", "AA-4", "AA-4", "AA-4", "AA-4", "AA-4", "AA-4", "AA-4",
	        "AA-4", "AA-4", "AR-5"},
	[18] = {"", "", "AA-2", "", "", "", "", "", "", "", "", "", "", "AA-2"},
	[19] = {"", "", "AA-1", "AA-8", "", "AA-8", "AA-8", "AA-8", "AA-8", "AA-8", "AA-8", "AA-8",
	        "AA-8", "AA-7"},
};

/* Next state per action, PS3.8 Tables 9-6..9-9 (AE-6 and AR-8 handled apart). */
static int
expected_next(const char *a, bool requestor, bool acceptable)
{
	static const struct {
		const char *a;
		int next;
	} t[] = {
		{"AE-1", 4}, {"AE-2", 5}, {"AE-3", 6}, {"AE-4", 1}, {"AE-5", 2}, {"AE-7", 6},
		{"AE-8", 13}, {"DT-1", 6}, {"DT-2", 6}, {"AR-1", 7}, {"AR-2", 8}, {"AR-3", 1},
		{"AR-4", 13}, {"AR-5", 1}, {"AR-6", 7}, {"AR-7", 8}, {"AR-9", 11}, {"AR-10", 12},
		{"AA-1", 13}, {"AA-2", 1}, {"AA-3", 1}, {"AA-4", 1}, {"AA-5", 1}, {"AA-6", 13},
		{"AA-7", 13}, {"AA-8", 13},
	};

	if (strcmp(a, "AE-6") == 0)
		return acceptable ? 3 : 13;
	if (strcmp(a, "AR-8") == 0)
		return requestor ? 9 : 10;
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (strcmp(t[i].a, a) == 0)
			return t[i].next;
	return -1;
}

static void
every_cell_matches_the_standard(void **state)
{
	unsigned checked = 0;

	for (int s = 1; s <= 13; s++) {
		for (int e = 1; e <= 19; e++) {
			const char *want = expected[e][s];
			struct dcb_ul_cell cell = dcb_ul_lookup(s, e);
			char where[32];

			snprintf(where, sizeof where, "Sta%d/Evt%d", s, e);
			if (want[0] == '\0') {
				if (cell.action != 0)
					fail_msg("%s: expected blank, got %s", where,
					         dcb_ul_action_name(cell.action));
			} else {
				if (strcmp(dcb_ul_action_name(cell.action), want) != 0)
					fail_msg("%s: expected %s, got %s", where, want,
					         dcb_ul_action_name(cell.action));
			}
			checked++;
		}
	}
	assert_int_equal(checked, 13 * 19);
}

/* One cell through dcb_ul_input: the state reached and the unexpected flag. */
static void
check_cell(int s, int e, bool requestor, bool acceptable)
{
	const char *want = expected[e][s];
	struct dcb_ul ul;
	struct dcb_ul_step st;
	struct dcb_ul_input in = {.event = e, .rq_acceptable = acceptable, .abort_source = 0};
	int rc;

	dcb_ul_init(&ul, requestor);
	ul.state = s;
	rc = dcb_ul_input(&ul, &in, &st);
	if (want[0] == '\0') {
		assert_int_equal(rc, DCB_ERR_PROTOCOL);
		assert_true(st.unexpected);
		assert_int_equal(st.action, DCB_AA_8);
		assert_int_equal(ul.state, DCB_STA13);
		assert_true(st.effects & DCB_UL_SEND_ABORT);
		assert_int_equal(st.abort_source, DCB_ABORT_SOURCE_PROVIDER);
		return;
	}
	if (rc != 0 || st.unexpected)
		fail_msg("Sta%d/Evt%d flagged unexpected", s, e);
	if ((int)ul.state != expected_next(want, requestor, acceptable))
		fail_msg("Sta%d/Evt%d (%s, requestor %d, acceptable %d): went to Sta%d, expected "
		         "Sta%d",
		         s, e, want, requestor, acceptable, ul.state,
		         expected_next(want, requestor, acceptable));
	assert_int_equal(st.from, s);
	assert_int_equal(st.to, ul.state);
}

/* Every cell, for both roles and both AE-6 outcomes. */
static void
every_cell_transitions(void **state)
{
	for (int role = 0; role < 2; role++)
		for (int acc = 0; acc < 2; acc++)
			for (int s = 1; s <= 13; s++)
				for (int e = 1; e <= 19; e++)
					check_cell(s, e, role, acc);
}

static void
effects_follow_the_action_texts(void **state)
{
	struct dcb_ul ul;
	struct dcb_ul_step st;
	struct dcb_ul_input in = {.event = DCB_EVT6, .rq_acceptable = false};

	/* AE-6 rejecting: stop ARTIM, send RJ, start ARTIM. */
	dcb_ul_init(&ul, false);
	ul.state = DCB_STA2;
	assert_int_equal(dcb_ul_input(&ul, &in, &st), 0);
	assert_int_equal(st.effects, DCB_UL_STOP_ARTIM | DCB_UL_SEND_ASSOCIATE_RJ |
	                                     DCB_UL_START_ARTIM);
	assert_true(ul.artim_running);
	/* AE-6 accepting: indication. */
	ul.state = DCB_STA2;
	in.rq_acceptable = true;
	dcb_ul_input(&ul, &in, &st);
	assert_int_equal(st.effects, DCB_UL_STOP_ARTIM | DCB_UL_IND_ASSOCIATE);
	assert_false(ul.artim_running);
	/* AA-3 distinguishes user from provider aborts. */
	ul.state = DCB_STA6;
	in = (struct dcb_ul_input){.event = DCB_EVT16, .abort_source = DCB_ABORT_SOURCE_USER};
	dcb_ul_input(&ul, &in, &st);
	assert_true(st.effects & DCB_UL_IND_ABORT);
	assert_false(st.effects & DCB_UL_IND_P_ABORT);
	assert_true(st.effects & DCB_UL_CLOSE);
	ul.state = DCB_STA6;
	in.abort_source = DCB_ABORT_SOURCE_PROVIDER;
	dcb_ul_input(&ul, &in, &st);
	assert_true(st.effects & DCB_UL_IND_P_ABORT);
	/* AA-1: service-user source. */
	ul.state = DCB_STA6;
	dcb_ul_event(&ul, DCB_EVT15, &st);
	assert_int_equal(st.abort_source, DCB_ABORT_SOURCE_USER);
	assert_true(st.effects & DCB_UL_START_ARTIM);
	/* AA-7 on an unrecognized PDU in Sta13: provider, reason 1. */
	ul.state = DCB_STA13;
	dcb_ul_event(&ul, DCB_EVT19, &st);
	assert_int_equal(st.action, DCB_AA_7);
	assert_int_equal(st.abort_source, DCB_ABORT_SOURCE_PROVIDER);
	assert_int_equal(st.abort_reason, DCB_ABORT_UNRECOGNIZED_PDU);
	/* AE-4 closes, AR-3 closes. */
	assert_true(dcb_ul_action_effects(DCB_AE_4) & DCB_UL_CLOSE);
	assert_true(dcb_ul_action_effects(DCB_AR_3) & DCB_UL_CLOSE);
	assert_true(dcb_ul_action_effects(DCB_AE_5) & DCB_UL_START_ARTIM);
}

static void
a_whole_association_both_sides(void **state)
{
	struct dcb_ul scu, scp;
	struct dcb_ul_step st;

	dcb_ul_init(&scu, true);
	dcb_ul_init(&scp, false);
	assert_int_equal(dcb_ul_event(&scu, DCB_EVT1, &st), 0);
	assert_true(st.effects & DCB_UL_CONNECT);
	assert_int_equal(dcb_ul_event(&scp, DCB_EVT5, &st), 0);
	assert_int_equal(dcb_ul_event(&scu, DCB_EVT2, &st), 0);
	assert_true(st.effects & DCB_UL_SEND_ASSOCIATE_RQ);
	assert_int_equal(dcb_ul_event(&scp, dcb_ul_event_for_pdu(DCB_PDU_ASSOCIATE_RQ), &st), 0);
	assert_int_equal(scp.state, DCB_STA3);
	assert_int_equal(dcb_ul_event(&scp, DCB_EVT7, &st), 0);
	assert_true(st.effects & DCB_UL_SEND_ASSOCIATE_AC);
	assert_int_equal(dcb_ul_event(&scu, dcb_ul_event_for_pdu(DCB_PDU_ASSOCIATE_AC), &st), 0);
	assert_int_equal(scu.state, DCB_STA6);
	assert_int_equal(dcb_ul_event(&scu, DCB_EVT9, &st), 0);
	assert_int_equal(dcb_ul_event(&scp, dcb_ul_event_for_pdu(DCB_PDU_P_DATA_TF), &st), 0);
	assert_true(st.effects & DCB_UL_IND_P_DATA);
	/* Release collision: both send A-RELEASE-RQ. */
	dcb_ul_event(&scu, DCB_EVT11, &st);
	dcb_ul_event(&scp, DCB_EVT11, &st);
	dcb_ul_event(&scu, DCB_EVT12, &st);
	assert_int_equal(scu.state, DCB_STA9);
	dcb_ul_event(&scp, DCB_EVT12, &st);
	assert_int_equal(scp.state, DCB_STA10);
	dcb_ul_event(&scu, DCB_EVT14, &st);
	assert_int_equal(scu.state, DCB_STA11);
	assert_true(st.effects & DCB_UL_SEND_RELEASE_RP);
	dcb_ul_event(&scp, DCB_EVT13, &st);
	assert_int_equal(scp.state, DCB_STA12);
	dcb_ul_event(&scp, DCB_EVT14, &st);
	assert_int_equal(scp.state, DCB_STA13);
	dcb_ul_event(&scu, DCB_EVT13, &st);
	assert_int_equal(scu.state, DCB_STA1);
	assert_true(st.effects & DCB_UL_CLOSE);
	dcb_ul_event(&scp, DCB_EVT17, &st);
	assert_int_equal(scp.state, DCB_STA1);
}

static void
names_and_bad_input(void **state)
{
	struct dcb_ul ul;
	struct dcb_ul_step st;

	assert_string_equal(dcb_ul_state_name(13), "Sta13");
	assert_string_equal(dcb_ul_event_name(19), "Evt19");
	assert_string_equal(dcb_ul_action_name(DCB_AR_10), "AR-10");
	assert_string_equal(dcb_ul_state_name(0), "Sta?");
	assert_string_equal(dcb_ul_event_describe(18),
	                    "ARTIM timer expired (Association reject/release timer)");
	assert_non_null(strstr(dcb_ul_action_describe(DCB_AA_8), "A-P-ABORT"));
	assert_int_equal(dcb_ul_event_for_pdu(0x08), DCB_EVT19);
	assert_int_equal(dcb_ul_event_for_pdu(DCB_PDU_RELEASE_RP), DCB_EVT13);
	dcb_ul_init(&ul, false);
	assert_int_equal(dcb_ul_event(&ul, 0, &st), DCB_ERR_USAGE);
	assert_int_equal(dcb_ul_event(&ul, 20, &st), DCB_ERR_USAGE);
	assert_int_equal(ul.state, DCB_STA1);
	assert_int_equal(dcb_ul_lookup(14, 1).action, 0);
	{
		char line[160];

		dcb_ul_init(&ul, false);
		ul.state = DCB_STA6;
		dcb_ul_event(&ul, DCB_EVT10, &st);
		dcb_ul_step_describe(&st, line, sizeof line);
		assert_string_equal(line, "Sta6 + Evt10 (P-DATA-TF PDU) → DT-2 → Sta6");
		ul.state = DCB_STA1;
		dcb_ul_event(&ul, DCB_EVT10, &st);
		dcb_ul_step_describe(&st, line, sizeof line);
		assert_string_equal(line, "Sta1 + Evt10 (P-DATA-TF PDU) unexpected → AA-8 → Sta13");
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_cell_matches_the_standard),
		cmocka_unit_test(every_cell_transitions),
		cmocka_unit_test(effects_follow_the_action_texts),
		cmocka_unit_test(a_whole_association_both_sides),
		cmocka_unit_test(names_and_bad_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
