/* test-engine.c — an SCP engine and an SCU engine talking to each other,
 * over loopback TCP, over the in-memory pair cut into small chunks and over
 * a socket pair through the connect hook (the dashboard without network):
 * C-ECHO, C-STORE end to end with the stored data sets compared byte for
 * byte, the 128-context split, rejections and hostile values. */
#include "config.h"

#include <dirent.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "../src/archive.h"
#include "../src/engine.h"
#include "../src/part10.h"
#include "../src/dset.h"
#include "../src/dimse.h"
#include "../src/pdu.h"
#include "../src/service.h"
#include "../src/transport-mem.h"
#include "../src/transport-tcp.h"

#define CT "1.2.840.10008.5.1.4.1.1.2"
#define MR "1.2.840.10008.5.1.4.1.1.4"
#define ELE "1.2.840.10008.1.2.1"
#define ILE "1.2.840.10008.1.2"

/* --- events ----------------------------------------------------------------- */

struct collector {
	pthread_mutex_t mu;
	unsigned stored, file_ok, file_failed, errors, findings, contexts, pdus, done, closed,
	    opened, listening;
	unsigned pdu_units; /* PDUs the PDU events stand for (repeat counts summed) */
	uint16_t last_status;
	char stored_paths[256][1024];
	char text[16384]; /* errors, warnings and findings, one a line */
	struct dcb_ev_job_done job;
};

static void
collect(const struct dcb_event *ev, void *user)
{
	struct collector *c = user;
	size_t len;

	pthread_mutex_lock(&c->mu);
	len = strlen(c->text);
	switch (ev->kind) {
	case DCB_EV_STORED:
		if (c->stored < 256)
			snprintf(c->stored_paths[c->stored], sizeof c->stored_paths[0], "%s",
			         ev->u.stored.path);
		c->stored++;
		break;
	case DCB_EV_FILE_RESULT:
		if (ev->u.file.ok)
			c->file_ok++;
		else
			c->file_failed++;
		c->last_status = ev->u.file.status;
		if (!ev->u.file.ok)
			snprintf(c->text + len, sizeof c->text - len, "FAIL %s: %s\n",
			         ev->u.file.path, ev->u.file.reason);
		break;
	case DCB_EV_ERROR:
		c->errors++;
		snprintf(c->text + len, sizeof c->text - len, "E %s\n", ev->u.error.text);
		break;
	case DCB_EV_LOG:
		if (ev->u.log.level <= DCB_LOG_WARN)
			snprintf(c->text + len, sizeof c->text - len, "W %s\n", ev->u.log.text);
		break;
	case DCB_EV_FINDING:
		c->findings++;
		snprintf(c->text + len, sizeof c->text - len, "F %s %s\n", ev->u.finding.code,
		         ev->u.finding.message);
		break;
	case DCB_EV_CONTEXT:
		c->contexts++;
		break;
	case DCB_EV_LISTENING:
		c->listening++;
		break;
	case DCB_EV_PDU:
		c->pdus++;
		c->pdu_units += ev->u.pdu.repeat;
		break;
	case DCB_EV_ASSOC_STATE:
		if (ev->u.assoc.state == 1)
			c->closed++;
		else if (ev->u.assoc.state == 2)
			c->opened++;
		break;
	case DCB_EV_JOB_DONE:
		c->done++;
		c->job = ev->u.done;
		break;
	default:
		break;
	}
	pthread_mutex_unlock(&c->mu);
}

static void
collector_init(struct collector *c)
{
	memset(c, 0, sizeof *c);
	pthread_mutex_init(&c->mu, NULL);
}

/* --- files ------------------------------------------------------------------- */

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void
put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

static size_t
element(uint8_t *p, bool explicit_vr, uint16_t g, uint16_t e, const char *vr, const void *v,
        uint32_t len)
{
	size_t o = 0;

	put16(p, g);
	put16(p + 2, e);
	if (explicit_vr && strcmp(vr, "OB") == 0) {
		memcpy(p + 4, vr, 2);
		put16(p + 6, 0);
		put32(p + 8, len);
		o = 12;
	} else if (explicit_vr) {
		memcpy(p + 4, vr, 2);
		put16(p + 6, (uint16_t)len);
		o = 8;
	} else {
		put32(p + 4, len);
		o = 8;
	}
	memcpy(p + o, v, len);
	return o + len;
}

static size_t
uid_value(char *buf, const char *uid)
{
	size_t n = strlen(uid);

	memcpy(buf, uid, n);
	if (n % 2)
		buf[n++] = '\0';
	return n;
}

/* Writes a Part 10 file with SOP class/instance and `payload` bytes of
 * pixel data; returns the data set bytes in *ds (caller frees). */
static void
make_file_uids(const char *path, const char *cls, const char *meta_inst, const char *inst,
               const char *ts, size_t payload, uint8_t **ds, size_t *ds_len)
{
	bool ex = strcmp(ts, ILE) != 0;
	uint8_t meta[1024];
	long mlen = dcb_meta_encode(meta, sizeof meta, cls, meta_inst, ts, "TEST");
	size_t cap = payload + 512, o = 0, n;
	uint8_t *d = malloc(cap);
	char v[80];
	FILE *f;

	assert_true(mlen > 0);
	assert_non_null(d);
	n = uid_value(v, cls);
	o += element(d + o, ex, 0x0008, 0x0016, "UI", v, (uint32_t)n);
	n = uid_value(v, inst);
	o += element(d + o, ex, 0x0008, 0x0018, "UI", v, (uint32_t)n);
	uint8_t *pix = malloc(payload + 1);
	assert_non_null(pix);
	for (size_t i = 0; i < payload; i++)
		pix[i] = (uint8_t)(i * 31 + 7);
	o += element(d + o, ex, 0x7fe0, 0x0010, "OB", pix, (uint32_t)payload);
	free(pix);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(meta, 1, (size_t)mlen, f), (size_t)mlen);
	assert_int_equal(fwrite(d, 1, o, f), o);
	fclose(f);
	if (ds != NULL) {
		*ds = d;
		*ds_len = o;
	} else {
		free(d);
	}
}

static void
make_file(const char *path, const char *cls, const char *inst, const char *ts, size_t payload,
          uint8_t **ds, size_t *ds_len)
{
	make_file_uids(path, cls, inst, inst, ts, payload, ds, ds_len);
}

/* The data set bytes of a stored file must be exactly ds. */
static void
assert_stored(const char *path, const char *cls, const char *inst, const char *ts,
              const uint8_t *ds, size_t ds_len)
{
	struct dcb_error err;
	struct dcb_reader *r = dcb_reader_open(path, NULL, &err);
	const struct dcb_meta *m;
	struct stat st;
	uint8_t *buf;
	int fd;

	if (r == NULL)
		fail_msg("%s: %s", path, err.message);
	m = dcb_reader_meta(r);
	assert_string_equal(m->media_sop_class_uid, cls);
	assert_string_equal(m->media_sop_instance_uid, inst);
	assert_string_equal(m->transfer_syntax_uid, ts);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal((size_t)st.st_size - (size_t)m->dataset_offset, ds_len);
	buf = malloc(ds_len);
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(pread(fd, buf, ds_len, m->dataset_offset), (ssize_t)ds_len);
	assert_memory_equal(buf, ds, ds_len);
	close(fd);
	free(buf);
	dcb_reader_free(r);
}

static char *
make_dir(void)
{
	char tmpl[] = "/tmp/dcb-engine-XXXXXX";

	assert_non_null(mkdtemp(tmpl));
	return strdup(tmpl);
}

static void
remove_tree(const char *dir)
{
	char cmd[4200];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static int
count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			n++;
		else if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			n += 1000; /* a temporary file was left behind */
	closedir(d);
	return n;
}

/* --- an SCP engine in its own thread --------------------------------------------- */

struct scp {
	struct dcb_engine_config cfg;
	struct dcb_engine *e;
	struct collector col;
	pthread_t th;
	char *dir;
	int port;
};

static void *
scp_thread(void *arg)
{
	struct scp *s = arg;

	dcb_engine_run(s->e);
	return NULL;
}

static void
scp_config(struct scp *s)
{
	memset(s, 0, sizeof *s);
	dcb_engine_config_init(&s->cfg, DCB_SIDE_SCP);
	s->dir = make_dir();
	s->cfg.store.out_dir = s->dir;
	s->cfg.store.bit_preserving = true;
	s->cfg.trace_pdus = true;
	collector_init(&s->col);
}

static void
scp_start(struct scp *s, bool listen)
{
	struct dcb_error err;

	s->e = dcb_engine_new(&s->cfg, collect, &s->col, &err);
	assert_non_null(s->e);
	if (listen) {
		s->port = dcb_engine_listen(s->e, "127.0.0.1", 0, &err);
		if (s->port <= 0)
			fail_msg("listen: %s", err.message);
	}
	assert_int_equal(pthread_create(&s->th, NULL, scp_thread, s), 0);
}

static void
scp_stop(struct scp *s)
{
	dcb_engine_stop(s->e);
	pthread_join(s->th, NULL);
	dcb_engine_free(s->e);
	remove_tree(s->dir);
	free(s->dir);
}

/* Runs an SCU engine in this thread until its job is done. */
static void
run_scu(struct dcb_engine_config *cfg, const struct dcb_scu_job *job, struct collector *col,
        struct dcb_engine_stats *stats)
{
	struct dcb_error err;
	struct dcb_engine *e;

