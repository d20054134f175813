/* qr-scp.c — the Query/Retrieve SCP (qr-scp.h): C-FIND answered from the
 * archive index through the matcher, C-MOVE as a storage job of the
 * engine's to the destination the AE table names, C-GET as C-STOREs on the
 * association that asked. */
#include "config.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "archive.h"
#include "dcb-limits.h"
#include "dict.h"
#include "dset.h"
#include "engine-int.h"
#include "find-scp.h"
#include "findings.h"
#include "i18n.h"
#include "match.h"
#include "part10.h"
#include "qr-scp.h"
#include "service.h"
#include "store-send.h"

#define TAG_SPECIFIC_CHARSET DCB_TAG(0x0008, 0x0005)
#define TAG_QR_LEVEL DCB_TAG(0x0008, 0x0052)
#define TAG_RETRIEVE_AE DCB_TAG(0x0008, 0x0054)
#define TAG_FAILED_UIDS DCB_TAG(0x0008, 0x0058)
#define TAG_PATIENT_ID DCB_TAG(0x0010, 0x0020)
#define TAG_STUDY_UID DCB_TAG(0x0020, 0x000D)
#define TAG_SERIES_UID DCB_TAG(0x0020, 0x000E)
#define TAG_SOP_UID DCB_TAG(0x0008, 0x0018)

enum qr_kind { QR_FIND, QR_MOVE, QR_GET };

static const struct model {
	const char *uid;
	enum qr_kind kind;
	bool patient_root;
} models[] = {
    {DCB_UID_PATIENT_ROOT_FIND, QR_FIND, true}, {DCB_UID_PATIENT_ROOT_MOVE, QR_MOVE, true},
    {DCB_UID_PATIENT_ROOT_GET, QR_GET, true},   {DCB_UID_STUDY_ROOT_FIND, QR_FIND, false},
    {DCB_UID_STUDY_ROOT_MOVE, QR_MOVE, false},  {DCB_UID_STUDY_ROOT_GET, QR_GET, false},
};

static const struct model *
model_of(const char *uid)
{
	for (size_t i = 0; i < sizeof models / sizeof *models; i++)
		if (strcmp(models[i].uid, uid) == 0)
			return &models[i];
	return NULL;
}

/* One object to retrieve, and how its sub-operation went. */
enum sub_state { SUB_PENDING, SUB_OK, SUB_WARNING, SUB_FAILED };

struct qr_object {
	char *path;
	char sop_class[DCB_UID_SIZE];
	char sop_inst[DCB_UID_SIZE];
	char ts[DCB_UID_SIZE];
	enum sub_state state;
};

struct qr;

/* A C-MOVE or C-GET under way. */
struct retrieve {
	struct qr *q; /* its association's state; NULL once that is gone (C-MOVE) */
	struct assoc *a;
	enum qr_kind kind;
	struct dcb_dimse_cmd rq;
	struct svc_msg msg; /* msg.cmd points at rq */
	struct qr_object *objs;
	size_t n, cap;
	size_t done; /* sub-operations finished */
	unsigned completed, failed, warning;
	bool cancelled;
	/* C-GET: the C-STORE on this association */
	size_t cur;
	bool sending, waiting;
	uint16_t msg_id;
	struct store_send ss;
};

/* The association's state. */
struct qr {
	const struct model *model;
	struct svc_buf id; /* the identifier being received */
	struct find_op *find;
	struct retrieve *ret;
};

static const struct dcb_qr_site_area *
area_of(const struct assoc *a)
{
	return dcb_qr_site_area(a->e->cfg.qr, a->called_ae);
}

/* --- the service's points -------------------------------------------------- */

static bool
serves(const struct dcb_engine *e, const char *abstract_syntax)
{
	const struct dcb_qr_site *site = e->cfg.qr;
	const struct model *m = model_of(abstract_syntax);

	return site != NULL && m != NULL && !(m->kind == QR_GET && site->no_get) &&
	       !(m->patient_root ? site->no_patient_root : site->no_study_root);
}

static bool
takes(uint16_t command)
{
	return command == DCB_C_FIND_RQ || command == DCB_C_MOVE_RQ || command == DCB_C_GET_RQ;
}

static void
objects_free(struct retrieve *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->objs[i].path);
	free(r->objs);
}

static void
retrieve_free(struct retrieve *r)
{
	if (r == NULL)
		return;
	store_send_stop(&r->ss);
	objects_free(r);
	free(r);
}

static void
on_command(struct assoc *a, void **state, const struct svc_msg *m)
{
	struct qr *q = svc_state(state, sizeof *q);

	if (q == NULL) {
		svc_respond(a, m->pcid, m->cmd, 0xA700, _("out of memory"));
		return;
	}
	q->model = model_of(m->ctx->abstract_syntax);
	svc_buf_reset(&q->id);
	if (!m->has_data)
		svc_respond(a, m->pcid, m->cmd, 0xA900,
		            _("the request has no identifier (PS3.4 C.4: one must follow)"));
}

