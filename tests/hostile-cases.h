/* hostile-cases.h — the hostile peer's cases.  Each requestor case runs
 * on the connection main() opened (tls-on-plain, plain-on-tls, silent and
 * flood open their own), misbehaves, and asserts the SCP's answer with
 * the checks of hostile-wire.h; it returns when the SCP answered as
 * PS3.7/PS3.8 say. */
#ifndef HOSTILE_CASES_H
#define HOSTILE_CASES_H

#include <stddef.h>

/* hostile-cases-pdu.c: association and PDU structure */
void c_pdu_huge_rq(void);
void c_pdu_huge_pdata(void);
void c_pdu_over_max(void);
void c_maxlen_overrun(void);
void c_maxlen_underrun(void);
void c_role_overrun(void);
void c_role_underrun(void);
void c_identity_overrun(void);
void c_identity_primary_overrun(void);
void c_ui_overrun_pdu(void);
void c_ctx_zero_length(void);
void c_pdv_zero_length(void);
void c_empty_pdata(void);
void c_dup_ctx(void);
void c_even_ctx(void);
void c_pdata_first(void);
void c_release_first(void);
void c_pdv_unaccepted(void);
void c_max_7(void);
void c_max_6(void);
void c_max_1(void);
void c_ctx_200(void);
void c_rq_oversized_lists(void);

/* hostile-cases-dimse.c: DIMSE messages, UIDs and names */
void c_uid_long(void);
void c_uid_dotdot(void);
void c_uid_dotdot_x(void);
void c_uid_dotdot_deep(void);
void c_uid_abs(void);
void c_uid_backslash(void);
void c_uid_nul(void);
void c_uid_trailing_dot(void);
void c_store_instance_mismatch(void);
void c_n_action_unsupported(void);
void c_find_unsupported(void);
void c_command_unknown(void);
void c_class_dotdot(void);
void c_ae_dotdot(void);
void c_cmd_not_last(void);
void c_data_last_then_more(void);
void c_cmd_flag_twice(void);
void c_cmd_without_data(void);
void c_data_without_cmd(void);
void c_cmd_no_instance(void);
void c_cmd_no_class(void);
void c_cmd_no_field(void);
void c_cmd_bad_vr(void);
void c_cmd_past_end(void);
void c_cmd_garbage_group_length(void);
void c_nested_sq(void);
void c_data_other_ctx(void);
void c_find_with_data(void);

/* hostile-cases-timing.c: timing and connections */
void c_release_collision(void);
void c_release_mid_object(void);
void c_stall_mid_pdu(void);
void c_stall_mid_pdata(void);
void c_slow_drip(void);
void c_slowloris(void);
void c_tls_on_plain(void);
void c_plain_on_tls(void);
void c_silent(void);
void c_flood(void);

/* hostile-cases-qr.c: a Query/Retrieve SCP (called AE title QR) */
void c_qr_find_garbage(void);
void c_qr_find_cancel(void);

/* hostile-scp.c: the acceptor.  scp_modes[1..n_scp_modes-1] are the
 * hostile SCP cases ("scp-ac-unproposed", ...); scp_modes[0] is
 * "scp-good". */
extern const char *const scp_modes[];
extern const size_t n_scp_modes;
/* Listens on a free port of 127.0.0.1, writes it to portfile, and serves
 * associations until killed: the first as mode_name says (die() when
 * there is no such case), later ones properly (but "scp-abort-after-ac"
 * stays hostile). */
int scp_main(const char *portfile, const char *mode_name);

#endif