	cfg->exit_when_idle = true;
	e = dcb_engine_new(cfg, collect, col, &err);
	assert_non_null(e);
	assert_true(dcb_engine_submit(e, job, &err) > 0);
	assert_int_equal(dcb_engine_run(e), 0);
	if (stats != NULL)
		dcb_engine_get_stats(e, stats);
	dcb_engine_free(e);
}

static void
wait_stored(struct scp *s, unsigned n)
{
	for (int i = 0; i < 500; i++) {
		pthread_mutex_lock(&s->col.mu);
		unsigned got = s->col.stored;
		pthread_mutex_unlock(&s->col.mu);
		if (got >= n)
			return;
		usleep(10000);
	}
}

/* --- tests ------------------------------------------------------------------- */

static void
echo_over_loopback(void **state)
{
	struct scp s;
	struct dcb_engine_config cfg;
	struct dcb_scu_job job = {
	    .host = "127.0.0.1", .called_ae = "ANY-SCP", .echo = true, .echo_repeat = 3};
	struct collector col;

	scp_config(&s);
	scp_start(&s, true);
	dcb_engine_config_init(&cfg, DCB_SIDE_SCU);
	cfg.trace_pdus = true;
	collector_init(&col);
	job.port = s.port;
	run_scu(&cfg, &job, &col, NULL);
	assert_int_equal(col.done, 1);
	assert_int_equal(col.job.ok, 3);
	assert_int_equal(col.job.failed, 0);
	assert_int_equal(col.errors, 0);
	/* RQ, AC, 3 × (RQ + RSP), RELEASE RQ/RP */
	assert_int_equal(col.pdus, 10);
	scp_stop(&s);
}

static void
store_files_byte_for_byte(void **state)
{
	struct scp s;
	struct dcb_engine_config cfg;
	struct collector col;
	char *src = make_dir();
	char paths[3][4200];
	const char *list[3] = {paths[0], paths[1], paths[2]};
	uint8_t *ds[3];
	size_t len[3];
	const char *cls[3] = {CT, MR, CT};
	const char *inst[3] = {"1.2.3.1", "1.2.3.2", "1.2.3.3"};
	const char *ts[3] = {ELE, ILE, ELE};
	size_t payload[3] = {100, 3 * 1024 * 1024 + 17, 0};
	struct dcb_scu_job job = {
	    .host = "127.0.0.1", .called_ae = "ANY-SCP", .paths = list, .n_paths = 3};

	scp_config(&s);
	s.cfg.max_pdu = 32768;
	scp_start(&s, true);
	for (int i = 0; i < 3; i++) {
		snprintf(paths[i], sizeof paths[i], "%s/f%d.dcm", src, i);
		make_file(paths[i], cls[i], inst[i], ts[i], payload[i], &ds[i], &len[i]);
	}
	dcb_engine_config_init(&cfg, DCB_SIDE_SCU);
	collector_init(&col);
	job.port = s.port;
	run_scu(&cfg, &job, &col, NULL);
	if (col.file_ok != 3)
		fail_msg("%s", col.text);
	assert_int_equal(col.job.ok, 3);
	wait_stored(&s, 3);
	assert_int_equal(s.col.stored, 3);
	for (int i = 0; i < 3; i++) {
		char want[4200];
		snprintf(want, sizeof want, "%s/%s.%s", s.dir, i == 1 ? "MR" : "CT", inst[i]);
		assert_stored(want, cls[i], inst[i], ts[i], ds[i], len[i]);
		free(ds[i]);
	}
	assert_int_equal(count_entries(s.dir), 3);
	scp_stop(&s);
	remove_tree(src);
	free(src);
}

/* --- the archive index ------------------------------------------------------ */

/* Writes an explicit VR LE file of class CT in study/series (NULL: the
 * element is left out). */
static void
make_file_in_study(const char *path, const char *inst, const char *study, const char *series)
{
	const char *values[4] = {CT, inst, study, series};
	const uint32_t tags[4] = {0x00080016, 0x00080018, 0x0020000d, 0x0020000e};
	uint8_t meta[1024], d[512];
	long mlen = dcb_meta_encode(meta, sizeof meta, CT, inst, ELE, "TEST");
	size_t o = 0, n;
	char v[80];
	FILE *f;

	assert_true(mlen > 0);
	for (int i = 0; i < 4; i++) {
		if (values[i] == NULL)
			continue;
		n = uid_value(v, values[i]);
		o += element(d + o, true, (uint16_t)(tags[i] >> 16), (uint16_t)tags[i], "UI", v,
		             (uint32_t)n);
	}
	o += element(d + o, true, 0x7fe0, 0x0010, "OB", "pixels", 6);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(meta, 1, (size_t)mlen, f), (size_t)mlen);
	assert_int_equal(fwrite(d, 1, o, f), o);
	fclose(f);
}

static int
count_object(void *user, const struct dcb_dset *rec, const struct dcb_archive_object *obj)
{
	char (*paths)[4200] = user;
	int i = 0;

	while (paths[i][0] != '\0')
		i++;
	snprintf(paths[i], sizeof paths[i], "%s", obj->path);
	return 0;
}

/* Stored objects are in the archive index once they have their name; one
 * that cannot be indexed is stored and answered Success all the same,
 * with a warning that says what happens next. */
static void
stored_objects_are_indexed(void **state)
{
	struct scp s;
	struct dcb_engine_config cfg;
	struct collector col;
	struct dcb_archive *archive;
	struct dcb_archive_filter all = {.level = DCB_QR_IMAGE};
	struct dcb_error err;
	char *src = make_dir();
	char paths[3][4200], found[4][4200] = {""}, want[4200];
	const char *list[3] = {paths[0], paths[1], paths[2]};
	struct dcb_scu_job job = {
	    .host = "127.0.0.1", .called_ae = "ANY-SCP", .paths = list, .n_paths = 3};
	size_t counts[4];

	scp_config(&s);
	if (dcb_archive_open(s.dir, NULL, NULL, &archive, NULL, 0, &err) != 0)
		fail_msg("%s", err.message);
	s.cfg.archive = archive;
	scp_start(&s, true);
	for (int i = 0; i < 3; i++)
		snprintf(paths[i], sizeof paths[i], "%s/f%d.dcm", src, i);
	make_file_in_study(paths[0], "1.2.7.1", "1.2.7", "1.2.7.9");
	make_file_in_study(paths[1], "1.2.7.2", "1.2.7", "1.2.7.9");
	make_file_in_study(paths[2], "1.2.7.3", NULL, "1.2.7.9"); /* no study */
	dcb_engine_config_init(&cfg, DCB_SIDE_SCU);
	collector_init(&col);
	job.port = s.port;
	run_scu(&cfg, &job, &col, NULL);
	if (col.file_ok != 3)
		fail_msg("%s", col.text);
	wait_stored(&s, 3);
	dcb_engine_stop(s.e);
	pthread_join(s.th, NULL);

	dcb_archive_counts(archive, counts);
	assert_int_equal(counts[1], 1);
	assert_int_equal(counts[3], 2);
	assert_int_equal(dcb_archive_each(archive, &all, count_object, found, &err), 0);
	snprintf(want, sizeof want, "%s/CT.1.2.7.1", s.dir);
	assert_string_equal(found[0], want);
	snprintf(want, sizeof want, "%s/CT.1.2.7.2", s.dir);
	assert_string_equal(found[1], want);
	assert_string_equal(found[2], "");
	if (strstr(s.col.text, "CT.1.2.7.3 is stored but not in the archive index") == NULL)
		fail_msg("no warning in: %s", s.col.text);
	assert_int_equal(s.col.errors, 0);

	dcb_engine_free(s.e);
	dcb_archive_close(archive);
	remove_tree(s.dir);
	free(s.dir);
	remove_tree(src);
	free(src);
}

/* The SCU connects through the in-memory pair; the other end goes to the
 * SCP engine, and both ends move at most 7 bytes per call. */
static int
mem_connect(void *user, const char *host, int port, struct dcb_transport **out,
            struct dcb_error *err)
{
	struct scp *s = user;
	struct dcb_transport *a, *b;
	int rc = dcb_mem_pair(7, &a, &b, err);

	if (rc < 0)
		return rc;
	*out = a;
	return dcb_engine_adopt(s->e, b, err);
}

/* As mem_connect, without a chunk limit, but every second write of the SCU
 * finds the "socket" full. */
static int
stalling_connect(void *user, const char *host, int port, struct dcb_transport **out,
                 struct dcb_error *err)
{
	struct scp *s = user;
	struct dcb_transport *a, *b;
	int rc = dcb_mem_pair(0, &a, &b, err);

	if (rc < 0)
		return rc;
	dcb_mem_set_stall(a, 2);
	*out = a;
	return dcb_engine_adopt(s->e, b, err);
}

/* The dashboard's way without network (--fake): the connect hook gives
 * the SCU one end of a socket pair as a plain transport, and the SCP
 * engine, in a thread of its own and without a listener, adopts the other
 * end.  With no SCP the hook refuses, as nothing would answer. */
struct pair_hook {
	struct scp *s; /* NULL: refuse */
	char host[64];
	int port;
	unsigned calls;
};

static int
pair_connect(void *user, const char *host, int port, struct dcb_transport **out,
             struct dcb_error *err)
{
	struct pair_hook *h = user;
	struct dcb_transport *scp_end;
	int sv[2];

	h->calls++;
	snprintf(h->host, sizeof h->host, "%s", host);
	h->port = port;
	if (h->s == NULL)
		return dcb_error_set(err, DCB_ERR_IO, -1, "nothing answers at %s:%d", host, port);
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv), 0);
	scp_end = dcb_tcp_wrap(sv[1], "pair:scp", err);
	*out = dcb_tcp_wrap(sv[0], "pair:scu", err);
	assert_non_null(scp_end);
	assert_non_null(*out);
	return dcb_engine_adopt(h->s->e, scp_end, err);
}

