/* error.h — error codes and the optional error detail out-param.
 *
 * Every fallible core function returns 0 (or a count) on success and a
 * negative enum dcb_err on failure.  Callers that want to tell a person
 * what went wrong pass a struct dcb_error *; callers that do not pass NULL.
 *
 * Messages are written with N_()-marked format strings; dcb_error_set()
 * translates the format with the project's text domain before formatting,
 * so the detail reaches the person in their language with the numbers in. */
#ifndef DCB_ERROR_H
#define DCB_ERROR_H

#include <stdbool.h>
#include <stdint.h>

enum dcb_err {
	DCB_OK = 0,
	DCB_ERR_NOMEM = -1,        /* out of memory */
	DCB_ERR_IO = -2,           /* read/write/open failed (errno in detail) */
	DCB_ERR_TRUNCATED = -3,    /* input ended in the middle of something */
	DCB_ERR_MALFORMED = -4,    /* input violates the format */
	DCB_ERR_LIMIT = -5,        /* a configured limit was exceeded */
	DCB_ERR_UNSUPPORTED = -6,  /* valid, but not something we handle */
	DCB_ERR_WANT_READ = -7,    /* non-blocking: call again when readable */
	DCB_ERR_WANT_WRITE = -8,   /* non-blocking: call again when writable */
	DCB_ERR_CLOSED = -9,       /* peer closed the connection */
	DCB_ERR_PROTOCOL = -10,    /* peer broke the DICOM protocol */
	DCB_ERR_TLS = -11,         /* TLS failure (detail says which) */
	DCB_ERR_USAGE = -12,       /* bad arguments from the user */
	DCB_ERR_NOTFOUND = -13,    /* no such thing */
	DCB_ERR_EXISTS = -14,      /* already there */
	DCB_ERR_TIMEOUT = -15,     /* a timer ran out */
	DCB_ERR_REFUSED = -16,     /* the peer said no (rejected, aborted) */
};

struct dcb_error {
	int code;         /* enum dcb_err */
	int64_t offset;   /* byte offset the error refers to, -1 if none */
	char message[512];
};

#if defined(__GNUC__)
#define DCB_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define DCB_PRINTF(f, a)
#endif

/* Fills *err (if not NULL) and returns code, so callers can write
 *   return dcb_error_set(err, DCB_ERR_TRUNCATED, off, N_("..."), ...); */
int dcb_error_set(struct dcb_error *err, int code, int64_t offset,
                  const char *fmt, ...) DCB_PRINTF(4, 5);

/* A short, translated description of an error code. */
const char *dcb_strerror(int code);

/* True when the code ends the session/file (anything but WANT_READ/WRITE). */
bool dcb_is_fatal(int code);

#endif
