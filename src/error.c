#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "error.h"
#include "i18n.h"

int
dcb_error_set(struct dcb_error *err, int code, int64_t offset, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return code;
	err->code = code;
	err->offset = offset;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, dgettext(PACKAGE, fmt), ap);
	va_end(ap);
	return code;
}

const char *
dcb_strerror(int code)
{
	switch (code) {
	case DCB_OK:              return dgettext(PACKAGE, N_("success"));
	case DCB_ERR_NOMEM:       return dgettext(PACKAGE, N_("out of memory"));
	case DCB_ERR_IO:          return dgettext(PACKAGE, N_("input/output error"));
	case DCB_ERR_TRUNCATED:   return dgettext(PACKAGE, N_("input ends too early"));
	case DCB_ERR_MALFORMED:   return dgettext(PACKAGE, N_("malformed input"));
	case DCB_ERR_LIMIT:       return dgettext(PACKAGE, N_("a limit was exceeded"));
	case DCB_ERR_UNSUPPORTED: return dgettext(PACKAGE, N_("not supported"));
	case DCB_ERR_WANT_READ:   return dgettext(PACKAGE, N_("waiting for input"));
	case DCB_ERR_WANT_WRITE:  return dgettext(PACKAGE, N_("waiting to send"));
	case DCB_ERR_CLOSED:      return dgettext(PACKAGE, N_("connection closed by peer"));
	case DCB_ERR_PROTOCOL:    return dgettext(PACKAGE, N_("DICOM protocol violation"));
	case DCB_ERR_TLS:         return dgettext(PACKAGE, N_("TLS failure"));
	case DCB_ERR_USAGE:       return dgettext(PACKAGE, N_("invalid usage"));
	case DCB_ERR_NOTFOUND:    return dgettext(PACKAGE, N_("not found"));
	case DCB_ERR_EXISTS:      return dgettext(PACKAGE, N_("already exists"));
	case DCB_ERR_TIMEOUT:     return dgettext(PACKAGE, N_("timed out"));
	case DCB_ERR_REFUSED:     return dgettext(PACKAGE, N_("refused by peer"));
	}
	return dgettext(PACKAGE, N_("unknown error"));
}

bool
dcb_is_fatal(int code)
{
	return code < 0 && code != DCB_ERR_WANT_READ && code != DCB_ERR_WANT_WRITE;
}