/* A batch finished by a late flush must not leave the SCU asleep. */
/* --- a service of our own -------------------------------------------------- */

/* A toy service: Verification's abstract syntax, C-ECHO, answered with a
 * warning status of its own (0x0001) so the SCU's result tells who answered. */
static unsigned toy_commands;

static bool
toy_serves(const struct dcb_engine *e, const char *abstract_syntax)
{
	(void)e;
	return strcmp(abstract_syntax, "1.2.840.10008.1.1") == 0;
}

static bool
toy_takes(uint16_t command)
{
	return command == 0x0030;
}

static void
toy_command(struct assoc *a, void **state, const struct svc_msg *m)
{
	(void)state;
	toy_commands++;
	svc_respond(a, m->pcid, m->cmd, 0x0001, NULL);
}

static const struct dcb_service toy = {
    .name = "toy", .serves = toy_serves, .takes = toy_takes, .on_command = toy_command};
static const struct dcb_service *const toy_table[] = {&toy, NULL};

/* Another toy: before its C-ECHO-RSP it sends a message with a data set
 * built in memory (an N-EVENT-REPORT-RQ carrying a Patient's Name). */
static void
toy_report(struct assoc *a, void **state, const struct svc_msg *m)
{
	struct dcb_dimse_cmd c;
	struct dcb_dset *ds = dcb_dset_new();

	(void)state;
	assert_non_null(ds);
	assert_int_equal(dcb_dset_put_str(ds, 0x00100010, "PN", "TOY^REPORT", NULL), 0);
	dcb_dimse_event_report_rq(&c, 77, "1.2.840.10008.1.1", "1.2.3.4", 1, true);
	assert_int_equal(svc_send(a, m, &c, ds), 0);
	dcb_dset_free(ds);
	toy_command(a, state, m);
}

static const struct dcb_service toy_reporter = {
    .name = "reporter", .serves = toy_serves, .takes = toy_takes, .on_command = toy_report};
static const struct dcb_service *const reporter_table[] = {&toy_reporter, NULL};

/* A message with a data set held in memory goes out in P-DATA-TFs the
 * receiver's DIMSE layer puts back together: the SCU sees the
 * N-EVENT-REPORT-RQ with its data set, then the C-ECHO-RSP after it. */
static void
service_sends_a_data_set_from_memory(void **state)
{
	struct scp s;
	struct dcb_engine_config cfg;
	struct collector col;
	struct dcb_scu_job echo = {.host = "mem", .port = 1, .called_ae = "ANY-SCP", .echo = true};

	(void)state;
	scp_config(&s);
	s.cfg.services = reporter_table;
	scp_start(&s, false);
	dcb_engine_config_init(&cfg, DCB_SIDE_SCU);
	cfg.connect = mem_connect;
	cfg.connect_user = &s;
	cfg.trace_pdus = true;
	collector_init(&col);
	toy_commands = 0;
	run_scu(&cfg, &echo, &col, NULL);
	assert_int_equal(toy_commands, 1);
	if (strstr(col.text, "N-EVENT-REPORT-RQ from") == NULL ||
	    strstr(col.text, "carries a data set") == NULL)
		fail_msg("no N-EVENT-REPORT-RQ with a data set in: %s", col.text);
	assert_non_null(strstr(col.text, "C-ECHO response: status 0x0001"));
	scp_stop(&s);
}

/* An engine given a table of its own answers with its services only: the
 * toy answers C-ECHO over the memory transport, and negotiation accepts
 * no storage class, since no service of the table serves one. */
static void
toy_service_over_memory(void **state)
{
	struct scp s;
	struct dcb_engine_config cfg;
	struct collector col;
	char *src = make_dir();
	char path[4200];
	const char *list[1] = {path};
	struct dcb_scu_job echo = {.host = "mem", .port = 1, .called_ae = "ANY-SCP", .echo = true};
	struct dcb_scu_job store = {
	    .host = "mem", .port = 1, .called_ae = "ANY-SCP", .paths = list, .n_paths = 1};

	(void)state;
	scp_config(&s);
	s.cfg.services = toy_table;
	scp_start(&s, false);
	dcb_engine_config_init(&cfg, DCB_SIDE_SCU);
	cfg.connect = mem_connect;
	cfg.connect_user = &s;
	collector_init(&col);
	toy_commands = 0;
	run_scu(&cfg, &echo, &col, NULL);
	assert_int_equal(toy_commands, 1);
	assert_non_null(strstr(col.text, "C-ECHO response: status 0x0001"));
	snprintf(path, sizeof path, "%s/ct.dcm", src);
	make_file(path, CT, "1.2.3.400", ELE, 100, NULL, NULL);
	collector_init(&col);
	run_scu(&cfg, &store, &col, NULL);
	assert_int_equal(col.file_failed, 1);
	assert_non_null(strstr(col.text, "did not accept CT Image Storage"));
	scp_stop(&s);
	remove_tree(src);
	free(src);
}

/* Two engines over the socket pair hook: the hook is asked for the job's
 * peer, C-ECHO and C-STORE work, both sides report negotiated contexts,
 * the object arrives byte for byte, and the SCP never listened. */
static void
echo_and_store_over_a_socket_pair_hook(void **state)
{
	struct scp s;
	struct pair_hook hook = {.s = &s};
	struct dcb_engine_config cfg;
	struct collector col;
	char *src = make_dir();
	char path[4200];
	const char *list[1] = {path};
	uint8_t *ds;
	size_t len;
	struct dcb_scu_job echo = {
	    .host = "in-memory", .port = 11112, .called_ae = "ANY-SCP", .echo = true};
	struct dcb_scu_job store = {.host = "in-memory",
	                            .port = 11112,
	                            .called_ae = "ANY-SCP",
	                            .paths = list,
	                            .n_paths = 1};

	(void)state;
	scp_config(&s);
	scp_start(&s, false);
	dcb_engine_config_init(&cfg, DCB_SIDE_SCU);
	cfg.connect = pair_connect;
	cfg.connect_user = &hook;
	collector_init(&col);
	run_scu(&cfg, &echo, &col, NULL);
	if (col.job.ok != 1)
		fail_msg("%s", col.text);
	assert_true(col.contexts >= 1);
	snprintf(path, sizeof path, "%s/one.dcm", src);
	make_file(path, CT, "1.2.3.79", ELE, 200000, &ds, &len);
	collector_init(&col);
	run_scu(&cfg, &store, &col, NULL);
	if (col.file_ok != 1)
		fail_msg("%s", col.text);
	assert_true(col.contexts >= 1);
	wait_stored(&s, 1);
	snprintf(path, sizeof path, "%s/CT.1.2.3.79", s.dir);
	assert_stored(path, CT, "1.2.3.79", ELE, ds, len);
	assert_int_equal(hook.calls, 2);
	assert_string_equal(hook.host, "in-memory");
	assert_int_equal(hook.port, 11112);
	pthread_mutex_lock(&s.col.mu);
	assert_true(s.col.contexts >= 2);
	assert_int_equal(s.col.listening, 0);
	pthread_mutex_unlock(&s.col.mu);
	free(ds);
	scp_stop(&s);
	remove_tree(src);
	free(src);
}

/* A hook that cannot connect fails the job's file with its reason. */
static void
refusing_connect_hook_fails_the_file(void **state)
{
	struct pair_hook hook = {.s = NULL};
	struct dcb_engine_config cfg;
	struct collector col;
	char *src = make_dir();
	char path[4200];
	const char *list[1] = {path};
	struct dcb_scu_job job = {
	    .host = "elsewhere", .port = 4242, .called_ae = "ANY-SCP", .paths = list, .n_paths = 1};

	(void)state;
	snprintf(path, sizeof path, "%s/one.dcm", src);
	make_file(path, CT, "1.2.3.80", ELE, 10, NULL, NULL);
	dcb_engine_config_init(&cfg, DCB_SIDE_SCU);
	cfg.connect = pair_connect;
	cfg.connect_user = &hook;
	collector_init(&col);
	run_scu(&cfg, &job, &col, NULL);
	assert_int_equal(hook.calls, 1);
	assert_int_equal(col.file_failed, 1);
	if (strstr(col.text, "nothing answers at elsewhere:4242") == NULL)
		fail_msg("no reason in: %s", col.text);
	remove_tree(src);
	free(src);
}

static void
stream_resumes_after_full_socket(void **state)
{
	struct scp s;
	struct dcb_engine_config cfg;
	struct collector col;
	char *src = make_dir();
	char path[4200];
	const char *list[1] = {path};
	uint8_t *ds;
	size_t len;
	struct dcb_scu_job job = {
	    .host = "memory", .port = 1, .called_ae = "ANY-SCP", .paths = list, .n_paths = 1};

	scp_config(&s);
	s.cfg.trace_pdus = false;
	scp_start(&s, false);
	snprintf(path, sizeof path, "%s/big.dcm", src);
	make_file(path, CT, "1.2.3.78", ELE, 4 * 1024 * 1024 + 3, &ds, &len);
	dcb_engine_config_init(&cfg, DCB_SIDE_SCU);
	cfg.connect = stalling_connect;
	cfg.connect_user = &s;
	collector_init(&col);
	run_scu(&cfg, &job, &col, NULL);
	if (col.file_ok != 1)
		fail_msg("%s", col.text);
	wait_stored(&s, 1);
	snprintf(path, sizeof path, "%s/CT.1.2.3.78", s.dir);
	assert_stored(path, CT, "1.2.3.78", ELE, ds, len);
	free(ds);
	scp_stop(&s);
	remove_tree(src);
	free(src);
}

