/* floor.c — the bench's floor: the same files over loopback with no DICOM
 * at all, only an 8-byte length before each file, in 256 KiB steps (read,
 * send, receive, write).  What the kernel needs to move the bytes; no
 * storage SCP and SCU can be faster on the same machine.
 *
 *   floor recv PORT OUTDIR        one connection, file N as OUTDIR/N
 *   floor send HOST PORT FILE...  sends the files, then closes */
#include "config.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define STEP (256 * 1024)

static uint8_t buf[STEP];

static void
die(const char *what)
{
	perror(what);
	exit(1);
}

static int
full(int (*io)(int, void *, size_t), int fd, void *p, size_t n)
{
	size_t done = 0;

	while (done < n) {
		int got = io(fd, (uint8_t *)p + done, n - done);
		if (got <= 0)
			return done == 0 && got == 0 ? 0 : -1;
		done += (size_t)got;
	}
	return 1;
}

static int
recv_some(int fd, void *p, size_t n)
{
	return (int)recv(fd, p, n, 0);
}

static int
send_some(int fd, void *p, size_t n)
{
	return (int)send(fd, p, n, 0);
}

static void
receive(int port, const char *dir)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	int one = 1, ls = socket(AF_INET, SOCK_STREAM, 0), s;
	uint64_t left;
	char path[4096];

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(ls, (struct sockaddr *)&a, sizeof a) != 0 || listen(ls, 1) != 0)
		die("floor: listen");
	s = accept(ls, NULL, NULL);
	if (s < 0)
		die("floor: accept");
	for (unsigned i = 1; full(recv_some, s, &left, 8) == 1; i++) {
		int fd;
		snprintf(path, sizeof path, "%s/%u", dir, i);
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0)
			die(path);
		while (left > 0) {
			ssize_t n = recv(s, buf, left < STEP ? left : STEP, 0);
			if (n <= 0)
				die("floor: the sender stopped inside a file");
			if (write(fd, buf, (size_t)n) != n)
				die(path);
			left -= (uint64_t)n;
		}
		close(fd);
	}
}

static void
send_files(const char *host, int port, char **files, int n)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	int s = socket(AF_INET, SOCK_STREAM, 0);

	if (inet_pton(AF_INET, host, &a.sin_addr) != 1 ||
	    connect(s, (struct sockaddr *)&a, sizeof a) != 0)
		die("floor: connect");
	for (int i = 0; i < n; i++) {
		int fd = open(files[i], O_RDONLY);
		struct stat st;
		uint64_t size;
		off_t off = 0;
		ssize_t got;

		if (fd < 0 || fstat(fd, &st) != 0)
			die(files[i]);
		size = (uint64_t)st.st_size;
		if (full(send_some, s, &size, 8) != 1)
			die("floor: send");
		while ((got = pread(fd, buf, STEP, off)) > 0) {
			if (full(send_some, s, buf, (size_t)got) != 1)
				die("floor: send");
			off += got;
		}
		close(fd);
	}
	close(s);
}

int
main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "recv") == 0)
		receive(atoi(argv[2]), argv[3]);
	else if (argc >= 5 && strcmp(argv[1], "send") == 0)
		send_files(argv[2], atoi(argv[3]), argv + 4, argc - 4);
	else
		fprintf(stderr, "usage: floor recv PORT OUTDIR | floor send HOST PORT FILE...\n");
	return argc >= 4 ? 0 : 2;
}
