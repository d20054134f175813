/* dump.c — element dump and explanations (placeholder until the Part 10
 * reader and the conformance checks are merged: shows the head bytes). */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "../src/i18n.h"
#include "colors.h"
#include "dump.h"
#include "text.h"

void
ui_dump_file(const char *path, struct ui_dialog *d)
{
	uint8_t buf[256];
	char line[128];
	int fd = open(path, O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof buf) : -1;

	if (fd >= 0)
		close(fd);
	if (n < 0) {
		ui_dialog_text_add(d, UI_ROLE_ERROR, "%s", _("cannot read the file"));
		return;
	}
	ui_dialog_text_add(d, UI_ROLE_MUTED, "%s", _("(no element reader built in: the first bytes)"));
	for (ssize_t off = 0; off < n; off += 16) {
		ui_fmt_hexline(line, sizeof line, buf + off, (size_t)(n - off < 16 ? n - off : 16),
		               (size_t)off);
		ui_dialog_text_add(d, 0, "%s", line);
	}
}

void
ui_explain(const char *code, struct ui_dialog *d)
{
	ui_dialog_text_add(d, 0, _("See 'dicombench check --explain %s'."), code);
}