static void
store_over_memory_pair_in_small_chunks(void **state)
{
	struct scp s;
	struct dcb_engine_config cfg;
	struct collector col;
	char *src = make_dir();
	char path[4200];
	const char *list[1] = {path};
	uint8_t *ds;
	size_t len;
	struct dcb_scu_job job = {
	    .host = "memory", .port = 1, .called_ae = "ANY-SCP", .paths = list, .n_paths = 1};

	scp_config(&s);
	scp_start(&s, false);
	snprintf(path, sizeof path, "%s/one.dcm", src);
	make_file(path, CT, "1.2.3.77", ELE, 40000, &ds, &len);
	dcb_engine_config_init(&cfg, DCB_SIDE_SCU);
	cfg.connect = mem_connect;
	cfg.connect_user = &s;
	cfg.trace_pdus = true;
	collector_init(&col);
	run_scu(&cfg, &job, &col, NULL);
	if (col.file_ok != 1)
		fail_msg("%s", col.text);
	wait_stored(&s, 1);
	snprintf(path, sizeof path, "%s/CT.1.2.3.77", s.dir);
	assert_stored(path, CT, "1.2.3.77", ELE, ds, len);
	free(ds);
	scp_stop(&s);
	remove_tree(src);
	free(src);
}

static void
more_than_128_contexts_use_two_associations(void **state)
{
	struct scp s;
	struct dcb_engine_config cfg;
	struct collector col;
	struct dcb_engine_stats st;
	char *src = make_dir();
	const char *list[1] = {src};
	struct dcb_scu_job job = {.host = "127.0.0.1",
	                          .called_ae = "ANY-SCP",
	                          .paths = list,
	                          .n_paths = 1,
	                          .scan_dirs = true};

	scp_config(&s);
	s.cfg.trace_pdus = false;
	scp_start(&s, true);
	for (int i = 0; i < 130; i++) {
		char path[4200], cls[64], inst[64];
		snprintf(path, sizeof path, "%s/f%03d.dcm", src, i);
		snprintf(cls, sizeof cls, "1.2.840.10008.5.1.4.1.1.77.%d", i + 1);
		snprintf(inst, sizeof inst, "1.2.3.4.%d", i);
		make_file(path, cls, inst, ELE, 10, NULL, NULL);
	}
	dcb_engine_config_init(&cfg, DCB_SIDE_SCU);
	collector_init(&col);
	job.port = s.port;
	run_scu(&cfg, &job, &col, &st);
	if (col.file_ok != 130)
		fail_msg("%s", col.text);
	assert_int_equal(st.assocs_total, 2);
	wait_stored(&s, 130);
	assert_int_equal(count_entries(s.dir), 130);
	scp_stop(&s);
	remove_tree(src);
	free(src);
}

static void
wrong_called_ae_is_rejected_with_advice(void **state)
{
	struct scp s;
	struct dcb_engine_config cfg;
	struct collector col;
	char *src = make_dir();
	char path[4200];
	const char *list[1] = {path};
	struct dcb_scu_job job = {
	    .host = "127.0.0.1", .called_ae = "WRONG", .paths = list, .n_paths = 1};

	scp_config(&s);
	snprintf(s.cfg.ae_title, sizeof s.cfg.ae_title, "PACS");
	s.cfg.check_called_ae = true;
	scp_start(&s, true);
	snprintf(path, sizeof path, "%s/one.dcm", src);
	make_file(path, CT, "1.2.3.5", ELE, 10, NULL, NULL);
	dcb_engine_config_init(&cfg, DCB_SIDE_SCU);
	collector_init(&col);
	job.port = s.port;
	run_scu(&cfg, &job, &col, NULL);
	assert_int_equal(col.file_ok, 0);
	assert_int_equal(col.file_failed, 1);
	assert_non_null(strstr(col.text, "reason 7"));
	assert_non_null(strstr(col.text, "-aec"));
	assert_int_equal(count_entries(s.dir), 0);
	scp_stop(&s);
	remove_tree(src);
	free(src);
}

static void
bad_files_do_not_stop_the_job(void **state)
{
	struct scp s;
	struct dcb_engine_config cfg;
	struct collector col;
	char *src = make_dir();
	char good[4200], junk[4200], missing[4200];
	const char *list[4];
	struct dcb_scu_job job = {
	    .host = "127.0.0.1", .called_ae = "ANY-SCP", .paths = list, .n_paths = 4};
	FILE *f;

	scp_config(&s);
	scp_start(&s, true);
	snprintf(good, sizeof good, "%s/good.dcm", src);
	snprintf(junk, sizeof junk, "%s/junk.txt", src);
	snprintf(missing, sizeof missing, "%s/missing.dcm", src);
	make_file(good, CT, "1.2.3.6", ELE, 10, NULL, NULL);
	f = fopen(junk, "w");
	fputs("this is not DICOM at all, just some text\n", f);
	fclose(f);
	list[0] = missing;
	list[1] = junk;
	list[2] = src; /* a folder without +sd */
	list[3] = good;
	dcb_engine_config_init(&cfg, DCB_SIDE_SCU);
	collector_init(&col);
	job.port = s.port;
	run_scu(&cfg, &job, &col, NULL);
	assert_int_equal(col.file_ok, 1);
	assert_int_equal(col.file_failed, 3);
	assert_non_null(strstr(col.text, "+sd"));
	assert_int_equal(col.job.ok, 1);
	assert_int_equal(col.job.failed, 3);
	wait_stored(&s, 1);
	assert_int_equal(count_entries(s.dir), 1);
	scp_stop(&s);
	remove_tree(src);
	free(src);
}

static void
hostile_instance_uid_is_refused(void **state)
{
	struct scp s;
	struct dcb_engine_config cfg;
	struct collector col;
	char *src = make_dir();
	char path[4200], outside[4200];
	const char *list[1] = {path};
	struct dcb_scu_job job = {
	    .host = "127.0.0.1", .called_ae = "ANY-SCP", .paths = list, .n_paths = 1};

	scp_config(&s);
	scp_start(&s, true);
	snprintf(path, sizeof path, "%s/evil.dcm", src);
	make_file(path, CT, "../../evil", ELE, 10, NULL, NULL);
	dcb_engine_config_init(&cfg, DCB_SIDE_SCU);
	collector_init(&col);
	job.port = s.port;
	run_scu(&cfg, &job, &col, NULL);
	assert_int_equal(col.file_ok, 0);
	assert_int_equal(col.file_failed, 1);
	assert_int_equal(col.last_status, 0xC000);
	assert_int_equal(count_entries(s.dir), 0);
	snprintf(outside, sizeof outside, "%s/../../evil", s.dir);
	assert_int_not_equal(access(outside, F_OK), 0);
	snprintf(outside, sizeof outside, "%s/../CT.../../evil", s.dir);
	assert_int_not_equal(access(outside, F_OK), 0);
	pthread_mutex_lock(&s.col.mu);
	assert_true(s.col.findings >= 1);
	assert_non_null(strstr(s.col.text, "DCB101"));
	pthread_mutex_unlock(&s.col.mu);
	scp_stop(&s);
	remove_tree(src);
	free(src);
}

/* +uf names files with a fresh UID, so an Affected SOP Instance UID that
 * is no valid UID is never part of a name: the object is stored under a
 * generated name with success, and the invalid UID is a finding (DCB101
 * for characters, DCB105 for an empty component) and a log line. */
static void
unique_names_store_an_invalid_instance_uid_with_a_finding(void **state)
{
	static const char *const uids[] = {"../../evil", "1.2..3", "1.02.3"};
	static const char *const codes[] = {"F DCB101", "F DCB105", "F DCB103"};
	struct scp s;
	struct dcb_engine_config cfg;
	struct collector col;
	char *src = make_dir();
	char paths[3][4200], outside[4200];
	const char *list[3] = {paths[0], paths[1], paths[2]};
	struct dcb_scu_job job = {
	    .host = "127.0.0.1", .called_ae = "ANY-SCP", .paths = list, .n_paths = 3};

	(void)state;
	scp_config(&s);
	s.cfg.store.naming = DCB_NAMING_UNIQUE;
	scp_start(&s, true);
	for (int i = 0; i < 3; i++) {
		snprintf(paths[i], sizeof paths[i], "%s/bad%d.dcm", src, i);
		make_file(paths[i], CT, uids[i], ELE, 10, NULL, NULL);
	}
	dcb_engine_config_init(&cfg, DCB_SIDE_SCU);
	collector_init(&col);
	job.port = s.port;
	run_scu(&cfg, &job, &col, NULL);
	assert_int_equal(col.file_ok, 3);
	assert_int_equal(col.last_status, 0x0000);
	wait_stored(&s, 3);
	assert_int_equal(count_entries(s.dir), 3);
	snprintf(outside, sizeof outside, "%s/../../evil", s.dir);
	assert_int_not_equal(access(outside, F_OK), 0);
	pthread_mutex_lock(&s.col.mu);
	for (int i = 0; i < 3; i++) {
		assert_non_null(strstr(s.col.stored_paths[i], "/CT.X.2.25."));
		if (strstr(s.col.text, codes[i]) == NULL)
			fail_msg("no %s in: %s", codes[i], s.col.text);
	}
	assert_int_equal(s.col.findings, 3);
	assert_non_null(strstr(s.col.text, "W Affected SOP Instance UID"));
	assert_non_null(strstr(s.col.text, "stored under the generated name"));
	pthread_mutex_unlock(&s.col.mu);
	scp_stop(&s);
	remove_tree(src);
	free(src);
}

