/* mpps-wire.c — a small MPPS and worklist SCU over any transport, written
 * from the PDU and DIMSE codecs for the tests (dcmtk has no MPPS SCU). */
#include "config.h"

#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <cmocka.h>

#include "../src/dimse.h"
#include "../src/dset.h"
#include "../src/mpps.h"
#include "../src/pdu.h"
#include "../src/transport.h"
#include "mpps-wire.h"
#include "wl-build.h"

#define ILE "1.2.840.10008.1.2"

static void
send_all(struct mw_scu *u, const void *p, size_t n)
{
	size_t done = 0;

	while (done < n) {
		struct iovec v = {(uint8_t *)p + done, n - done};
		ssize_t w = dcb_transport_writev(u->t, &v, 1, NULL);
		if (w == DCB_ERR_WANT_WRITE || w == DCB_ERR_WANT_READ) {
			struct pollfd pf = {u->t->ops->fd(u->t), POLLOUT, 0};
			poll(&pf, 1, 1000);
			continue;
		}
		assert_true(w > 0);
		done += (size_t)w;
	}
}

static void
recv_all(struct mw_scu *u, uint8_t *p, size_t n)
{
	size_t done = 0;

	while (done < n) {
		ssize_t r = dcb_transport_read(u->t, p + done, n - done, NULL);
		if (r == DCB_ERR_WANT_READ || r == DCB_ERR_WANT_WRITE) {
			struct pollfd pf = {u->t->ops->fd(u->t), POLLIN, 0};
			assert_true(poll(&pf, 1, 5000) > 0);
			continue;
		}
		assert_true(r > 0);
		done += (size_t)r;
	}
}

/* One PDU: its type; the body (after the 6-byte header) in *body. */
static uint8_t
recv_pdu(struct mw_scu *u, uint8_t **body, uint32_t *len)
{
	uint8_t h[6];

	recv_all(u, h, 6);
	*len = (uint32_t)h[2] << 24 | (uint32_t)h[3] << 16 | (uint32_t)h[4] << 8 | h[5];
	*body = malloc(*len ? *len : 1);
	assert_non_null(*body);
	recv_all(u, *body, *len);
	return h[0];
}

void
mw_associate(struct mw_scu *u, struct dcb_transport *t, const char *called,
             const char *abstract)
{
	struct dcb_pdu *rq = calloc(1, sizeof *rq);
	uint8_t buf[4096], *body;
	uint32_t len;
	ssize_t n;

	u->t = t;
	u->next_id = 1;
	dcb_pdu_init(rq, DCB_PDU_ASSOCIATE_RQ);
	snprintf(rq->u.assoc.called_ae, sizeof rq->u.assoc.called_ae, "%s", called);
	snprintf(rq->u.assoc.calling_ae, sizeof rq->u.assoc.calling_ae, "MODALITY");
	rq->u.assoc.n_pctx = 1;
	rq->u.assoc.pctx[0].id = 1;
	rq->u.assoc.pctx[0].n_ts = 1;
	snprintf(rq->u.assoc.pctx[0].abstract_syntax, DCB_UID_SIZE, "%s", abstract);
	snprintf(rq->u.assoc.pctx[0].ts[0], DCB_UID_SIZE, "%s", ILE);
	rq->u.assoc.user.has_max_length = true;
	rq->u.assoc.user.max_length = 16384;
	snprintf(rq->u.assoc.user.impl_class_uid, DCB_UID_SIZE, "1.2.3.4.5");
	n = dcb_pdu_encode(rq, buf, sizeof buf, NULL);
	assert_true(n > 0);
	send_all(u, buf, (size_t)n);
	assert_int_equal(recv_pdu(u, &body, &len), DCB_PDU_ASSOCIATE_AC);
	free(body);
	free(rq);
}

