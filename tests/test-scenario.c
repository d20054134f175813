/* test-scenario.c — fault descriptions (scenario.c) and the pcap writer
 * (pcap.c): parsing, the association verdict, context filtering, and the
 * bytes of a written capture (header, sequence numbers, checksums). */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "../src/pcap.h"
#include "../src/scenario.h"

#define CT "1.2.840.10008.5.1.4.1.1.2"
#define MR "1.2.840.10008.5.1.4.1.1.4"
#define ELE "1.2.840.10008.1.2.1"
#define ILE "1.2.840.10008.1.2"

static void
parse_reject(void **state)
{
	struct dcb_scenario s = {0};
	struct dcb_error err = {0};

	(void)state;
	assert_int_equal(dcb_scenario_parse_reject(&s, "2,3,2", &err), 0);
	assert_true(s.reject_assoc);
	assert_int_equal(s.rj_result, 2);
	assert_int_equal(s.rj_source, 3);
	assert_int_equal(s.rj_reason, 2);
	assert_int_equal(dcb_scenario_parse_reject(&s, "3,1,1", &err), DCB_ERR_USAGE);
	assert_non_null(strstr(err.message, "result 3"));
	assert_int_equal(dcb_scenario_parse_reject(&s, "1,4,1", &err), DCB_ERR_USAGE);
	assert_int_equal(dcb_scenario_parse_reject(&s, "1,1,8", &err), DCB_ERR_USAGE);
	assert_int_equal(dcb_scenario_parse_reject(&s, "1,1", &err), DCB_ERR_USAGE);
	assert_int_equal(dcb_scenario_parse_reject(&s, "1,1,1,", &err), DCB_ERR_USAGE);
	assert_int_equal(dcb_scenario_parse_reject(&s, "", &err), DCB_ERR_USAGE);
}

static void
parse_status(void **state)
{
	struct dcb_scenario s = {0};
	struct dcb_error err = {0};

	(void)state;
	assert_int_equal(dcb_scenario_parse_status(&s, "0xA700", &err), 0);
	assert_int_equal(s.status, 0xA700);
	assert_int_equal(dcb_scenario_parse_status(&s, "B000", &err), 0);
	assert_int_equal(s.status, 0xB000);
	assert_int_equal(dcb_scenario_parse_status(&s, "273", &err), 0);
	assert_int_equal(s.status, 0x0111);
	assert_int_equal(dcb_scenario_parse_status(&s, "0x10000", &err), DCB_ERR_USAGE);
	assert_int_equal(dcb_scenario_parse_status(&s, "-1", &err), DCB_ERR_USAGE);
	assert_int_equal(dcb_scenario_parse_status(&s, "xyz", &err), DCB_ERR_USAGE);
}

static void
describe_and_active(void **state)
{
	struct dcb_scenario s = {0};
	char buf[128];

	(void)state;
	assert_false(dcb_scenario_active(&s));
	assert_false(dcb_scenario_active(NULL));
	dcb_scenario_describe(&s, buf, sizeof buf);
	assert_string_equal(buf, "");
	s.status_set = true;
	s.status = 0xA700;
	s.sleep_after_s = 2;
	assert_true(dcb_scenario_active(&s));
	dcb_scenario_describe(&s, buf, sizeof buf);
	assert_string_equal(buf, "status 0xA700, sleep-after 2 s");
	dcb_scenario_describe(&s, buf, 8); /* cut, still terminated */
	assert_int_equal(strlen(buf), 7);
}

static void
verdict(void **state)
{
	struct dcb_scenario s = {0};
	struct dcb_assoc *rq = calloc(1, sizeof *rq);
	uint8_t r = 0, src = 0, rn = 0;
	char why[200];

	(void)state;
	assert_non_null(rq);
	assert_false(dcb_scenario_assoc_verdict(&s, rq, &r, &src, &rn, why, sizeof why));
	s.reject_no_impl = true;
	assert_true(dcb_scenario_assoc_verdict(&s, rq, &r, &src, &rn, why, sizeof why));
	assert_int_equal(r, 1);
	strcpy(rq->user.impl_class_uid, "1.2.3");
	assert_false(dcb_scenario_assoc_verdict(&s, rq, &r, &src, &rn, why, sizeof why));
	assert_int_equal(dcb_scenario_parse_reject(&s, "2,2,2", NULL), 0);
	assert_true(dcb_scenario_assoc_verdict(&s, rq, &r, &src, &rn, why, sizeof why));
	assert_int_equal(r * 100 + src * 10 + rn, 222);
	s.refuse = true;
	assert_true(dcb_scenario_assoc_verdict(&s, rq, &r, &src, &rn, why, sizeof why));
	assert_int_equal(r * 100 + src * 10 + rn, 111);
	free(rq);
}