static void
on_data(struct assoc *a, void **state, const uint8_t *p, size_t n)
{
	struct qr *q = *state;

	(void)a;
	if (q != NULL)
		svc_buf_add(&q->id, p, n);
}

/* A finding about the request, and its failure response. */
static void
refuse(struct assoc *a, const struct svc_msg *m, enum dcb_code code, uint16_t status,
       const char *why)
{
	char where[64];

	snprintf(where, sizeof where, "%s, message ID %u", dcb_dimse_command_name(m->cmd->command),
	         m->cmd->message_id);
	dcb_finding_emit(assoc_finding, a, code, -1, 0, where, "%s", why);
	eng_log(a->e, a->id, DCB_LOG_WARN, N_("%s from %s refused (0x%04X): %s"),
	        dcb_dimse_command_name(m->cmd->command), a->peer, status, why);
	svc_respond(a, m->pcid, m->cmd, status, why);
}

/* --- the identifier ------------------------------------------------------- */

static const char *const level_names[] = {"PATIENT", "STUDY", "SERIES", "IMAGE"};

/* The level the identifier asks for; false (why set) for none or one the
 * model does not have. */
static bool
level_of(const struct dcb_dset *id, const struct model *model, enum dcb_qr_level *level,
         char *why, size_t size)
{
	char v[32];

	if (dcb_dset_get_str(id, TAG_QR_LEVEL, v, sizeof v) < 0) {
		snprintf(why, size, "%s",
		         _("the identifier has no Query/Retrieve Level (0008,0052); add it "
		           "(PATIENT, STUDY, SERIES or IMAGE)"));
		return false;
	}
	for (int i = 0; i < 4; i++)
		if (strcmp(v, level_names[i]) == 0) {
			*level = (enum dcb_qr_level)i;
			if (*level == DCB_QR_PATIENT && !model->patient_root) {
				snprintf(why, size, "%s",
				         _("the Study Root model has no PATIENT level; use the Patient "
				           "Root model or query at STUDY level"));
				return false;
			}
			return true;
		}
	snprintf(why, size,
	         _("Query/Retrieve Level (0008,0052) is '%s'; it must be PATIENT, STUDY, SERIES "
	           "or IMAGE"),
	         v);
	return false;
}

/* A unique key's value when it narrows the search to one value: no
 * wildcard, no list; NULL otherwise. */
static const char *
single(const struct dcb_dset *id, uint32_t tag, char *buf, size_t size)
{
	int n = dcb_dset_get_str(id, tag, buf, size);

	if (n <= 0 || strpbrk(buf, "*?\\") != NULL)
		return NULL;
	return buf;
}

/* The keys the index computes for a record (PS3.4 C.6.1.1, C.6.2.1):
 * worth their cost only when asked for. */
static const uint32_t computed_keys[] = {
    DCB_TAG(0x0020, 0x1200), DCB_TAG(0x0020, 0x1202), DCB_TAG(0x0020, 0x1204),
    DCB_TAG(0x0020, 0x1206), DCB_TAG(0x0020, 0x1208), DCB_TAG(0x0020, 0x1209),
    DCB_TAG(0x0008, 0x0061), DCB_TAG(0x0008, 0x0062),
};

struct keys {
	char patient[72], study[72], series[72], sop[72];
};

static void
filter_of(const struct dcb_dset *id, enum dcb_qr_level level, bool patient_root,
          struct keys *k, struct dcb_archive_filter *f)
{
	memset(f, 0, sizeof *f);
	f->level = level;
	f->patient_root = patient_root;
	f->patient_id = single(id, TAG_PATIENT_ID, k->patient, sizeof k->patient);
	f->study_uid = single(id, TAG_STUDY_UID, k->study, sizeof k->study);
	f->series_uid = single(id, TAG_SERIES_UID, k->series, sizeof k->series);
	f->sop_uid = single(id, TAG_SOP_UID, k->sop, sizeof k->sop);
	f->no_computed = true;
	for (size_t i = 0; i < sizeof computed_keys / sizeof *computed_keys; i++)
		if (dcb_dset_get(id, computed_keys[i]) != NULL)
			f->no_computed = false;
}

static int
decode_identifier(struct assoc *a, struct qr *q, const struct svc_msg *m,
                  struct dcb_dset **out)
{
	struct dcb_error err = {0};
	enum dcb_dset_syntax syntax;
	char why[300];

