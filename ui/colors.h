/* colors.h — color roles.  Each role maps to an attribute in a scheme;
 * the monochrome scheme uses only bold/reverse/underline/dim, so meaning
 * never depends on color: the panes always add a glyph or a word too. */
#ifndef UI_COLORS_H
#define UI_COLORS_H

#include <curses.h>

enum ui_role {
	UI_ROLE_NORMAL,
	UI_ROLE_TITLE,
	UI_ROLE_BORDER,
	UI_ROLE_BORDER_FOCUS,
	UI_ROLE_HEADER,
	UI_ROLE_OK,
	UI_ROLE_WARN,
	UI_ROLE_ERROR,
	UI_ROLE_TLS,
	UI_ROLE_MUTED,
	UI_ROLE_CURSOR,
	UI_ROLE_MARKED,
	UI_ROLE_BAR_KEY,
	UI_ROLE_BAR_LABEL,
	UI_ROLE_DIALOG,
	UI_ROLE_COUNT,
};

/* Picks the color scheme, or the monochrome one when mono is true or the
 * terminal has no colors (or NO_COLOR is set).  Call after initscr(). */
void ui_colors_init(bool mono);

/* The attribute of a role in the current scheme. */
attr_t ui_color(enum ui_role role);

#endif
