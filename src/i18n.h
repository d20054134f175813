/* i18n.h — the gettext macros, in one place.
 *
 *   _("text")          translate now
 *   N_("text")         mark for translation, translate later (static tables)
 *   P_("one", "many", n)  plural forms
 *   dcb_tr("text")     translate now, in the project's text domain (core)
 *
 * Builds without NLS get identity fallbacks. */
#ifndef DCB_I18N_H
#define DCB_I18N_H

#ifdef ENABLE_NLS
#include <libintl.h>
#define _(s) gettext(s)
#define P_(s, p, n) ngettext(s, p, n)
#else
#define _(s) (s)
#define P_(s, p, n) ((n) == 1 ? (s) : (p))
#define gettext(s) (s)
#define dgettext(d, s) (s)
#endif

#define N_(s) (s)

/* Translates s with the project's own text domain (PACKAGE, from config.h):
 * the core may run inside a program whose default domain is another. */
static inline const char *dcb_tr(const char *s) __attribute__((format_arg(1)));

static inline const char *
dcb_tr(const char *s)
{
	return dgettext(PACKAGE, s);
}

#endif