	*out = NULL;
	if (q->id.too_big) {
		refuse(a, m, DCB_F_QR_IDENTIFIER, 0xA700,
		       _("the identifier is larger than this SCP takes (1 MiB)"));
		return -1;
	}
	if (dcb_dset_syntax_of(m->ctx->ts, &syntax) < 0) {
		snprintf(why, sizeof why, _("cannot read an identifier in transfer syntax %s"),
		         m->ctx->ts);
		refuse(a, m, DCB_F_QR_IDENTIFIER, 0xA900, why);
		return -1;
	}
	if (dcb_dset_decode(q->id.buf, q->id.len, syntax, out, &err) < 0) {
		snprintf(why, sizeof why, _("the identifier cannot be read: %s"), err.message);
		refuse(a, m, DCB_F_QR_IDENTIFIER, 0xA900, why);
		return -1;
	}
	return 0;
}

/* --- C-FIND ----------------------------------------------------------------- */

struct answers {
	struct dcb_dset **v;
	size_t n, cap, next;
	const struct dcb_dset *query;
	struct dcb_match_opts opts;
	const char *own_ae;
	int error;
};

static void
answers_free(void *p)
{
	struct answers *s = p;

	if (s == NULL)
		return;
	for (size_t i = s->next; i < s->n; i++)
		dcb_dset_free(s->v[i]);
	free(s->v);
	free(s);
}

static int
answers_next(void *user, struct dcb_dset **answer, uint16_t *status)
{
	struct answers *s = user;

	if (s->next == s->n)
		return 0;
	*answer = s->v[s->next++];
	*status = 0xFF00;
	return 1;
}

/* What the index does not hold: Retrieve AE Title (0008,0054), where the
 * objects can be fetched from, answered always (as dcmtk's dcmqrscp and
 * Orthanc do). */
static int
complete_answer(struct dcb_dset *ans, const struct answers *s)
{
	return dcb_dset_put_str(ans, TAG_RETRIEVE_AE, "AE", s->own_ae, NULL);
}

static int
collect_answer(void *user, const struct dcb_dset *rec, const struct dcb_archive_object *obj)
{
	struct answers *s = user;
	struct dcb_dset *ans = NULL;

	(void)obj;
	if (!dcb_match(s->query, rec, &s->opts, NULL))
		return 0;
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 64;
		struct dcb_dset **v = realloc(s->v, cap * sizeof *v);
		if (v == NULL)
			return s->error = DCB_ERR_NOMEM;
		s->v = v;
		s->cap = cap;
	}
	if (dcb_match_answer(s->query, rec, &ans, NULL) < 0 || complete_answer(ans, s) < 0) {
		dcb_dset_free(ans);
		return s->error = DCB_ERR_NOMEM;
	}
	s->v[s->n++] = ans;
	return 0;
}

static void
find(struct assoc *a, struct qr *q, const struct svc_msg *m, struct dcb_dset *id,
     enum dcb_qr_level level, const struct dcb_qr_site_area *area)
{
	struct answers *s = calloc(1, sizeof *s);
	struct dcb_archive_filter f;
	struct dcb_error err = {0};
	struct keys k;

	if (s == NULL) {
		svc_respond(a, m->pcid, m->cmd, 0xA700, _("out of memory"));
		return;
	}
	s->query = id;
	s->opts.pn_ignore_case = a->e->cfg.qr->pn_ignore_case;
	s->own_ae = area->ae;
	filter_of(id, level, q->model->patient_root, &k, &f);
	if (dcb_archive_each(area->archive, &f, collect_answer, s, &err) < 0 || s->error < 0) {
		answers_free(s);
		svc_respond(a, m->pcid, m->cmd, 0xA700,
		            err.message[0] ? err.message : _("out of memory"));
		return;
	}
	eng_log(a->e, a->id, DCB_LOG_INFO,
	        N_("C-FIND at %s level from %s (message ID %u): %zu matches in %s"),
	        level_names[level], a->calling_ae, m->cmd->message_id, s->n, area->dir);
	s->query = NULL; /* freed below; the answers are made */
	q->find = find_op_start(a, m, answers_next, s, answers_free);
}

/* --- what to retrieve ------------------------------------------------------- */

struct collect {
	struct retrieve *r;
	const struct dcb_dset *id;
	struct dcb_match_opts opts;
	int error;
};

static int
collect_object(void *user, const struct dcb_dset *rec, const struct dcb_archive_object *obj)
{
	struct collect *c = user;
	struct retrieve *r = c->r;
	struct qr_object *o;

	if (obj == NULL || !dcb_match(c->id, rec, &c->opts, NULL))
		return 0;
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 64;
		struct qr_object *v = realloc(r->objs, cap * sizeof *v);
		if (v == NULL)
			return c->error = DCB_ERR_NOMEM;
		r->objs = v;
		r->cap = cap;
	}
	o = &r->objs[r->n];
	memset(o, 0, sizeof *o);
	o->path = strdup(obj->path);
	if (o->path == NULL)
		return c->error = DCB_ERR_NOMEM;
	snprintf(o->sop_class, sizeof o->sop_class, "%s", obj->sop_class_uid);
	snprintf(o->sop_inst, sizeof o->sop_inst, "%s", obj->sop_instance_uid);
	snprintf(o->ts, sizeof o->ts, "%s", obj->transfer_syntax_uid);
	r->n++;
	return 0;
}