/* A meta header that names another instance than its data set: the
 * C-STORE-RQ carries the data set's UID (as dcmtk's storescu sends it),
 * the sender reports DCB012, and the receiver sees a consistent request
 * (no DCB502) and files the object under the data set's UID. */
static void
meta_mismatch_sends_dataset_uid(void **state)
{
	struct scp s;
	struct dcb_engine_config cfg;
	struct collector col;
	char *src = make_dir();
	char path[4200];
	const char *list[1] = {path};
	struct dcb_scu_job job = {
	    .host = "127.0.0.1", .called_ae = "ANY-SCP", .paths = list, .n_paths = 2};
	const char *two[2];

	scp_config(&s);
	scp_start(&s, true);
	snprintf(path, sizeof path, "%s/mismatch.dcm", src);
	make_file_uids(path, MR, "1.2.3.100", "1.2.3.200", ILE, 100, NULL, NULL);
	char path2[4200];
	snprintf(path2, sizeof path2, "%s/fine.dcm", src);
	make_file(path2, CT, "1.2.3.300", ELE, 100, NULL, NULL);
	two[0] = path;
	two[1] = path2;
	job.paths = two;
	dcb_engine_config_init(&cfg, DCB_SIDE_SCU);
	collector_init(&col);
	job.port = s.port;
	run_scu(&cfg, &job, &col, NULL);
	assert_int_equal(col.file_ok, 2);
	wait_stored(&s, 2);
	if (strstr(col.text, "F DCB012 meta header 1.2.3.100, data set 1.2.3.200") == NULL)
		fail_msg("no DCB012 at the sender in: %s", col.text);
	assert_int_equal(col.findings, 1);
	pthread_mutex_lock(&s.col.mu);
	assert_int_equal(s.col.findings, 0);
	assert_non_null(strstr(s.col.stored_paths[0], "1.2.3.200"));
	pthread_mutex_unlock(&s.col.mu);
	(void)list;
	scp_stop(&s);
	remove_tree(src);
	free(src);
}

/* The output folder vanished: the object is refused with 0xA700 and the
 * sender goes on. */
static void
write_failure_answers_out_of_resources(void **state)
{
	struct scp s;
	struct dcb_engine_config cfg;
	struct collector col;
	char *src = make_dir();
	char path[4200];
	const char *list[1] = {path};
	struct dcb_scu_job job = {
	    .host = "127.0.0.1", .called_ae = "ANY-SCP", .paths = list, .n_paths = 1};

	scp_config(&s);
	scp_start(&s, true);
	assert_int_equal(rmdir(s.dir), 0);
	snprintf(path, sizeof path, "%s/one.dcm", src);
	make_file(path, CT, "1.2.3.400", ELE, 100, NULL, NULL);
	dcb_engine_config_init(&cfg, DCB_SIDE_SCU);
	collector_init(&col);
	job.port = s.port;
	run_scu(&cfg, &job, &col, NULL);
	assert_int_equal(col.file_failed, 1);
	assert_int_equal(col.last_status, 0xA700);
	pthread_mutex_lock(&s.col.mu);
	assert_non_null(strstr(s.col.text, "-od"));
	pthread_mutex_unlock(&s.col.mu);
	assert_int_equal(mkdir(s.dir, 0700), 0);
	scp_stop(&s);
	remove_tree(src);
	free(src);
}

static void
nobody_listening_fails_each_file(void **state)
{
	struct dcb_engine_config cfg;
	struct collector col;
	struct scp s;
	char *src = make_dir();
	char path[4200];
	const char *list[1] = {path};
	struct dcb_scu_job job = {
	    .host = "127.0.0.1", .called_ae = "ANY-SCP", .paths = list, .n_paths = 1};
	int port;

	/* A port that was free a moment ago. */
	scp_config(&s);
	scp_start(&s, true);
	port = s.port;
	scp_stop(&s);
	snprintf(path, sizeof path, "%s/one.dcm", src);
	make_file(path, CT, "1.2.3.8", ELE, 10, NULL, NULL);
	dcb_engine_config_init(&cfg, DCB_SIDE_SCU);
	collector_init(&col);
	job.port = port;
	run_scu(&cfg, &job, &col, NULL);
	assert_int_equal(col.file_failed, 1);
	assert_non_null(strstr(col.text, "refused"));
	remove_tree(src);
	free(src);
}

/* A raw client socket to the SCP. */
static int
raw_connect(int port)
{
	struct sockaddr_in sa = {.sin_family = AF_INET,
	                         .sin_port = htons((uint16_t)port),
	                         .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	return fd;
}

/* Waits up to ms for the peer to close fd; true when it did. */
static bool
closed_within(int fd, int ms)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};
	char buf[256];

	while (poll(&p, 1, ms) == 1) {
		ssize_t n = read(fd, buf, sizeof buf);
		if (n <= 0)
			return true;
	}
	return false;
}

/* A loopback black hole: a listener with a backlog of 0, filled, so a
 * further SYN is dropped and a connect to it never completes. */
