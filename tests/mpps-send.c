/* mpps-send.c — check program for the tmux tests: the MPPS SCU of
 * mpps-wire.c over TCP (dcmtk has no MPPS SCU).
 *
 *   mpps-send --entry PATH                  writes the worklist entry the steps
 *                                           perform (DOE^JOHN, ACC1, step SPS1)
 *   mpps-send HOST PORT CALLED create UID   N-CREATE IN PROGRESS of step UID
 *   mpps-send HOST PORT CALLED complete UID N-SET of step UID to COMPLETED
 *
 * Runs as one cmocka test: exit status 0 when the SCP answered success. */
#include "config.h"

#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>

#include "../src/dimse.h"
#include "../src/dset.h"
#include "../src/mpps.h"
#include "../src/transport-tcp.h"
#include "mpps-wire.h"
#include "wl-build.h"

static char **args;

static void
send_step(void **state)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	struct dcb_dimse_cmd rsp;
	struct mw_scu u;
	uint16_t status;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	(void)state;
	sa.sin_port = htons((uint16_t)atoi(args[2]));
	assert_int_equal(inet_pton(AF_INET, args[1], &sa.sin_addr), 1);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	mw_associate(&u, dcb_tcp_wrap(fd, args[1], NULL), args[3], DCB_UID_MPPS);
	if (strcmp(args[4], "create") == 0)
		status = mw_n_create(&u, args[5], "IN PROGRESS", &rsp);
	else
		status = mw_n_set(&u, args[5], true, &rsp);
	mw_release(&u);
	printf("%s %s: status 0x%04x\n", args[4], args[5], status);
	assert_int_equal(status, 0);
}

static void
write_entry(void **state)
{
	struct dcb_dset *ds = wl_entry("DOE^JOHN", "ACC1", "CT1", "CT", "20240105");

	(void)state;
	wl_write(args[2], ds, WL_ELE, true);
	dcb_dset_free(ds);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest send[] = {cmocka_unit_test(send_step)};
	const struct CMUnitTest entry[] = {cmocka_unit_test(write_entry)};

	args = argv;
	if (argc == 3 && strcmp(argv[1], "--entry") == 0)
		return cmocka_run_group_tests(entry, NULL, NULL);
	if (argc == 6 &&
	    (strcmp(argv[4], "create") == 0 || strcmp(argv[4], "complete") == 0))
		return cmocka_run_group_tests(send, NULL, NULL);
	fprintf(stderr, "usage: mpps-send --entry PATH | HOST PORT CALLED create|complete UID\n");
	return 2;
}
