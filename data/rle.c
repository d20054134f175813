/* rle.c — RLE Lossless encoder of PS3.5 Annex G (see rle.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dcmwrite.h"
#include "rle.h"

/* PackBits one row of n bytes into out; returns the bytes written. */
static size_t
pack_row(const unsigned char *in, size_t n, unsigned char *out)
{
	size_t i = 0, o = 0;

	while (i < n) {
		size_t run = 1;

		while (i + run < n && run < 128 && in[i + run] == in[i])
			run++;
		if (run >= 2) {
			/* replicate: header -(run-1), then the byte */
			out[o++] = (unsigned char)(257 - run);
			out[o++] = in[i];
			i += run;
			continue;
		}
		/* literal: up to 128 bytes, stopping before a run of three */
		size_t lit = 0;

		while (i + lit < n && lit < 128) {
			if (i + lit + 2 < n && in[i + lit] == in[i + lit + 1] &&
			    in[i + lit] == in[i + lit + 2])
				break;
			lit++;
		}
		if (lit == 0)
			lit = 1;
		out[o++] = (unsigned char)(lit - 1);
		memcpy(out + o, in + i, lit);
		o += lit;
		i += lit;
	}
	return o;
}

static void
put_le32(unsigned char *p, size_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

unsigned char *
rle_encode_frame(const unsigned char *pix, unsigned rows, unsigned cols, unsigned spp, unsigned bps,
                 size_t *out_len)
{
	unsigned nseg = spp * bps, s, r, c;
	size_t pixel = (size_t)spp * bps;
	size_t worst = 64 + (size_t)nseg * ((size_t)rows * (cols + cols / 128 + 2) + 1);
	unsigned char *out, *plane;
	size_t o = 64;

	if (nseg == 0 || nseg > 15) {
		fprintf(stderr, "mksamples: RLE cannot hold %u segments\n", nseg);
		exit(1);
	}
	out = dw_xalloc(calloc(1, worst));
	plane = dw_xalloc(malloc(cols ? cols : 1));
	put_le32(out, nseg);
	for (s = 0; s < nseg; s++) {
		/* segment s: sample s / bps, byte bps-1 - s % bps (MSB first) */
		size_t byte = (s / bps) * bps + (bps - 1 - s % bps);

		put_le32(out + 4 + 4 * s, o);
		for (r = 0; r < rows; r++) {
			const unsigned char *row = pix + (size_t)r * cols * pixel;

			for (c = 0; c < cols; c++)
				plane[c] = row[(size_t)c * pixel + byte];
			o += pack_row(plane, cols, out + o);
		}
		if (o & 1)
			out[o++] = 0;
	}
	free(plane);
	*out_len = o;
	return out;
}
