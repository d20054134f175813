/* hostile-wire.h — the hostile peer's wire: one connection (TCP or TLS)
 * to the SCP under test or from the SCU under test, the bytes of PDUs and
 * DIMSE command sets built by hand, and the checks of what comes back.
 *
 * A check program, not part of dicombench: the state below is global
 * because the peer speaks on one connection at a time.  A failed check
 * calls bad() (exit 1), a local error die() (exit 2); ok() reports a
 * passed check on stdout. */
#ifndef HOSTILE_WIRE_H
#define HOSTILE_WIRE_H

#include <gnutls/gnutls.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define CT_IMAGE "1.2.840.10008.5.1.4.1.1.2"
#define VERIFICATION "1.2.840.10008.1.1"
#define IMPLICIT_LE "1.2.840.10008.1.2"
#define APP_CONTEXT "1.2.840.10008.3.1.1.1"
#define IMPL_UID "1.2.826.0.1.3680043.9.7433.99"
#define GOOD_CLASS CT_IMAGE
#define GOOD_INSTANCE "1.2.826.0.1.3680043.9.7433.99.1"

/* ---- state -------------------------------------------------------------- */

extern const char *case_name; /* in every message */
extern uint32_t our_max_len;  /* the max length sub-item we send (16384) */
extern const char *called_ae; /* the called AE title of build_rq (ANY-SCP) */
extern int sock;              /* the connection, -1 if none */
extern bool use_tls;          /* speak TLS on sock (tls_start) */
extern gnutls_session_t tls_session;
extern const char *peer_host, *peer_port;       /* the SCP under test */
extern const char *tls_key, *tls_cert, *tls_ca; /* --tls, or NULL */

/* ---- verdicts and time -------------------------------------------------- */

/* The SCP did not answer as it should: prints why, exits 1. */
void __attribute__((noreturn, format(printf, 1, 2))) bad(const char *fmt, ...);
/* A local error (cannot connect, out of memory): prints why, exits 2. */
void __attribute__((noreturn, format(printf, 1, 2))) die(const char *fmt, ...);
/* Prints "ok: CASE: what". */
void ok(const char *what);
void msleep(long ms);
int64_t now_ms(void); /* monotonic */

/* ---- bytes -------------------------------------------------------------- */

/* A growing byte buffer; start with {0}, free d.  Out of memory: die(). */
struct buf {
	uint8_t *d;
	size_t n, cap;
};

void put(struct buf *b, const void *p, size_t n);
void put8(struct buf *b, unsigned v);
void put16be(struct buf *b, unsigned v);
void put16le(struct buf *b, unsigned v);
void put32le(struct buf *b, uint32_t v);
uint32_t get32be(const uint8_t *p);
/* An item: type, reserved, 16-bit length, then the n bytes at p. */
void item(struct buf *b, unsigned type, const void *p, size_t n);
void item_str(struct buf *b, unsigned type, const char *s);

/* ---- the connection ----------------------------------------------------- */

/* Connects sock to host port (TCP_NODELAY); die() when it cannot. */
void conn_open(const char *host, const char *port);
/* Ends the TLS session (if any) and closes sock. */
void conn_close(void);
/* The TLS client handshake on sock with tls_key, tls_cert, tls_ca. */
void tls_start(void);
/* Sends everything; false when the peer has gone. */
bool send_all(const void *p, size_t n);
/* Sends b; bad() when the peer has gone. */
void send_buf(const struct buf *b);
/* Reads up to n bytes within ms: the count, 0 on close, -1 on timeout. */
ssize_t recv_some(void *p, size_t n, int ms);

/* One PDU read: its type (or -1 on close, -2 on timeout), length and
 * body (malloc'ed, free it). */
struct pdu {
	int type;
	uint32_t len;
	uint8_t *body;
};
/* Reads one PDU within ms; bad() when it is over 16 MiB or cut short. */
struct pdu read_pdu(int ms);
/* "A-ASSOCIATE-AC", "the connection closed", ... for a pdu.type. */
const char *pdu_name(int type);
/* The peer must close within 30 s (after an A-ABORT or A-ASSOCIATE-RJ:
 * at once or when ARTIM expires in Sta13, PS3.8 AA-1). */