/* The objects the identifier names (its unique keys, at its level and
 * above), into r. */
static int
collect_objects(struct assoc *a, struct retrieve *r, const struct dcb_dset *id,
                enum dcb_qr_level level, bool patient_root, const struct dcb_qr_site_area *area,
                struct dcb_error *err)
{
	struct collect c = {.r = r, .id = id};
	struct dcb_archive_filter f;
	struct keys k;

	c.opts.pn_ignore_case = a->e->cfg.qr->pn_ignore_case;
	filter_of(id, level, patient_root, &k, &f);
	f.level = DCB_QR_IMAGE;
	if (dcb_archive_each(area->archive, &f, collect_object, &c, err) < 0)
		return DCB_ERR_IO;
	return c.error;
}

/* --- responses of a retrieve ----------------------------------------------- */

static void
count(struct retrieve *r, size_t i, bool ok, uint16_t status)
{
	struct qr_object *o = &r->objs[i];

	if (o->state != SUB_PENDING)
		return;
	r->done++;
	if (!ok) {
		o->state = SUB_FAILED;
		r->failed++;
	} else if (dcb_dimse_status_class(status) == DCB_STATUS_WARNING) {
		o->state = SUB_WARNING;
		r->warning++;
	} else {
		o->state = SUB_OK;
		r->completed++;
	}
}

static uint16_t
u16(size_t n)
{
	return n > 0xffff ? 0xffff : (uint16_t)n;
}

/* A pending response with the counts so far. */
static void
send_pending(struct retrieve *r)
{
	struct dcb_dimse_cmd rsp;

	if (r->a == NULL || r->a->dead || dcb_dimse_rsp_for(&rsp, &r->rq, 0xFF00) < 0)
		return;
	dcb_dimse_set_sub_operations(&rsp, u16(r->n - r->done), u16(r->completed),
	                             u16(r->failed), u16(r->warning));
	if (svc_send(r->a, &r->msg, &rsp, NULL) == 0)
		assoc_update_poll(r->a); /* maybe from another association's turn */
}

/* The final response: its status from the counts (PS3.4 C.4.2.1.5,
 * C.4.3.1.5), the Failed SOP Instance UID List when some failed. */
static void
send_final(struct retrieve *r)
{
	struct dcb_dimse_cmd rsp;
	struct dcb_dset *id = NULL;
	uint16_t status = 0x0000;
	const char *what = r->kind == QR_MOVE ? "C-MOVE" : "C-GET";

	if (r->cancelled)
		status = 0xFE00;
	else if (r->failed > 0 && r->completed + r->warning == 0)
		status = 0xA702;
	else if (r->failed + r->warning > 0)
		status = 0xB000;
	eng_log(r->a->e, r->a->id, status == 0 ? DCB_LOG_INFO : DCB_LOG_WARN,
	        N_("%s (message ID %u) done: %u completed, %u failed, %u with warnings "
	           "(0x%04x)"),
	        what, r->rq.message_id, r->completed, r->failed, r->warning, status);
	if (dcb_dimse_rsp_for(&rsp, &r->rq, status) < 0)
		return;
	dcb_dimse_set_sub_operations(&rsp, u16(r->n - r->done), u16(r->completed),
	                             u16(r->failed), u16(r->warning));
	if (!r->cancelled)
		rsp.present &= ~(uint32_t)DCB_F_NUM_REMAINING;
	if (r->failed > 0 && (id = dcb_dset_new()) != NULL) {
		/* (0008,0058) UI, multi-valued: the failed instances */
		size_t len = 0;
		for (size_t i = 0; i < r->n; i++)
			if (r->objs[i].state == SUB_FAILED || r->objs[i].state == SUB_PENDING)
				len += strlen(r->objs[i].sop_inst) + 1;
		char *list = malloc(len + 1), *p = list;
		if (list != NULL) {
			for (size_t i = 0; i < r->n; i++)
				if (r->objs[i].state == SUB_FAILED ||
				    r->objs[i].state == SUB_PENDING)
					p += sprintf(p, "%s%s", p == list ? "" : "\\",
					             r->objs[i].sop_inst);
			if (dcb_dset_put_str(id, TAG_FAILED_UIDS, "UI", list, NULL) < 0) {
				dcb_dset_free(id);
				id = NULL;
			}
			free(list);
		}
	}
	if (svc_send(r->a, &r->msg, &rsp, id) == 0)
		assoc_update_poll(r->a);
	dcb_dset_free(id);
}

/* --- C-MOVE ---------------------------------------------------------------- */

