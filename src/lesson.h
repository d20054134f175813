/* lesson.h — a lesson: a small plain-text script of steps that the
 * dashboard plays one step per key, so a class sees the same demo every
 * time.  Pure: text in, steps out.
 *
 * One step a line; '#' starts a comment; blank lines are skipped:
 *
 *   say: An association starts with an A-ASSOCIATE-RQ.
 *   echo                      C-ECHO the SCP
 *   send CT-explicit-le.dcm   send files (relative to the samples folder)
 *   tls on | tls off          TLS of the SCU
 *   ladder | list             the trace as a ladder or as a list
 *   query, move, commit, scenario NAME
 *                             services of later versions: the runner says
 *                             that this step cannot be played yet */
#ifndef DCB_LESSON_H
#define DCB_LESSON_H

#include <stddef.h>

#include "error.h"

#define DCB_LESSON_ARG 1024

enum dcb_lesson_kind {
	DCB_LESSON_SAY,
	DCB_LESSON_ECHO,
	DCB_LESSON_SEND,
	DCB_LESSON_TLS,
	DCB_LESSON_LADDER,
	DCB_LESSON_LIST,
	DCB_LESSON_QUERY, /* arg: LEVEL [KEY=VALUE...] (PatientName, PatientID,
	                   * StudyDate, Modality, AccessionNumber, StudyInstanceUID) */
	DCB_LESSON_MOVE,  /* arg: [LEVEL] DEST: the answer under the cursor to AE DEST */
	DCB_LESSON_COMMIT, /* arg: files, sent and then asked storage commitment for */
	DCB_LESSON_SCENARIO, /* arg: storescp's fault-injection options for the SCP, or off */
};

struct dcb_lesson_step {
	enum dcb_lesson_kind kind;
	int line;                  /* in the file, from 1 */
	int on;                    /* TLS: 1 on, 0 off */
	char arg[DCB_LESSON_ARG];  /* SAY: the words; SEND: the paths; ... */
};

struct dcb_lesson {
	char title[256];           /* the first "say:" or the file name */
	size_t n;
	struct dcb_lesson_step *steps; /* owned */
};

/* Parses text[0..len) into *out (freed with dcb_lesson_clear()).  Returns
 * 0, DCB_ERR_NOMEM, or DCB_ERR_MALFORMED with err naming the line and
 * what is wrong with it (an unknown step, "tls" without on/off, "send"
 * without a file, no step at all). */
int dcb_lesson_parse(const char *text, size_t len, struct dcb_lesson *out,
                     struct dcb_error *err);

/* Reads and parses the file at path: the errors of dcb_lesson_parse() and
 * DCB_ERR_IO. */
int dcb_lesson_load(const char *path, struct dcb_lesson *out, struct dcb_error *err);

void dcb_lesson_clear(struct dcb_lesson *l);

#endif