void expect_closed(void);
/* p, the answer to an A-ASSOCIATE-RQ, must be an A-ABORT or an
 * A-ASSOCIATE-RJ, and the close must follow; frees p's body. */
void expect_refused(struct pdu *p, const char *what);

/* ---- PDUs --------------------------------------------------------------- */

/* A presentation context to propose: its ID and abstract syntax (with
 * implicit VR little endian as the only transfer syntax). */
struct ctxspec {
	uint8_t id;
	const char *as;
};
extern const struct ctxspec std_ctx[2]; /* 1: CT Image Storage, 3: Verification */

/* A PDU header of type with its length left 0; pdu_end sets it. */
void pdu_header(struct buf *b, unsigned type);
void pdu_end(struct buf *b);
/* An AE title field: s padded with spaces to 16 bytes. */
void ae(struct buf *b, const char *s);
/* The usual user information sub-items: max length, implementation UID. */
void user_info_std(struct buf *u, uint32_t max_len);
/* An A-ASSOCIATE-RQ to called_ae from calling with n contexts and the
 * user information item holding ui. */
void build_rq_ui(struct buf *b, const char *calling, const struct ctxspec *c, int n,
                 const struct buf *ui);
/* The same with the usual user information (max length our_max_len). */
void build_rq(struct buf *b, const char *calling, const struct ctxspec *c, int n);
/* Sends an RQ with std_ctx from calling and asserts an A-ASSOCIATE-AC. */
void associate_as(const char *calling);
void associate(void); /* as "HOSTILE" */
/* A PDV in b: length, context ID, message control header, the n bytes. */
void pdv(struct buf *b, uint8_t pcid, uint8_t mch, const void *p, size_t n);
/* Sends a P-DATA-TF holding one such PDV. */
void pdata(uint8_t pcid, uint8_t mch, const void *p, size_t n);
/* Sends an A-RELEASE-RQ and asserts the A-RELEASE-RP. */
void release(void);

/* ---- DIMSE -------------------------------------------------------------- */

/* Elements in implicit VR little endian. */
void el(struct buf *b, unsigned group, unsigned elem, const void *v, uint32_t n);
void el_uid(struct buf *b, unsigned group, unsigned elem, const char *s);
void el_us(struct buf *b, unsigned group, unsigned elem, unsigned v);
/* Appends (0000,0000) with body's length, then body. */
void with_group_length(struct buf *out, const struct buf *body);

/* A C-STORE-RQ command set, faults included; NULL/0 fields take the good
 * values (GOOD_CLASS, GOOD_INSTANCE, strlen). */
struct store_cmd {
	const char *cls, *inst;
	size_t inst_len; /* 0: strlen */
	unsigned data_set_type;
	bool omit_class, omit_instance, omit_command, bad_vr;
};
void build_store_cmd(struct buf *out, const struct store_cmd *s);
/* A small data set: SOP class and instance, patient name and ID. */
void build_dataset(struct buf *d, const char *cls, const char *inst);
/* Sends s and a data set with instance ds_inst (NULL: GOOD_INSTANCE) on
 * context 1. */
void send_store(const struct store_cmd *s, const char *ds_inst);

/* Reads PDUs until a whole command arrives: its Status, or -1 with
 * *got_type naming what came instead. */
int read_status(int *got_type);
/* A C-STORE-RSP with a success status (want_ok) or a failure status. */
void expect_status(bool want_ok, const char *what);
/* A PDU of type want (P-DATA-TFs before it skipped, unless want is one);
 * after an A-ABORT or A-ASSOCIATE-RJ also the close. */
void expect_pdu(int want, const char *what);
/* An A-ABORT (and the close) or a C-STORE-RSP with a failure status:
 * either is what PS3.7 allows for a message the SCP cannot understand. */
void expect_abort_or_failure(const char *what);

#endif