static void
filter_contexts(void **state)
{
	struct dcb_scenario s = {0};
	struct dcb_assoc *rq = calloc(1, sizeof *rq), *ac = calloc(1, sizeof *ac);
	struct dcb_error err = {0};
	const char *as[3] = {CT, MR, CT};
	const char *ts[3] = {ELE, ELE, ILE};

	(void)state;
	assert_non_null(rq);
	assert_non_null(ac);
	rq->n_pctx = ac->n_pctx = 3;
	for (int i = 0; i < 3; i++) {
		rq->pctx[i].id = ac->pctx[i].id = (uint8_t)(2 * i + 1);
		strcpy(rq->pctx[i].abstract_syntax, as[i]);
		rq->pctx[i].n_ts = ac->pctx[i].n_ts = 1;
		strcpy(rq->pctx[i].ts[0], ts[i]);
		strcpy(ac->pctx[i].ts[0], ts[i]);
	}
	assert_int_equal(dcb_scenario_filter_ac(&s, rq, ac), 0);
	assert_int_equal(dcb_scenario_add_reject(&s, MR, &err), 0);
	assert_int_equal(dcb_scenario_add_reject(&s, ILE, &err), 0);
	assert_int_equal(dcb_scenario_add_reject(&s, "1.2.x", &err), DCB_ERR_USAGE);
	assert_int_equal(dcb_scenario_filter_ac(&s, rq, ac), 2);
	assert_int_equal(ac->pctx[0].result, DCB_PCTX_ACCEPTANCE);
	assert_int_equal(ac->pctx[1].result, DCB_PCTX_ABSTRACT_NOT_SUPPORTED);
	assert_int_equal(ac->pctx[2].result, DCB_PCTX_TS_NOT_SUPPORTED);
	free(rq);
	free(ac);
}

static uint32_t
rd32le(const uint8_t *b)
{
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static uint32_t
rd32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* One's complement sum over the packet including the stored checksum is
 * 0xffff when the checksum is right. */
static uint16_t
fold(const uint8_t *b, size_t n, uint32_t sum)
{
	for (size_t i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)b[i] << 8 | b[i + 1];
	if (n & 1)
		sum += (uint32_t)b[n - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

static void
pcap_flow(void **state)
{
	char path[] = "/tmp/test-scenario-XXXXXX";
	int fd = mkstemp(path);
	struct dcb_error err = {0};
	struct sockaddr_in c = {.sin_family = AF_INET}, s = {.sin_family = AF_INET};
	uint8_t buf[4096];
	struct dcb_pcap *p;
	struct dcb_pcap_flow *f;
	size_t len, off;
	unsigned packets = 0, with_data = 0;
	uint32_t client_seq_after_data = 0;
	FILE *in;

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	inet_pton(AF_INET, "127.0.0.1", &c.sin_addr);
	inet_pton(AF_INET, "127.0.0.1", &s.sin_addr);
	c.sin_port = htons(50000);
	s.sin_port = htons(104);
	p = dcb_pcap_open(path, &err);
	assert_non_null(p);
	f = dcb_pcap_flow_begin(p, (struct sockaddr *)&c, (struct sockaddr *)&s);
	assert_non_null(f);
	dcb_pcap_flow_data(f, true, "\x01\x00\x00\x00\x00\x01X", 7);
	dcb_pcap_flow_data(f, false, "\x02\x00\x00\x00\x00\x01Y", 7);
	dcb_pcap_flow_end(f);
	dcb_pcap_close(p);

	in = fopen(path, "rb");
	assert_non_null(in);
	len = fread(buf, 1, sizeof buf, in);
	fclose(in);
	unlink(path);
	assert_true(len > 24);
	assert_int_equal(rd32le(buf), 0xa1b2c3d4);
	assert_int_equal(rd32le(buf + 20), 101);
	for (off = 24; off + 16 <= len; packets++) {
		uint32_t n = rd32le(buf + off + 8);
		const uint8_t *ip = buf + off + 16, *tcp = ip + 20;
		uint32_t pseudo;
		assert_true(off + 16 + n <= len);
		assert_int_equal(ip[0], 0x45);
		assert_int_equal(fold(ip, 20, 0), 0xffff);
		pseudo = fold(ip + 12, 8, 0) + 6 + (n - 20);
		assert_int_equal(fold(tcp, n - 20, pseudo), 0xffff);
		if (n > 40) {
			with_data++;
			if (tcp[0] == 0xc3) /* from the client, port 50000 */
				client_seq_after_data = rd32(tcp + 4) + (n - 40);
		}
		/* the client's FIN carries the sequence number after its data */
		if ((tcp[13] & 0x01) && tcp[0] == 0xc3)
			assert_int_equal(rd32(tcp + 4), client_seq_after_data);
		off += 16 + n;
	}
	assert_int_equal(off, len);
	assert_int_equal(with_data, 2);
	assert_int_equal(packets, 3 + 2 * 2 + 3);
}

static void
pcap_open_fails(void **state)
{
	struct dcb_error err = {0};

	(void)state;
	assert_null(dcb_pcap_open("/nonexistent-dir/x.pcap", &err));
	assert_int_equal(err.code, DCB_ERR_IO);
	assert_non_null(strstr(err.message, "/nonexistent-dir/x.pcap"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(parse_reject),        cmocka_unit_test(parse_status),
	    cmocka_unit_test(describe_and_active), cmocka_unit_test(verdict),
	    cmocka_unit_test(filter_contexts),     cmocka_unit_test(pcap_flow),
	    cmocka_unit_test(pcap_open_fails),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
