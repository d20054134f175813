/* colors.c — color roles and their schemes. */
#include "config.h"

#include <stdlib.h>

#include "colors.h"

struct role_style {
	short fg, bg;       /* color scheme; -1 = terminal default */
	attr_t attr;        /* added in the color scheme */
	attr_t mono;        /* the monochrome scheme */
};

static const struct role_style styles[UI_ROLE_COUNT] = {
	[UI_ROLE_NORMAL]       = { -1, -1, 0, 0 },
	[UI_ROLE_TITLE]        = { COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE },
	[UI_ROLE_BORDER]       = { COLOR_BLUE, -1, 0, A_DIM },
	[UI_ROLE_BORDER_FOCUS] = { COLOR_CYAN, -1, A_BOLD, A_BOLD },
	[UI_ROLE_HEADER]       = { COLOR_CYAN, -1, A_BOLD, A_BOLD },
	[UI_ROLE_OK]           = { COLOR_GREEN, -1, 0, 0 },
	[UI_ROLE_WARN]         = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	[UI_ROLE_ERROR]        = { COLOR_RED, -1, A_BOLD, A_BOLD | A_UNDERLINE },
	[UI_ROLE_TLS]          = { COLOR_MAGENTA, -1, 0, A_UNDERLINE },
	[UI_ROLE_MUTED]        = { COLOR_WHITE, -1, A_DIM, A_DIM },
	[UI_ROLE_CURSOR]       = { COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE },
	[UI_ROLE_MARKED]       = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	[UI_ROLE_BAR_KEY]      = { -1, -1, A_BOLD, A_BOLD },
	[UI_ROLE_BAR_LABEL]    = { COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE },
	[UI_ROLE_DIALOG]       = { COLOR_WHITE, COLOR_BLUE, 0, 0 },
};

/* The one piece of UI state that lives in a file-scope variable: curses
 * itself is global, and so is the attribute table that goes with it. */
static attr_t current[UI_ROLE_COUNT];

void
ui_colors_init(bool mono)
{
	const char *no_color = getenv("NO_COLOR");

	if (no_color != NULL && no_color[0] != '\0')
		mono = true;
	if (!mono && has_colors()) {
		start_color();
		use_default_colors();
		for (int r = 0; r < UI_ROLE_COUNT; r++) {
			if (styles[r].fg == -1 && styles[r].bg == -1) {
				current[r] = styles[r].attr;
				continue;
			}
			init_pair((short)r, styles[r].fg, styles[r].bg);
			current[r] = COLOR_PAIR(r) | styles[r].attr;
		}
		return;
	}
	for (int r = 0; r < UI_ROLE_COUNT; r++)
		current[r] = styles[r].mono;
}

attr_t
ui_color(enum ui_role role)
{
	return role < UI_ROLE_COUNT ? current[role] : 0;
}