static int
black_hole(int *fill, int n_fill)
{
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t sl = sizeof sa;
	int l = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(l >= 0);
	assert_int_equal(bind(l, (struct sockaddr *)&sa, sizeof sa), 0);
	assert_int_equal(listen(l, 0), 0);
	assert_int_equal(getsockname(l, (struct sockaddr *)&sa, &sl), 0);
	for (int i = 0; i < n_fill; i++) {
		fill[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
		(void)connect(fill[i], (struct sockaddr *)&sa, sizeof sa);
	}
	fill[n_fill] = l;
	return ntohs(sa.sin_port);
}

struct done_times {
	pthread_mutex_t mu;
	unsigned n;
	unsigned ok[2];
	int64_t at[2];
	int job[2];            /* the jobs' numbers, in the order they ended */
	unsigned of_assoc, of_job; /* events of an association, and those naming a job */
	char error[512]; /* the last error's text */
};

static int64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
collect_done(const struct dcb_event *ev, void *user)
{
	struct done_times *d = user;

	if (ev->kind == DCB_EV_ERROR) {
		pthread_mutex_lock(&d->mu);
		snprintf(d->error, sizeof d->error, "%s", ev->u.error.text);
		pthread_mutex_unlock(&d->mu);
	}
	if (ev->assoc_id != 0) {
		pthread_mutex_lock(&d->mu);
		d->of_assoc++;
		d->of_job += ev->job == 1 || ev->job == 2;
		pthread_mutex_unlock(&d->mu);
	}
	if (ev->kind != DCB_EV_JOB_DONE)
		return;
	pthread_mutex_lock(&d->mu);
	if (d->n < 2) {
		d->ok[d->n] = ev->u.done.ok;
		d->at[d->n] = mono_ms();
		d->job[d->n] = ev->job;
	}
	d->n++;
	pthread_mutex_unlock(&d->mu);
}

/* Two jobs of one engine run at once, each on an association of its own:
 * the first connects to a black hole (its connect never completes), the
 * second echoes a real SCP meanwhile, and is done long before the first
 * one's connect times out (-to 3 s).  Each end, and each event of their
 * associations, names its job by the number the submit returned. */
static void
jobs_run_at_once_past_a_black_hole(void **state)
{
	struct scp s;
	struct dcb_engine_config cfg;
	struct done_times d = {.mu = PTHREAD_MUTEX_INITIALIZER};
	struct dcb_engine *e;
	struct dcb_error err;
	int fill[3];
	int hole = black_hole(fill, 2);
	struct dcb_scu_job stuck = {.host = "127.0.0.1", .port = hole, .called_ae = "ANY-SCP",
	                            .echo = true};
	struct dcb_scu_job echo = {.host = "127.0.0.1", .called_ae = "ANY-SCP", .echo = true};
	int64_t t0;

	(void)state;
	scp_config(&s);
	scp_start(&s, true);
	echo.port = s.port;
	dcb_engine_config_init(&cfg, DCB_SIDE_SCU);
	cfg.exit_when_idle = true;
	cfg.connect_timeout_ms = 3000;
	e = dcb_engine_new(&cfg, collect_done, &d, &err);
	assert_non_null(e);
	assert_int_equal(dcb_engine_submit(e, &stuck, &err), 1);
	assert_int_equal(dcb_engine_submit(e, &echo, &err), 2);
	t0 = mono_ms();
	assert_int_equal(dcb_engine_run(e), 0);
	dcb_engine_free(e);
	assert_int_equal(d.n, 2);
	/* the echo finished first, well before the black hole's timeout */
	assert_int_equal(d.ok[0], 1);
	assert_true(d.at[0] - t0 < 1500);
	assert_int_equal(d.ok[1], 0);
	assert_true(d.at[1] - t0 >= 2500);
	assert_int_equal(d.job[0], 2);
	assert_int_equal(d.job[1], 1);
	assert_true(d.of_assoc > 0);
	assert_int_equal(d.of_job, d.of_assoc);
	if (strstr(d.error, "timed out after 3 s") == NULL)
		fail_msg("the black hole's failure does not say it timed out: %s", d.error);
	for (int i = 0; i < 3; i++)
		close(fill[i]);
	scp_stop(&s);
}

static void
silent_peer_is_dropped_by_artim(void **state)
{
	struct scp s;
	int fd;

	scp_config(&s);
	s.cfg.artim_ms = 200;
	scp_start(&s, true);
	fd = raw_connect(s.port);
	assert_true(closed_within(fd, 3000));
	close(fd);
	/* A peer that stops in the middle of a PDU header. */
	fd = raw_connect(s.port);
	assert_int_equal(write(fd, "\x01\x00\x00", 3), 3);
	assert_true(closed_within(fd, 3000));
	close(fd);
	scp_stop(&s);
}

/* Transport factories that count their calls: the side's, and the one for
 * peers marked +tls (plain TCP stands in for TLS: the choice is tested). */
static int side_calls, tls_calls;

static struct dcb_transport *
side_factory(void *user, int fd, const char *peer, bool server, struct dcb_error *err)
{
	(void)user;
	(void)server;
	side_calls++;
	return dcb_tcp_wrap(fd, peer, err);
}

static struct dcb_transport *
tls_factory(void *user, int fd, const char *peer, bool server, struct dcb_error *err)
{
	(void)user;
	(void)server;
	tls_calls++;
	return dcb_tcp_wrap(fd, peer, err);
}

/* A job's tls picks the transport: the side's, plain TCP although the
 * side has its own, or the one for peers marked +tls. */
static void
each_association_speaks_tls_as_its_peer_says(void **state)
{
	static const enum dcb_conn_tls way[] = {DCB_CONN_SIDE, DCB_CONN_PLAIN, DCB_CONN_TLS};
	static const int want_side[] = {1, 0, 0}, want_tls[] = {0, 0, 1};
	struct scp s;
	struct dcb_engine_config cfg;
	struct dcb_scu_job job = {.host = "127.0.0.1", .called_ae = "ANY-SCP", .echo = true};
	struct collector col;

	(void)state;
	scp_config(&s);
	scp_start(&s, true);
	for (size_t i = 0; i < sizeof way / sizeof *way; i++) {
		dcb_engine_config_init(&cfg, DCB_SIDE_SCU);
		cfg.transport = side_factory;
		cfg.tls_client = tls_factory;
		side_calls = tls_calls = 0;
		collector_init(&col);
		job.port = s.port;
		job.tls = way[i];
		run_scu(&cfg, &job, &col, NULL);
		assert_int_equal(col.job.ok, 1);
		assert_int_equal(side_calls, want_side[i]);
		assert_int_equal(tls_calls, want_tls[i]);
	}
	scp_stop(&s);
}

/* A peer marked +tls on a side without TLS credentials: no connection,
 * and the error says which options to add. */
static void
tls_peer_without_credentials_says_what_to_add(void **state)
{
	struct scp s;
	struct dcb_engine_config cfg;
	struct dcb_scu_job job = {.host = "127.0.0.1",
	                          .called_ae = "TLSPEER",
	                          .echo = true,
	                          .tls = DCB_CONN_TLS};
	struct collector col;

	(void)state;
	scp_config(&s);
	scp_start(&s, true);
	dcb_engine_config_init(&cfg, DCB_SIDE_SCU);
	collector_init(&col);
	job.port = s.port;
	run_scu(&cfg, &job, &col, NULL);
	assert_int_equal(col.job.ok, 0);
	assert_int_equal(col.opened, 0);
	assert_non_null(strstr(col.text, "'TLSPEER'"));
	assert_non_null(strstr(col.text, "marked +tls"));
	assert_non_null(strstr(col.text, "+tls KEY CERT and +cf CA"));
	scp_stop(&s);
}

static void
tls_hello_on_plain_port_is_named(void **state)
{
	struct scp s;
	static const uint8_t hello[] = {0x16, 0x03, 0x01, 0x00, 0x40, 0x01, 0x00, 0x00,
	                                0x3c, 0x03, 0x03, 0,    0,    0,    0,    0};
	int fd;

	scp_config(&s);
	scp_start(&s, true);
	fd = raw_connect(s.port);
	assert_int_equal(write(fd, hello, sizeof hello), (ssize_t)sizeof hello);
	assert_true(closed_within(fd, 3000));
	close(fd);
	pthread_mutex_lock(&s.col.mu);
	if (strstr(s.col.text, "TLS") == NULL)
		fail_msg("no word of TLS in: %s", s.col.text);
	pthread_mutex_unlock(&s.col.mu);
	scp_stop(&s);
}

struct scu_thread {
	pthread_t th;
	struct dcb_scu_job job;
	const char *list[1];
	char path[4200];
	struct collector col;
};

static void *
scu_thread_run(void *arg)
{
	struct scu_thread *t = arg;
	struct dcb_engine_config cfg;

	dcb_engine_config_init(&cfg, DCB_SIDE_SCU);
	run_scu(&cfg, &t->job, &t->col, NULL);
	return NULL;
}

static void
several_associations_at_once(void **state)
{
	struct scp s;
	struct scu_thread t[4];
	char *src = make_dir();

	scp_config(&s);
	s.cfg.trace_pdus = false;
	scp_start(&s, true);
	for (int i = 0; i < 4; i++) {
		char inst[32];
		snprintf(t[i].path, sizeof t[i].path, "%s/f%d.dcm", src, i);
		snprintf(inst, sizeof inst, "1.2.3.9.%d", i);
		make_file(t[i].path, CT, inst, ELE, 2 * 1024 * 1024, NULL, NULL);
		t[i].list[0] = t[i].path;
		t[i].job = (struct dcb_scu_job){.host = "127.0.0.1",
		                                .port = s.port,
		                                .called_ae = "ANY-SCP",
		                                .paths = t[i].list,
		                                .n_paths = 1};
		collector_init(&t[i].col);
	}
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i].th, NULL, scu_thread_run, &t[i]), 0);
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i].th, NULL);
		assert_int_equal(t[i].col.file_ok, 1);
	}
	wait_stored(&s, 4);
	assert_int_equal(count_entries(s.dir), 4);
	scp_stop(&s);
	remove_tree(src);
	free(src);
}

static void
many_dropped_connections_leave_nothing_open(void **state)
{
	struct scp s;
	struct dcb_engine_stats st;
	unsigned closed = 0;

	scp_config(&s);
	s.cfg.trace_pdus = false;
	/* Above the association limit (+ 8) the SCP closes new connections
	 * unread, without an association: when this thread connects faster
	 * than the SCP sees the earlier ones close, that would take some of
	 * the 300 out of the count.  Room for all of them keeps it exact. */
	s.cfg.max_associations = 400;
	scp_start(&s, true);
	for (int i = 0; i < 300; i++) {
		int fd = raw_connect(s.port);
		if (i % 3 == 1) /* some stop in the middle of a PDU */
			assert_int_equal(write(fd, "\x01\x00\x00\x00\x00\x10", 6), 6);
		close(fd);
	}
	/* Every connection (connect() returned, so it is in the listen
	 * queue) becomes an association that is closed and freed. */
	unsigned opened = 0;
	for (int i = 0; i < 1000 && (closed < 300 || closed != opened); i++) {
		usleep(10000);
		pthread_mutex_lock(&s.col.mu);
		closed = s.col.closed;
		opened = s.col.opened;
		pthread_mutex_unlock(&s.col.mu);
	}
	assert_int_equal(opened, 300);
	assert_int_equal(closed, opened);
	dcb_engine_stop(s.e);
	pthread_join(s.th, NULL);
	dcb_engine_get_stats(s.e, &st);
	assert_int_equal(st.assocs_total, opened);
	assert_int_equal(st.assocs_open, 0);
	assert_int_equal(st.refused_busy, 0);
	/* scp_stop without a second join */
	dcb_engine_free(s.e);
	remove_tree(s.dir);
	free(s.dir);
}

/* Above max_associations + max_waiting open connections the SCP closes
 * new ones unread: they never become associations, and the stats count
 * them. */
static void
connections_above_the_limit_are_closed_and_counted(void **state)
{
	struct scp s;
	struct dcb_engine_stats st;
	int fd[20];

	scp_config(&s);
	s.cfg.trace_pdus = false;
	s.cfg.max_associations = 2;
	s.cfg.max_waiting = 8;
	scp_start(&s, true);
	for (int i = 0; i < 20; i++)
		fd[i] = raw_connect(s.port);
	/* The listen queue is first in, first out: the first 10 are held
	 * (they wait for an A-ASSOCIATE-RQ), the other 10 are closed. */
	for (int i = 10; i < 20; i++)
		assert_true(closed_within(fd[i], 5000));
	dcb_engine_stop(s.e);
	pthread_join(s.th, NULL);
	dcb_engine_get_stats(s.e, &st);
	assert_int_equal(st.assocs_total, 10);
	assert_int_equal(st.refused_busy, 10);
	for (int i = 0; i < 20; i++)
		close(fd[i]);
	dcb_engine_free(s.e);
	remove_tree(s.dir);
	free(s.dir);
}

/* A peer that sends an unreadable PDU and closes at once: the A-ABORT the
 * SCP queues for it cannot go out, and that failure happens inside the
 * close.  The association must still be counted out exactly once (a
 * double count left storescu polling forever with nothing open). */
static void
abort_to_a_closed_peer_is_counted_once(void **state)
{
	static const uint8_t bad[] = {0x09, 0, 0, 0, 0, 2, 0, 0}; /* no such PDU */
	struct iovec v = {(void *)bad, sizeof bad};
	struct dcb_transport *a, *b;
	struct dcb_engine_stats st;
	struct dcb_error err;
	unsigned closed = 0;
	struct scp s;

	scp_config(&s);
	scp_start(&s, false);
	assert_int_equal(dcb_mem_pair(0, &a, &b, &err), 0);
	assert_int_equal(dcb_transport_writev(a, &v, 1, &err), (ssize_t)sizeof bad);
	dcb_transport_free(a);
	assert_int_equal(dcb_engine_adopt(s.e, b, &err), 0);
	for (int i = 0; i < 500 && closed == 0; i++) {
		usleep(10000);
		pthread_mutex_lock(&s.col.mu);
		closed = s.col.closed;
		pthread_mutex_unlock(&s.col.mu);
	}
	assert_int_equal(closed, 1);
	dcb_engine_stop(s.e);
	pthread_join(s.th, NULL);
	dcb_engine_get_stats(s.e, &st);
	assert_int_equal(st.assocs_total, 1);
	assert_int_equal(st.assocs_open, 0);
	dcb_engine_free(s.e);
	remove_tree(s.dir);
	free(s.dir);
}

