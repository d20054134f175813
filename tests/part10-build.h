/* part10-build.h — building Part 10 inputs byte by byte for the reader's
 * tests, and reading them back into a list that is easy to assert on. */
#ifndef DCB_TEST_PART10_BUILD_H
#define DCB_TEST_PART10_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../src/part10.h"

enum mode { IMPLICIT, EXPLICIT, BIG };

struct bytes {
	uint8_t d[16384];
	size_t n;
	enum mode mode;
};

/* What one element looked like, for comparisons. */
struct seen {
	enum dcb_el_kind kind;
	uint32_t tag;
	char vr[3];
	uint32_t length;
	unsigned depth;
	int64_t offset;
	char value[64];
	bool loaded;
	uint32_t path0;
	uint32_t item0;
};

struct run {
	struct seen el[200];
	int n;
	int rc; /* last return of next(), or of open */
	struct dcb_error err;
	struct dcb_meta meta;
};

void put8(struct bytes *b, uint8_t v);
void put16(struct bytes *b, uint16_t v);
void put32(struct bytes *b, uint32_t v);
void putn(struct bytes *b, const void *p, size_t n);
/* An element header in the builder's mode. */
void hdr(struct bytes *b, uint16_t g, uint16_t e, const char *vr, uint32_t len);
/* A text element, padded to even length. */
void text(struct bytes *b, uint16_t g, uint16_t e, const char *vr, const char *s);
void us(struct bytes *b, uint16_t g, uint16_t e, uint16_t v);
void item(struct bytes *b, uint32_t len);
void delim(struct bytes *b, uint16_t e);
/* Preamble, DICM and a meta header for ts (via dcb_meta_encode). */
void meta(struct bytes *b, const char *ts);
/* A small data set with a nested undefined-length sequence (12 elements). */
void dataset(struct bytes *b);
/* A temporary file holding d[0..n), positioned at its start. */
int fd_of(const uint8_t *d, size_t n);
/* Reads every element of d[0..n); stops at the first error. */
void read_all(const uint8_t *d, size_t n, const struct dcb_reader_options *opts, struct run *run);
void expect(const struct seen *s, enum dcb_el_kind kind, uint32_t tag, unsigned depth);
/* Checks the elements dataset() wrote, starting at run->el[i]. */
void expect_dataset(const struct run *run, int i, bool explicit_vr);
/* Meta header for deflated explicit LE, then dataset() deflated. */
void build_deflated(struct bytes *b, int wbits);

#endif
