/* i18n.h — the gettext macros, in one place.
 *
 *   _("text")          translate now
 *   N_("text")         mark for translation, translate later (static tables)
 *   P_("one", "many", n)  plural forms
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

#endif