static void
move_on_file(void *user, const char *path, bool ok, uint16_t status, const char *reason)
{
	struct retrieve *r = user;

	(void)reason;
	for (size_t i = 0; i < r->n; i++)
		if (r->objs[i].state == SUB_PENDING && strcmp(r->objs[i].path, path) == 0) {
			count(r, i, ok, status);
			break;
		}
	if (r->done < r->n)
		send_pending(r);
}

static void
move_on_done(void *user)
{
	struct retrieve *r = user;

	for (size_t i = 0; i < r->n; i++)
		count(r, i, false, 0xffff); /* never sent: failed */
	send_final(r);
	r->q->ret = NULL;
	retrieve_free(r);
}

/* a (an IPv4 address, or an IPv6 one that maps one) as IPv4 in v4;
 * false for other IPv6 addresses. */
static bool
ipv4_of(const struct sockaddr *a, struct in_addr *v4)
{
	if (a->sa_family == AF_INET) {
		*v4 = ((const struct sockaddr_in *)a)->sin_addr;
		return true;
	}
	const struct in6_addr *v6 = &((const struct sockaddr_in6 *)a)->sin6_addr;
	if (a->sa_family != AF_INET6 || !IN6_IS_ADDR_V4MAPPED(v6))
		return false;
	memcpy(&v4->s_addr, &v6->s6_addr[12], 4);
	return true;
}

/* True when a and b are the same address (IPv4 and its mapped IPv6 form
 * alike). */
static bool
same_address(const struct sockaddr *a, const struct sockaddr *b)
{
	struct in_addr a4, b4;
	bool is4 = ipv4_of(a, &a4);

	if (is4 || ipv4_of(b, &b4))
		return is4 && ipv4_of(b, &b4) && a4.s_addr == b4.s_addr;
	return a->sa_family == AF_INET6 && b->sa_family == AF_INET6 &&
	       IN6_ARE_ADDR_EQUAL(&((const struct sockaddr_in6 *)a)->sin6_addr,
	                          &((const struct sockaddr_in6 *)b)->sin6_addr);
}

/* True when a is an address of this machine: any loopback address
 * (127.0.0.0/8, ::1, mapped or not), the unspecified one (0.0.0.0, ::,
 * which a connect takes for this machine) or an interface's. */
static bool
own_address(const struct sockaddr *a, const struct ifaddrs *ifs)
{
	struct in_addr v4;

	if (ipv4_of(a, &v4)) {
		uint32_t h = ntohl(v4.s_addr);
		if ((h >> 24) == 127 || h == 0)
			return true;
	} else if (a->sa_family == AF_INET6) {
		const struct in6_addr *v6 = &((const struct sockaddr_in6 *)a)->sin6_addr;
		if (IN6_IS_ADDR_LOOPBACK(v6) || IN6_IS_ADDR_UNSPECIFIED(v6))
			return true;
	} else {
		return false;
	}
	for (const struct ifaddrs *i = ifs; i != NULL; i = i->ifa_next)
		if (i->ifa_addr != NULL && same_address(a, i->ifa_addr))
			return true;
	return false;
}

/* The destination is this SCP itself: one of its AE titles at its port on
 * this machine, however the host is spelt (localhost, ::1, 127.0.0.2, a
 * mapped address, this machine's name or address); the objects would come
 * back to it.  The host is resolved as the connect would resolve it. */
static bool
is_loop(const struct assoc *a, const struct dcb_peer *dest)
{
	const struct dcb_qr_site *site = a->e->cfg.qr;
	struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM};
	struct addrinfo *res = NULL;
	struct ifaddrs *ifs = NULL;
	bool loop = false;

	if (dest->port != site->own_port || dcb_qr_site_area(site, dest->ae) == NULL)
		return false;
	hints.ai_flags = a->e->cfg.no_dns ? AI_NUMERICHOST : 0;
	if (getaddrinfo(dest->host, NULL, &hints, &res) != 0)
		return false; /* the connect will say why it cannot reach it */
	if (getifaddrs(&ifs) != 0)
		ifs = NULL;
	for (const struct addrinfo *ai = res; ai != NULL && !loop; ai = ai->ai_next)
		loop = own_address(ai->ai_addr, ifs);
	if (ifs != NULL)
		freeifaddrs(ifs);
	freeaddrinfo(res);
	return loop;
}