/* trace_fold: the data P-DATA-TFs of one loop turn come as one event with
 * a count; they stand for as many PDUs as the events without folding. */
static void
trace_fold_counts_every_pdu(void **state)
{
	struct scp s;
	struct dcb_engine_config cfg;
	struct collector plain, folded;
	char *src = make_dir();
	char path[4200];
	const char *list[1] = {path};
	struct dcb_scu_job job = {
	    .host = "127.0.0.1", .called_ae = "ANY-SCP", .paths = list, .n_paths = 1};

	scp_config(&s);
	s.cfg.trace_fold = true;
	scp_start(&s, true);
	snprintf(path, sizeof path, "%s/f.dcm", src);
	make_file(path, CT, "1.2.3.9", ELE, 3 * 1024 * 1024, NULL, NULL);
	job.port = s.port;
	dcb_engine_config_init(&cfg, DCB_SIDE_SCU);
	cfg.trace_pdus = true;
	collector_init(&plain);
	run_scu(&cfg, &job, &plain, NULL);
	cfg.trace_fold = true;
	collector_init(&folded);
	run_scu(&cfg, &job, &folded, NULL);
	if (plain.file_ok != 1 || folded.file_ok != 1)
		fail_msg("%s%s", plain.text, folded.text);
	/* 3 MiB in 16 KiB PDUs: some 190 P-DATA-TFs, in batches of 16 */
	assert_true(plain.pdus > 190);
	assert_int_equal(plain.pdu_units, plain.pdus);
	assert_int_equal(folded.pdu_units, plain.pdu_units);
	assert_true(folded.pdus < plain.pdus / 4);
	/* the SCP folds what it reads as well */
	wait_stored(&s, 2);
	pthread_mutex_lock(&s.col.mu);
	assert_true(s.col.pdus < s.col.pdu_units / 4);
	pthread_mutex_unlock(&s.col.mu);
	scp_stop(&s);
	remove_tree(src);
	free(src);
}

/* --- the trace's order ---------------------------------------------------------- */

/* Every event of one engine, in the order its sink saw them. */
struct record {
	enum dcb_event_kind kind;
	uint32_t assoc_id;
	struct timespec time;
	int state;
	struct dcb_ev_pdu pdu; /* PDU events */
};

struct recorder {
	pthread_mutex_t mu;
	unsigned n;
	struct record r[4096];
};

static void
record(const struct dcb_event *ev, void *user)
{
	struct recorder *rec = user;

	pthread_mutex_lock(&rec->mu);
	if (rec->n < sizeof rec->r / sizeof rec->r[0]) {
		struct record *r = &rec->r[rec->n++];
		r->kind = ev->kind;
		r->assoc_id = ev->assoc_id;
		r->time = ev->time;
		r->state = ev->kind == DCB_EV_ASSOC_STATE ? ev->u.assoc.state : 0;
		if (ev->kind == DCB_EV_PDU)
			r->pdu = ev->u.pdu;
	}
	pthread_mutex_unlock(&rec->mu);
}

static bool
ts_before(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

/* The association's events as tokens, runs of one PDU direction and type
 * folded into one: "I1" an A-ASSOCIATE-RQ came in, "O4" P-DATA-TFs went
 * out, "S" an object was stored, "F" a file's C-STORE finished. */
static void
tokens(const struct recorder *rec, uint32_t id, char *buf, size_t size)
{
	char last[8] = "";
	size_t len = 0;

	buf[0] = '\0';
	for (unsigned i = 0; i < rec->n; i++) {
		const struct record *r = &rec->r[i];
		char tok[8];
		if (r->assoc_id != id)
			continue;
		if (r->kind == DCB_EV_PDU)
			snprintf(tok, sizeof tok, "%c%u", r->pdu.outgoing ? 'O' : 'I', r->pdu.type);
		else if (r->kind == DCB_EV_STORED)
			snprintf(tok, sizeof tok, "S");
		else if (r->kind == DCB_EV_FILE_RESULT)
			snprintf(tok, sizeof tok, "F");
		else
			continue;
		if (strcmp(tok, last) == 0 && tok[0] != 'S' && tok[0] != 'F')
			continue;
		snprintf(last, sizeof last, "%s", tok);
		len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? " " : "", tok);
	}
}

/* Timestamps never go backwards, and the association ends with its Sta1. */
static void
assert_causal(const struct recorder *rec, uint32_t id)
{
	int last_state = -1;

	for (unsigned i = 1; i < rec->n; i++)
		if (ts_before(&rec->r[i].time, &rec->r[i - 1].time))
			fail_msg("event %u (kind %d) is older than event %u (kind %d)", i,
			         rec->r[i].kind, i - 1, rec->r[i - 1].kind);
	for (unsigned i = 0; i < rec->n; i++)
		if (rec->r[i].assoc_id == id && rec->r[i].kind != DCB_EV_LOG)
			last_state = rec->r[i].kind == DCB_EV_ASSOC_STATE ? rec->r[i].state : 0;
	assert_int_equal(last_state, 1);
}

/* The first P-DATA-TF event of the association in direction out that
 * carries message id of command (data or not); NULL if none. */
static const struct dcb_ev_pdu *
find_message(const struct recorder *rec, bool out, uint16_t command, uint16_t id, bool data)
{
	for (unsigned i = 0; i < rec->n; i++) {
		const struct dcb_ev_pdu *p = &rec->r[i].pdu;
		if (rec->r[i].kind == DCB_EV_PDU && p->type == 0x04 && p->outgoing == out &&
		    p->dimse.known && p->dimse.command == command && p->dimse.message_id == id &&
		    p->dimse.is_data == data)
			return p;
	}
	return NULL;
}

static void
assert_summary(const struct dcb_ev_pdu *p, const char *words)
{
	if (p == NULL)
		fail_msg("no P-DATA-TF says \"%s\"", words);
	if (strstr(p->summary, words) == NULL)
		fail_msg("\"%s\" does not say \"%s\"", p->summary, words);
}

/* Each P-DATA-TF says which DIMSE message it carries, as Wireshark does,
 * in its line and in fields of its own; data fragments name the message
 * they belong to. */
static void
assert_messages_named(const struct recorder *rec, bool scu)
{
	for (uint16_t id = 1; id <= 2; id++) {
		const struct dcb_ev_pdu *rq = find_message(rec, scu, 0x0001, id, false);
		const struct dcb_ev_pdu *data = find_message(rec, scu, 0x0001, id, true);
		const struct dcb_ev_pdu *rsp = find_message(rec, !scu, 0x8001, id, false);
		char words[64];

		snprintf(words, sizeof words, "P-DATA-TF C-STORE-RQ ID=%u CT Image Storage", id);
		assert_summary(rq, words);
		assert_true(rq->dimse.has_command);
		assert_false(rq->dimse.has_status);
		assert_string_equal(rq->dimse.sop_class_uid, CT);
		snprintf(words, sizeof words, "data of C-STORE-RQ ID=%u CT Image Storage", id);
		assert_summary(data, words);
		assert_false(data->dimse.has_command);
		assert_string_equal(data->dimse.sop_instance_uid, id == 1 ? "1.2.3.90.0" : "1.2.3.90.1");
		snprintf(words, sizeof words, "P-DATA-TF C-STORE-RSP ID=%u (Success)", id);
		assert_summary(rsp, words);
		assert_true(rsp->dimse.has_status);
		assert_int_equal(rsp->dimse.status, 0);
	}
}

/* With folding on both sides, each side's events keep PS3.8's order: the
 * data P-DATA-TFs of an object come before the object is stored and
 * before its C-STORE-RSP, and nothing in the trace goes back in time. */
