/* pixels.c — how long one frame takes: read and decode
 * (dcb_pixel_read_frame), then the display pipeline (dcb_display_render
 * with the file's window), best and median of N runs, in milliseconds.
 * Run by tests/bench/pixels.sh; not part of make check.
 *
 *   tests/bench/pixels [-n N] FILE... */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../src/pixel-display.h"
#include "../../src/pixel-file.h"

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int
bench(const char *path, int n)
{
	double *dec = calloc((size_t)n, sizeof *dec), *ren = calloc((size_t)n, sizeof *ren);
	struct dcb_window win = {.mode = DCB_WINDOW_FILE};
	unsigned rows = 0, cols = 0;

	if (dec == NULL || ren == NULL)
		return 1;
	for (int i = 0; i < n; i++) {
		struct dcb_pixel_info info;
		struct dcb_frame f;
		struct dcb_picture pic;
		struct dcb_error err = {0};
		double t0 = now_ms(), t1, t2;
		int rc = dcb_pixel_read_frame(path, 0, &info, &f, &err);

		t1 = now_ms();
		if (rc == 0)
			rc = dcb_display_render(&info, &f, &win, &pic, NULL, &err);
		t2 = now_ms();
		if (rc < 0) {
			fprintf(stderr, "%s: %s\n", path, err.message);
			return 1;
		}
		rows = pic.rows, cols = pic.cols;
		dec[i] = t1 - t0;
		ren[i] = t2 - t1;
		dcb_picture_clear(&pic);
		dcb_frame_clear(&f);
		dcb_pixel_info_clear(&info);
	}
	qsort(dec, (size_t)n, sizeof *dec, cmp_double);
	qsort(ren, (size_t)n, sizeof *ren, cmp_double);
	printf("%-28s %5u x %-5u decode %7.1f ms (median %7.1f)  render %6.1f ms (median %6.1f)\n",
	       strrchr(path, '/') ? strrchr(path, '/') + 1 : path, cols, rows, dec[0], dec[n / 2],
	       ren[0], ren[n / 2]);
	free(dec);
	free(ren);
	return 0;
}

int
main(int argc, char **argv)
{
	int n = 9, rc = 0, i = 1;

	if (argc > 2 && strcmp(argv[1], "-n") == 0) {
		n = atoi(argv[2]);
		i = 3;
	}
	if (n < 1 || i >= argc) {
		fprintf(stderr, "usage: %s [-n N] FILE...\n", argv[0]);
		return 2;
	}
	for (; i < argc; i++)
		rc |= bench(argv[i], n);
	return rc;
}