static void
move(struct assoc *a, struct qr *q, struct retrieve *r)
{
	const struct dcb_qr_site *site = a->e->cfg.qr;
	const char *dest_ae = r->rq.move_destination;
	const struct dcb_peer *dest =
	    site->peers != NULL ? dcb_ae_table_find(site->peers, dest_ae) : NULL;
	struct dcb_scu_job spec = {0};
	struct dcb_error err = {0};
	struct job *job;
	char why[400];

	if (dest == NULL) {
		snprintf(why, sizeof why,
		         _("move destination '%s' is not in this SCP's AE table; add it (--peer "
		           "%s@HOST:PORT, or a HostTable line in dcmqrscp.cfg) with the address "
		           "where '%s' listens"),
		         dest_ae, dest_ae, dest_ae);
		refuse(a, &r->msg, DCB_F_QR_MOVE_DESTINATION_UNKNOWN, 0xA801, why);
		retrieve_free(r);
		return;
	}
	if (is_loop(a, dest)) {
		char host[sizeof dest->host + 2];
		snprintf(host, sizeof host, strchr(dest->host, ':') ? "[%s]" : "%s", dest->host);
		snprintf(why, sizeof why,
		         _("move destination '%s' is this SCP itself (%s:%d): the objects would "
		           "come back to where they are"),
		         dest_ae, host, dest->port);
		refuse(a, &r->msg, DCB_F_QR_MOVE_LOOP, 0xA801, why);
		retrieve_free(r);
		return;
	}
	if (r->n == 0) {
		send_final(r);
		retrieve_free(r);
		return;
	}
	char **paths = calloc(r->n, sizeof *paths);
	if (paths == NULL)
		goto nomem;
	for (size_t i = 0; i < r->n; i++)
		paths[i] = r->objs[i].path;
	spec.host = dest->host;
	spec.port = dest->port;
	spec.tls = dcb_peer_conn_tls(dest);
	snprintf(spec.called_ae, sizeof spec.called_ae, "%s", dest->ae);
	spec.paths = (const char *const *)paths;
	spec.n_paths = r->n;
	job = eng_new_job(&spec, &err);
	free(paths);
	if (job == NULL)
		goto nomem;
	snprintf(job->move_originator_ae, sizeof job->move_originator_ae, "%s", a->calling_ae);
	job->move_originator_id = r->rq.message_id;
	job->obs = (struct job_observer){.on_file = move_on_file, .on_done = move_on_done,
	                                 .user = r};
	eng_log(a->e, a->id, DCB_LOG_INFO,
	        N_("C-MOVE from %s (message ID %u): %zu objects to %s at %s:%d"), a->calling_ae,
	        r->rq.message_id, r->n, dest->ae, dest->host, dest->port);
	q->ret = r;
	if (scu_start_job(a->e, job) < 0) {
		q->ret = NULL;
		eng_free_job(job);
		goto nomem;
	}
	return;
nomem:
	svc_respond(a, r->msg.pcid, &r->rq, 0xA701, _("out of memory"));
	retrieve_free(r);
}

/* --- C-GET ----------------------------------------------------------------- */

/* The context to send o on: its class, its transfer syntax, the peer as
 * SCP.  NULL with why filled when there is none. */
static const struct ctx *
get_context(struct assoc *a, const struct qr_object *o, char *why, size_t size)
{
	const struct ctx *any = NULL;

	for (unsigned i = 0; i < a->n_ctx; i++) {
		const struct ctx *c = &a->ctx[i];
		if (c->result != DCB_PCTX_ACCEPTANCE || strcmp(c->abstract_syntax, o->sop_class))
			continue;
		any = c;
		if (c->requestor_scp && strcmp(c->ts, o->ts) == 0)
			return c;
	}
	const struct dcb_uid_entry *u = dcb_uid_lookup(o->sop_class);
	const char *name = u != NULL ? u->name : o->sop_class;
	if (any == NULL)
		snprintf(why, size,
		         _("%s proposed no context for %s: propose it (with the SCP role) to "
		           "receive such objects by C-GET"),
		         a->peer, name);
	else if (!any->requestor_scp)
		snprintf(why, size,
		         _("%s did not take the SCP role for %s (SCP/SCU role selection, PS3.7 "
		           "D.3.3.4): without it no C-STORE may come back on this association; "
		           "propose the role (dcmtk getscu does by default)"),
		         a->peer, name);
	else
		snprintf(why, size,
		         _("%s accepted %s only in another transfer syntax than the stored %s; "
		           "dicombench sends objects as they are stored: propose %s"),
		         a->peer, name, o->ts, o->ts);
	return NULL;
}

/* Where the data set of the stored file at path begins (after its meta
 * header); -1 with why filled when it cannot be read. */
static int64_t
dataset_offset(const char *path, char *why, size_t size)
{
	struct dcb_error err = {0};
	struct dcb_reader *rd = dcb_reader_open(path, NULL, &err);
	int64_t offset = -1;

	if (rd != NULL && dcb_reader_meta(rd) != NULL)
		offset = dcb_reader_meta(rd)->dataset_offset;
	else
		snprintf(why, size, _("cannot read it any more: %s"), err.message);
	dcb_reader_free(rd);
	return offset;
}