static void
trace_keeps_ps38_order(bool memory_pair, size_t payload)
{
	struct scp s;
	struct dcb_engine_config cfg;
	struct recorder *scu = calloc(1, sizeof *scu), *scp = calloc(1, sizeof *scp);
	char *src = make_dir();
	char paths[2][4200], got[512];
	const char *list[2] = {paths[0], paths[1]};
	struct dcb_scu_job job = {
	    .host = "127.0.0.1", .called_ae = "ANY-SCP", .paths = list, .n_paths = 2};
	struct dcb_error err;
	struct dcb_engine *e;

	assert_non_null(scu);
	assert_non_null(scp);
	pthread_mutex_init(&scu->mu, NULL);
	pthread_mutex_init(&scp->mu, NULL);
	scp_config(&s);
	s.cfg.trace_fold = true;
	s.cfg.max_pdu = 16384;
	s.e = dcb_engine_new(&s.cfg, record, scp, &err);
	assert_non_null(s.e);
	if (!memory_pair) {
		s.port = dcb_engine_listen(s.e, "127.0.0.1", 0, &err);
		assert_true(s.port > 0);
	}
	assert_int_equal(pthread_create(&s.th, NULL, scp_thread, &s), 0);
	for (int i = 0; i < 2; i++) {
		char inst[32];
		snprintf(paths[i], sizeof paths[i], "%s/f%d.dcm", src, i);
		snprintf(inst, sizeof inst, "1.2.3.90.%d", i);
		make_file(paths[i], CT, inst, ELE, payload, NULL, NULL);
	}
	dcb_engine_config_init(&cfg, DCB_SIDE_SCU);
	cfg.trace_pdus = true;
	cfg.trace_fold = true;
	cfg.exit_when_idle = true;
	if (memory_pair) {
		cfg.connect = mem_connect;
		cfg.connect_user = &s;
	}
	job.port = memory_pair ? 1 : s.port;
	if (memory_pair)
		job.host = "memory";
	e = dcb_engine_new(&cfg, record, scu, &err);
	assert_non_null(e);
	assert_true(dcb_engine_submit(e, &job, &err) > 0);
	assert_int_equal(dcb_engine_run(e), 0);
	dcb_engine_free(e);
	for (int i = 0; i < 500; i++) {
		pthread_mutex_lock(&scp->mu);
		bool closed = scp->n > 0 && scp->r[scp->n - 1].kind == DCB_EV_ASSOC_STATE &&
		              scp->r[scp->n - 1].state == 1;
		pthread_mutex_unlock(&scp->mu);
		if (closed)
			break;
		usleep(10000);
	}
	dcb_engine_stop(s.e);
	pthread_join(s.th, NULL);

	tokens(scu, 1, got, sizeof got);
	assert_string_equal(got, "O1 I2 O4 I4 F O4 I4 F O5 I6");
	tokens(scp, 1, got, sizeof got);
	assert_string_equal(got, "I1 O2 I4 S O4 I4 S O4 I5 O6");
	assert_causal(scu, 1);
	assert_causal(scp, 1);
	assert_messages_named(scu, true);
	assert_messages_named(scp, false);

	dcb_engine_free(s.e);
	remove_tree(s.dir);
	free(s.dir);
	remove_tree(src);
	free(src);
	free(scu);
	free(scp);
}

static void
trace_order_over_memory_pair(void **state)
{
	trace_keeps_ps38_order(true, 40000);
}

static void
trace_order_over_loopback(void **state)
{
	trace_keeps_ps38_order(false, 1024 * 1024 + 5);
}

/* Reads one whole PDU from fd into buf; returns its type. */
static int
read_pdu(int fd, uint8_t *buf, size_t size)
{
	size_t got = 0, want = DCB_PDU_HEADER;

	while (got < want) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		assert_int_equal(poll(&p, 1, 5000), 1);
		ssize_t n = read(fd, buf + got, want - got);
		assert_true(n > 0);
		got += (size_t)n;
		if (got == DCB_PDU_HEADER) {
			want += ((size_t)buf[2] << 24) | ((size_t)buf[3] << 16) |
			        ((size_t)buf[4] << 8) | buf[5];
			assert_true(want <= size);
		}
	}
	return buf[0];
}

/* An incoming P-DATA-TF half read when another association's events go
 * out waits for its end: it goes into the trace named (a C-ECHO-RQ), not
 * as bare bytes, and the times still never go backwards. */
static void
half_read_pdu_waits_for_its_message(void **state)
{
	struct scp s;
	struct recorder *rec = calloc(1, sizeof *rec);
	struct dcb_pdu *rq = calloc(1, sizeof *rq);
	struct dcb_engine_config cfg;
	struct dcb_scu_job job = {.host = "127.0.0.1", .called_ae = "ANY-SCP", .echo = true};
	struct collector col;
	struct dcb_dimse_cmd c;
	struct dcb_error err;
	uint8_t pdu[4096];
	ssize_t n, cmd;
	int fd, named = 0;

	assert_non_null(rec);
	assert_non_null(rq);
	pthread_mutex_init(&rec->mu, NULL);
	scp_config(&s);
	s.e = dcb_engine_new(&s.cfg, record, rec, &err);
	assert_non_null(s.e);
	s.port = dcb_engine_listen(s.e, "127.0.0.1", 0, &err);
	assert_true(s.port > 0);
	assert_int_equal(pthread_create(&s.th, NULL, scp_thread, &s), 0);

	/* a raw peer: associates, then sends a C-ECHO-RQ's first bytes */
	dcb_pdu_init(rq, DCB_PDU_ASSOCIATE_RQ);
	strcpy(rq->u.assoc.called_ae, "ANY-SCP");
	strcpy(rq->u.assoc.calling_ae, "RAW");
	rq->u.assoc.n_pctx = 1;
	rq->u.assoc.pctx[0].id = 1;
	strcpy(rq->u.assoc.pctx[0].abstract_syntax, "1.2.840.10008.1.1");
	rq->u.assoc.pctx[0].n_ts = 1;
	strcpy(rq->u.assoc.pctx[0].ts[0], "1.2.840.10008.1.2");
	rq->u.assoc.user.max_length = 16384;
	strcpy(rq->u.assoc.user.impl_class_uid, "1.2.3.4");
	n = dcb_pdu_encode(rq, pdu, sizeof pdu, &err);
	assert_true(n > 0);
	fd = raw_connect(s.port);
	assert_int_equal(write(fd, pdu, (size_t)n), n);
	assert_int_equal(read_pdu(fd, pdu, sizeof pdu), DCB_PDU_ASSOCIATE_AC);
	dcb_dimse_echo_rq(&c, 5);
	cmd = dcb_dimse_encode(&c, pdu + DCB_PDU_HEADER + DCB_PDV_HEADER,
	                       sizeof pdu - DCB_PDU_HEADER - DCB_PDV_HEADER, &err);
	assert_true(cmd > 0);
	dcb_pdu_pdata_header(pdu, (uint32_t)(cmd + DCB_PDV_HEADER));
	dcb_pdu_pdv_header(pdu + DCB_PDU_HEADER, (uint32_t)cmd, 1,
	                   DCB_MCH_COMMAND | DCB_MCH_LAST);
	n = DCB_PDU_HEADER + DCB_PDV_HEADER + cmd;
	assert_int_equal(write(fd, pdu, 20), 20);
	usleep(100000);

	/* meanwhile a whole echo on another association */
	dcb_engine_config_init(&cfg, DCB_SIDE_SCU);
	collector_init(&col);
	job.port = s.port;
	run_scu(&cfg, &job, &col, NULL);
	assert_int_equal(col.job.ok, 1);

	/* the rest of the C-ECHO-RQ, answered */
	assert_int_equal(write(fd, pdu + 20, (size_t)n - 20), n - 20);
	assert_int_equal(read_pdu(fd, pdu, sizeof pdu), DCB_PDU_P_DATA_TF);
	close(fd);
	usleep(100000);
	dcb_engine_stop(s.e);
	pthread_join(s.th, NULL);

	for (unsigned i = 0; i < rec->n; i++) {
		const struct dcb_ev_pdu *p = &rec->r[i].pdu;
		if (rec->r[i].kind != DCB_EV_PDU || p->type != DCB_PDU_P_DATA_TF || p->outgoing)
			continue;
		if (!p->dimse.known)
			fail_msg("a P-DATA-TF went into the trace unnamed: %s", p->summary);
		named += p->dimse.command == 0x0030 && p->dimse.message_id == 5;
		if (i > 0 && ts_before(&rec->r[i].time, &rec->r[i - 1].time))
			fail_msg("event %u is older than the one before it", i);
	}
	assert_int_equal(named, 1);
	dcb_engine_free(s.e);
	remove_tree(s.dir);
	free(s.dir);
	free(rq);
	free(rec);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(echo_over_loopback),
	    cmocka_unit_test(store_files_byte_for_byte),
	    cmocka_unit_test(store_over_memory_pair_in_small_chunks),
	    cmocka_unit_test(stream_resumes_after_full_socket),
	    cmocka_unit_test(echo_and_store_over_a_socket_pair_hook),
	    cmocka_unit_test(refusing_connect_hook_fails_the_file),
	    cmocka_unit_test(more_than_128_contexts_use_two_associations),
	    cmocka_unit_test(wrong_called_ae_is_rejected_with_advice),
	    cmocka_unit_test(bad_files_do_not_stop_the_job),
	    cmocka_unit_test(hostile_instance_uid_is_refused),
	    cmocka_unit_test(unique_names_store_an_invalid_instance_uid_with_a_finding),
	    cmocka_unit_test(nobody_listening_fails_each_file),
	    cmocka_unit_test(meta_mismatch_sends_dataset_uid),
	    cmocka_unit_test(stored_objects_are_indexed),
	    cmocka_unit_test(toy_service_over_memory),
	    cmocka_unit_test(service_sends_a_data_set_from_memory),
	    cmocka_unit_test(jobs_run_at_once_past_a_black_hole),
	    cmocka_unit_test(write_failure_answers_out_of_resources),
	    cmocka_unit_test(silent_peer_is_dropped_by_artim),
	    cmocka_unit_test(tls_hello_on_plain_port_is_named),
	    cmocka_unit_test(each_association_speaks_tls_as_its_peer_says),
	    cmocka_unit_test(tls_peer_without_credentials_says_what_to_add),
	    cmocka_unit_test(several_associations_at_once),
	    cmocka_unit_test(many_dropped_connections_leave_nothing_open),
	    cmocka_unit_test(connections_above_the_limit_are_closed_and_counted),
	    cmocka_unit_test(abort_to_a_closed_peer_is_counted_once),
	    cmocka_unit_test(trace_fold_counts_every_pdu),
	    cmocka_unit_test(trace_order_over_memory_pair),
	    cmocka_unit_test(trace_order_over_loopback),
	    cmocka_unit_test(half_read_pdu_waits_for_its_message),
	};
	/* A stalled engine must fail the run, not hang it (SIGALRM kills). */
	alarm(120);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
