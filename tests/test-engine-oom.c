/* test-engine-oom.c — the engine when memory runs out: every calloc() the
 * library makes while it takes a job fails in turn (the binary is linked
 * with --wrap=calloc), and whatever fails, the engine says so and frees what
 * it held.  The sanitizer build's leak checker turns a leak into a failure;
 * every build checks that the out-of-memory paths were really taken. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../src/engine.h"

void *__real_calloc(size_t n, size_t size);
void *__wrap_calloc(size_t n, size_t size);

static int fail_countdown; /* the Nth calloc from now fails; 0: none */
static int failed;         /* callocs made to fail */

void *
__wrap_calloc(size_t n, size_t size)
{
	if (fail_countdown > 0 && --fail_countdown == 0) {
		failed++;
		return NULL;
	}
	return __real_calloc(n, size);
}

struct seen {
	unsigned oom_errors, done;
};

static void
sink(const struct dcb_event *ev, void *user)
{
	struct seen *s = user;

	if (ev->kind == DCB_EV_ERROR && strstr(ev->u.error.text, "out of memory") != NULL)
		s->oom_errors++;
	if (ev->kind == DCB_EV_JOB_DONE)
		s->done++;
}

/* A job whose own allocations fail one after another: the first calloc
 * after the job is queued, then the second, ...  Port 9 on loopback
 * refuses, so a job that gets its memory ends at once. */
static void
test_job_allocations_fail(void **state)
{
	const char *paths[] = {"/nonexistent/a.dcm", "/nonexistent/b.dcm"};
	unsigned oom_runs = 0;

	(void)state;
	for (int k = 1; k <= 8; k++) {
		struct dcb_engine_config cfg;
		struct dcb_scu_job job = {.host = "127.0.0.1", .port = 9};
		struct seen seen = {0};
		struct dcb_engine *e;

		dcb_engine_config_init(&cfg, DCB_SIDE_SCU);
		cfg.exit_when_idle = true;
		cfg.no_dns = true;
		e = dcb_engine_new(&cfg, sink, &seen, NULL);
		assert_non_null(e);
		job.paths = paths;
		job.n_paths = 2;
		assert_true(dcb_engine_submit(e, &job, NULL) > 0);
		failed = 0;
		fail_countdown = k;
		assert_int_equal(dcb_engine_run(e), 0);
		fail_countdown = 0;
		dcb_engine_free(e);
		if (failed > 0) {
			assert_true(seen.oom_errors > 0);
			oom_runs++;
		}
	}
	/* the first calloc after submit is the job's run: that path was taken */
	assert_true(oom_runs > 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_job_allocations_fail),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