void
mw_release(struct mw_scu *u)
{
	static const uint8_t rq[10] = {5, 0, 0, 0, 0, 4, 0, 0, 0, 0};
	uint8_t *body;
	uint32_t len;

	send_all(u, rq, sizeof rq);
	assert_int_equal(recv_pdu(u, &body, &len), DCB_PDU_RELEASE_RP);
	free(body);
	dcb_transport_free(u->t);
}

/* Sends one PDV (flags: bit 0 command, bit 1 last). */
static void
send_pdv(struct mw_scu *u, const uint8_t *p, size_t n, uint8_t flags)
{
	uint8_t h[12];

	dcb_pdu_pdata_header(h, (uint32_t)(n + 6));
	dcb_pdu_pdv_header(h + 6, (uint32_t)n, 1, flags);
	send_all(u, h, 12);
	send_all(u, p, n);
}

/* Sends c (and ds, may be NULL) and reads the response command into *rsp;
 * the response's data set, if any, into *rsp_ds (may be NULL). */
void
mw_exchange(struct mw_scu *u, struct dcb_dimse_cmd *c, const struct dcb_dset *ds,
         struct dcb_dimse_cmd *rsp)
{
	uint8_t cmd[1024], *data = NULL, *body;
	size_t dn = 0;
	ssize_t cn;
	uint32_t len;
	bool done = false;
	uint8_t cbuf[2048];
	size_t cl = 0;

	c->data_set_type = ds != NULL ? DCB_DATASET_PRESENT : DCB_DATASET_ABSENT;
	cn = dcb_dimse_encode(c, cmd, sizeof cmd, NULL);
	assert_true(cn > 0);
	send_pdv(u, cmd, (size_t)cn, 3);
	if (ds != NULL) {
		assert_int_equal(dcb_dset_encode_alloc(ds, DCB_DSET_IMPLICIT_LE, &data, &dn, NULL),
		                 0);
		send_pdv(u, data, dn, 2);
		free(data);
	}
	/* the response command (its data set, if any, is skipped) */
	while (!done) {
		assert_int_equal(recv_pdu(u, &body, &len), DCB_PDU_P_DATA_TF);
		for (uint32_t off = 0; off + 6 <= len;) {
			uint32_t il = (uint32_t)body[off] << 24 | (uint32_t)body[off + 1] << 16 |
			              (uint32_t)body[off + 2] << 8 | body[off + 3];
			uint8_t mch = body[off + 5];
			if (mch & 1) {
				assert_true(cl + il - 2 <= sizeof cbuf);
				memcpy(cbuf + cl, body + off + 6, il - 2);
				cl += il - 2;
				if (mch & 2) {
					assert_int_equal(dcb_dimse_decode(cbuf, cl, rsp, NULL), 0);
					cl = 0;
					/* pending C-FIND answers come first: wait for the final one */
					done = rsp->status != 0xFF00 && rsp->status != 0xFF01;
				}
			}
			off += 4 + il;
		}
		free(body);
	}
}

uint16_t
mw_n_create(struct mw_scu *u, const char *uid, const char *status, struct dcb_dimse_cmd *rsp)
{
	struct dcb_dimse_cmd c;
	struct dcb_dset *ds = wl_mpps_create(status);

	dcb_dimse_create_rq(&c, u->next_id++, DCB_UID_MPPS, uid, true);
	mw_exchange(u, &c, ds, rsp);
	dcb_dset_free(ds);
	assert_int_equal(rsp->command, DCB_N_CREATE_RSP);
	return rsp->status;
}

uint16_t
mw_n_set(struct mw_scu *u, const char *uid, bool series, struct dcb_dimse_cmd *rsp)
{
	struct dcb_dimse_cmd c;
	struct dcb_dset *ds = wl_mpps_set("COMPLETED", series);

	dcb_dimse_n_set_rq(&c, u->next_id++, DCB_UID_MPPS, uid);
	mw_exchange(u, &c, ds, rsp);
	dcb_dset_free(ds);
	assert_int_equal(rsp->command, DCB_N_SET_RSP);
	return rsp->status;
}

