/* test-lesson.c — a lesson's script: steps, comments, errors with their
 * line, and the lessons dicombench ships. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../src/lesson.h"

static void
steps_in_order(void **state)
{
	static const char text[] = "# a comment\n"
	                           "say: Two AEs talk # not a comment in words\n"
	                           "\n"
	                           "  echo   \n"
	                           "send a.dcm b.dcm  # two files\r\n"
	                           "tls on\n"
	                           "ladder\n"
	                           "move STUDY DEST\n"
	                           "tls off";
	struct dcb_lesson l;
	struct dcb_error err = {0};

	(void)state;
	assert_int_equal(dcb_lesson_parse(text, strlen(text), &l, &err), 0);
	assert_int_equal(l.n, 7);
	assert_string_equal(l.title, "Two AEs talk # not a comment in words");
	assert_int_equal(l.steps[0].kind, DCB_LESSON_SAY);
	assert_int_equal(l.steps[0].line, 2);
	assert_int_equal(l.steps[1].kind, DCB_LESSON_ECHO);
	assert_int_equal(l.steps[2].kind, DCB_LESSON_SEND);
	assert_string_equal(l.steps[2].arg, "a.dcm b.dcm");
	assert_int_equal(l.steps[3].kind, DCB_LESSON_TLS);
	assert_int_equal(l.steps[3].on, 1);
	assert_int_equal(l.steps[4].kind, DCB_LESSON_LADDER);
	assert_int_equal(l.steps[5].kind, DCB_LESSON_MOVE);
	assert_string_equal(l.steps[5].arg, "STUDY DEST");
	assert_int_equal(l.steps[6].on, 0);
	dcb_lesson_clear(&l);
}

static void
errors_name_the_line(void **state)
{
	static const struct {
		const char *text, *says;
	} bad[] = {
	    {"echo\nfly away\n", "line 2: unknown step 'fly'"},
	    {"tls maybe\n", "line 1: 'tls' takes on or off"},
	    {"say:\n", "line 1: 'say:' needs"},
	    {"echo\n\nsend\n", "line 3: 'send' needs"},
	    {"# only a comment\n", "no steps"},
	    {"query\n", "line 1: 'query' needs a level and keys"},
	    {"echo\nquery STUDIES\n", "line 2: 'query' starts with a level"},
	    {"query STUDY PatientName=X Colour=red\n", "line 1: 'Colour=red' is no KEY=VALUE"},
	    {"query STUDY PatientName\n", "line 1: 'PatientName' is no KEY=VALUE"},
	    {"move\n", "line 1: 'move' needs a destination"},
	    {"move STUDY DEST MORE\n", "line 1: 'move' takes a level"},
	    {"scenario\n", "line 1: 'scenario' needs storescp's fault-injection options"},
	};
	struct dcb_lesson l;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct dcb_error err = {0};
		assert_int_equal(dcb_lesson_parse(bad[i].text, strlen(bad[i].text), &l, &err),
		                 DCB_ERR_MALFORMED);
		if (strstr(err.message, bad[i].says) == NULL)
			fail_msg("\"%s\" does not say \"%s\"", err.message, bad[i].says);
		assert_int_equal(l.n, 0);
	}
}

/* The lessons in data/lessons parse, and each has words for the class. */
static void
shipped_lessons_parse(void **state)
{
	static const char *const names[] = {"first-association", "tls-with-a-ca",
	                                    "query-and-move"};
	const char *src = getenv("abs_top_srcdir");

	(void)state;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char path[4096];
		struct dcb_lesson l;
		struct dcb_error err = {0};
		size_t says = 0;
		snprintf(path, sizeof path, "%s/data/lessons/%s.lesson", src != NULL ? src : ".",
		         names[i]);
		if (dcb_lesson_load(path, &l, &err) < 0)
			fail_msg("%s", err.message);
		for (size_t k = 0; k < l.n; k++)
			says += l.steps[k].kind == DCB_LESSON_SAY;
		assert_true(says >= 3);
		assert_true(l.n > says);
		dcb_lesson_clear(&l);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(steps_in_order),
	    cmocka_unit_test(errors_name_the_line),
	    cmocka_unit_test(shipped_lessons_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
