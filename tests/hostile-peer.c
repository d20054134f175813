/* hostile-peer.c — a DICOM peer that misbehaves on purpose (check program,
 * not installed).
 *
 *   hostile-peer [--tls KEY CERT CA] HOST PORT CASE     talk to an SCP
 *   hostile-peer --scp PORTFILE CASE                    be an SCP for an SCU
 *   hostile-peer --list                                 the case names
 *
 * As a requestor it speaks raw bytes to a running storescp and asserts what
 * comes back (an A-ABORT, an A-ASSOCIATE-RJ, a C-STORE-RSP with a failure
 * status, ...); exit status 0 when the SCP answered as PS3.7/PS3.8 say,
 * 1 with a line on stderr when not, 2 on a usage or local error.
 *
 * As an acceptor it listens on 127.0.0.1 (a free port, written to
 * PORTFILE), misbehaves on the first association as CASE says, and serves
 * every later association properly (each C-STORE answered with success and
 * "stored <SOP Instance UID>" printed on stdout), until killed.
 *
 * Only 127.0.0.1/::1 are spoken to; the peer never writes files besides
 * PORTFILE. */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "hostile-cases.h"
#include "hostile-wire.h"

struct tcase {
	const char *name;
	void (*fn)(void);
};

static const struct tcase cases[] = {
    {"uid-dotdot", c_uid_dotdot},
    {"store-instance-mismatch", c_store_instance_mismatch},
    {"n-action-unsupported", c_n_action_unsupported},
    {"find-unsupported", c_find_unsupported},
    {"command-unknown", c_command_unknown},
    {"uid-dotdot-x", c_uid_dotdot_x},
    {"uid-dotdot-deep", c_uid_dotdot_deep},
    {"uid-abs", c_uid_abs},
    {"uid-backslash", c_uid_backslash},
    {"uid-nul", c_uid_nul},
    {"uid-trailing-dot", c_uid_trailing_dot},
    {"uid-long", c_uid_long},
    {"class-dotdot", c_class_dotdot},
    {"ae-dotdot", c_ae_dotdot},
    {"pdu-huge-rq", c_pdu_huge_rq},
    {"pdu-huge-pdata", c_pdu_huge_pdata},
    {"pdu-over-max", c_pdu_over_max},
    {"maxlen-overrun", c_maxlen_overrun},
    {"maxlen-underrun", c_maxlen_underrun},
    {"role-overrun", c_role_overrun},
    {"role-underrun", c_role_underrun},
    {"identity-overrun", c_identity_overrun},
    {"identity-primary-overrun", c_identity_primary_overrun},
    {"userinfo-overrun", c_ui_overrun_pdu},
    {"ctx-zero-length", c_ctx_zero_length},
    {"pdv-zero-length", c_pdv_zero_length},
    {"pdata-empty", c_empty_pdata},
    {"ctx-duplicate", c_dup_ctx},
    {"ctx-even", c_even_ctx},
    {"pdata-first", c_pdata_first},
    {"release-first", c_release_first},
    {"pdv-unaccepted", c_pdv_unaccepted},
    {"cmd-not-last", c_cmd_not_last},
    {"data-after-last", c_data_last_then_more},
    {"cmd-twice", c_cmd_flag_twice},
    {"cmd-without-data", c_cmd_without_data},
    {"data-without-cmd", c_data_without_cmd},
    {"cmd-no-instance", c_cmd_no_instance},
    {"cmd-no-class", c_cmd_no_class},
    {"cmd-no-field", c_cmd_no_field},
    {"cmd-bad-vr", c_cmd_bad_vr},
    {"cmd-past-end", c_cmd_past_end},
    {"cmd-group-length", c_cmd_garbage_group_length},
    {"nested-sq", c_nested_sq},
    {"release-collision", c_release_collision},
    {"release-mid-object", c_release_mid_object},
    {"stall-mid-pdu", c_stall_mid_pdu},
    {"stall-mid-pdata", c_stall_mid_pdata},
    {"slow-drip", c_slow_drip},
    {"slowloris", c_slowloris},
    {"flood", c_flood},
    {"max-length-7", c_max_7},
    {"max-length-6", c_max_6},
    {"max-length-1", c_max_1},
    {"ctx-200", c_ctx_200},
    {"rq-oversized-lists", c_rq_oversized_lists},
    {"data-other-ctx", c_data_other_ctx},
    {"find-with-data", c_find_with_data},
    {"silent", c_silent},
    {"tls-on-plain", c_tls_on_plain},
    {"plain-on-tls", c_plain_on_tls},
    {"qr-find-garbage", c_qr_find_garbage},
    {"qr-find-cancel", c_qr_find_cancel},
};

int
main(int argc, char **argv)
{
	signal(SIGPIPE, SIG_IGN);
	if (argc == 2 && strcmp(argv[1], "--list") == 0) {
		for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
			puts(cases[i].name);
		for (size_t i = 1; i < n_scp_modes; i++)
			puts(scp_modes[i]);
		return 0;
	}
	if (argc == 4 && strcmp(argv[1], "--scp") == 0) {
		case_name = argv[3];
		return scp_main(argv[2], argv[3]);
	}
	if (argc == 8 && strcmp(argv[1], "--tls") == 0) {
		tls_key = argv[2];
		tls_cert = argv[3];
		tls_ca = argv[4];
		argv += 4;
		argc -= 4;
	}
	if (argc != 4) {
		fprintf(stderr, "usage: hostile-peer [--tls KEY CERT CA] HOST PORT CASE\n"
		                "       hostile-peer --scp PORTFILE CASE\n"
		                "       hostile-peer --list\n");
		return 2;
	}
	case_name = argv[3];
	peer_host = argv[1];
	peer_port = argv[2];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (strcmp(cases[i].name, case_name) != 0)
			continue;
		if (cases[i].fn != c_flood) {
			conn_open(peer_host, peer_port);
			if (tls_key != NULL && cases[i].fn != c_plain_on_tls &&
			    cases[i].fn != c_silent && cases[i].fn != c_tls_on_plain) {
				use_tls = true;
				tls_start();
			}
		}
		cases[i].fn();
		conn_close();
		return 0;
	}
	die("unknown case (try --list)");
}