/* Starts the next C-STORE sub-operation; false when none is left. */
static bool
get_next(struct assoc *a, struct retrieve *r)
{
	while (r->cur < r->n && !r->cancelled) {
		struct qr_object *o = &r->objs[r->cur];
		struct dcb_dimse_cmd c;
		char why[400];
		const struct ctx *ctx = get_context(a, o, why, sizeof why);
		if (ctx != NULL) {
			dcb_dimse_store_rq(&c, ++r->msg_id, o->sop_class, o->sop_inst,
			                   DCB_PRIORITY_MEDIUM);
			int64_t offset = dataset_offset(o->path, why, sizeof why);
			if (offset >= 0 && store_send_start(a, &r->ss, ctx->id, &c, o->path, offset,
			                                    o->ts, false, why, sizeof why) == 0) {
				r->sending = true;
				return true;
			}
		} else {
			dcb_finding_emit(assoc_finding, a, DCB_F_QR_GET_NO_ROLE, -1, 0, o->path,
			                 "%s", why);
		}
		eng_log(a->e, a->id, DCB_LOG_WARN, N_("C-GET sub-operation for %s failed: %s"),
		        o->path, why);
		count(r, r->cur++, false, 0xffff);
		send_pending(r);
	}
	return false;
}

static void
get_pump(struct assoc *a, struct qr *q)
{
	struct retrieve *r = q->ret;

	while (!a->dead && assoc_out_empty(a) && q->ret == r) {
		if (r->waiting)
			return;
		if (r->sending) {
			uint64_t first;
			size_t used;
			int rc = store_send_batch(a, &r->ss, BATCH_PDUS, &first, &used);
			if (rc < 0)
				return;
			if (rc == 0) {
				r->sending = false;
				r->waiting = true;
				return;
			}
			if (assoc_flush(a) < 0)
				return;
			continue;
		}
		if (!get_next(a, r)) {
			send_final(r);
			q->ret = NULL;
			retrieve_free(r);
			return;
		}
	}
}

static bool
on_response(struct assoc *a, void **state, const struct dcb_dimse_cmd *rsp)
{
	struct qr *q = *state;
	struct retrieve *r = q != NULL ? q->ret : NULL;

	if (r == NULL || r->kind != QR_GET || !r->waiting || rsp->command != DCB_C_STORE_RSP ||
	    rsp->message_id_responded != r->msg_id)
		return false;
	r->waiting = false;
	count(r, r->cur, dcb_dimse_status_class(rsp->status) != DCB_STATUS_FAILURE, rsp->status);
	if (dcb_dimse_status_class(rsp->status) == DCB_STATUS_FAILURE)
		eng_log(a->e, a->id, DCB_LOG_WARN,
		        N_("C-GET sub-operation for %s: %s answered 0x%04x (%s)"),
		        r->objs[r->cur].path, a->peer, rsp->status,
		        dcb_dimse_status_name(rsp->status));
	r->cur++;
	if (r->cur < r->n && !r->cancelled)
		send_pending(r);
	get_pump(a, q);
	return true;
}

/* --- dispatch --------------------------------------------------------------- */

static void
on_end(struct assoc *a, void **state, const struct svc_msg *m)
{
	struct qr *q = *state;
	const struct dcb_qr_site_area *area = area_of(a);
	struct dcb_dset *id = NULL;
	enum dcb_qr_level level;
	struct dcb_error err = {0};
	char why[300];

	if (q == NULL || q->model == NULL)
		return;
	if (q->find != NULL || q->ret != NULL) {
		refuse(a, m, DCB_F_QR_IDENTIFIER, 0xA700,
		       _("a request while another is answered: this SCP does one at a time "
		         "(no asynchronous operations were negotiated)"));
		return;
	}
	if ((q->model->kind == QR_FIND) != (m->cmd->command == DCB_C_FIND_RQ) ||
	    (q->model->kind == QR_MOVE) != (m->cmd->command == DCB_C_MOVE_RQ)) {
		svc_respond(a, m->pcid, m->cmd, 0x0211, NULL);
		return;
	}
	if (area == NULL || !area->readable) {
		snprintf(why, sizeof why,
		         area == NULL ? _("no storage area for called AE title '%s'")
		                      : _("storage area '%s' is not readable (access W in the "
		                          "configuration)"),
		         area == NULL ? a->called_ae : area->ae);
		refuse(a, m, DCB_F_QR_IDENTIFIER, 0xC000, why);
		return;
	}
	if (area->archive == NULL) { /* its index could not be opened: no fault of the peer */
		snprintf(why, sizeof why,
		         _("the archive index of storage area '%s' is not open (the SCP said why "
		           "when it started)"),
		         area->ae);
		eng_log(a->e, a->id, DCB_LOG_WARN, "%s", why);
		svc_respond(a, m->pcid, m->cmd, 0xC000, why);
		return;
	}
	if (decode_identifier(a, q, m, &id) < 0)
		return;
	if (!level_of(id, q->model, &level, why, sizeof why)) {
		refuse(a, m, DCB_F_QR_IDENTIFIER, 0xA900, why);
		dcb_dset_free(id);
		return;
	}
	if (q->model->kind == QR_FIND) {
		find(a, q, m, id, level, area);
		dcb_dset_free(id);
		return;
	}
	struct retrieve *r = calloc(1, sizeof *r);
	if (r == NULL) {
		svc_respond(a, m->pcid, m->cmd, 0xA701, _("out of memory"));
		dcb_dset_free(id);
		return;
	}
	r->q = q;
	r->a = a;
	r->kind = q->model->kind;
	r->rq = *m->cmd;
	r->msg = *m;
	r->msg.cmd = &r->rq;
	store_send_init(&r->ss);
	int rc = collect_objects(a, r, id, level, q->model->patient_root, area, &err);
	dcb_dset_free(id);
	if (rc < 0) {
		svc_respond(a, m->pcid, m->cmd, 0xA701,
		            err.message[0] ? err.message : _("out of memory"));
		retrieve_free(r);
		return;
	}
	if (r->kind == QR_MOVE) {
		move(a, q, r);
		return;
	}
	eng_log(a->e, a->id, DCB_LOG_INFO,
	        N_("C-GET from %s (message ID %u): %zu objects on this association"),
	        a->calling_ae, r->rq.message_id, r->n);
	q->ret = r;
	get_pump(a, q);
}

static void
on_cancel(struct assoc *a, void **state, const struct dcb_dimse_cmd *c)
{
	struct qr *q = *state;

	if (q == NULL)
		return;
	eng_log(a->e, a->id, DCB_LOG_INFO, N_("C-CANCEL for message ID %u from %s"),
	        c->message_id_responded, a->peer);
	if (q->find != NULL)
		find_op_cancel(q->find, c->message_id_responded);
	if (q->ret != NULL && q->ret->rq.message_id == c->message_id_responded)
		q->ret->cancelled = true;
	if (q->ret != NULL && q->ret->kind == QR_MOVE && q->ret->cancelled) {
		/* PS3.4 C.4.2.3.1: the sub-operations stop (the one under way
		 * ends), the final response says what was left */
		struct retrieve *r = q->ret;
		size_t left = scu_stop_observed(a->e, r);
		eng_log(a->e, a->id, DCB_LOG_INFO,
		        N_("C-MOVE (message ID %u) cancelled: %zu sub-operations not started"),
		        r->rq.message_id, left);
		send_final(r);
		q->ret = NULL;
		/* the storage job holds r's paths no more: it copied them */
		retrieve_free(r);
	}
}

static void
pump(struct assoc *a, void **state)
{
	struct qr *q = *state;

	if (q == NULL)
		return;
	if (q->find != NULL && !find_op_pump(a, q->find))
		q->find = NULL;
	if (q->ret != NULL && q->ret->kind == QR_GET)
		get_pump(a, q);
}

static void
on_close(struct assoc *a, void **state)
{
	struct qr *q = *state;

	if (q == NULL)
		return;
	find_op_free(q->find);
	if (q->ret != NULL) {
		scu_stop_observed(a->e, q->ret);
		retrieve_free(q->ret);
	}
	svc_buf_clear(&q->id);
	free(q);
	*state = NULL;
}

/* dcmqrscp.cfg: the called AE title names an area, which serves the
 * peers it lists. */
static bool
admits(struct assoc *a, const struct dcb_assoc *rq, uint8_t *reason, char *why, size_t why_size)
{
	const struct dcb_qr_site *site = a->e->cfg.qr;
	const struct dcb_qr_site_area *area;
	char name[80];

	if (site == NULL || !site->check_called)
		return true;
	area = dcb_qr_site_area(site, rq->called_ae);
	if (area == NULL) {
		eng_visible(rq->called_ae, name, sizeof name);
		snprintf(why, why_size,
		         _("called AE title %s names no storage area of this SCP (reason 7)"), name);
		*reason = 7;
		return false;
	}
	if (!dcb_qr_site_area_serves(area, rq->calling_ae)) {
		eng_visible(rq->calling_ae, name, sizeof name);
		snprintf(why, why_size,
		         _("calling AE title %s is not among the peers of area '%s' "
		           "(reason 3); add it to that area's peers in the configuration"),
		         name, area->ae);
		*reason = 3;
		return false;
	}
	return true;
}

const struct dcb_service dcb_service_qr = {
    .name = "Query/Retrieve",
    .admits = admits,
    .serves = serves,
    .takes = takes,
    .on_command = on_command,
    .on_data = on_data,
    .on_end = on_end,
    .on_response = on_response,
    .on_cancel = on_cancel,
    .pump = pump,
    .on_close = on_close,
};
