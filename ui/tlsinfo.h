/* tlsinfo.h — what the TLS dialog needs from the PKI: a certificate in
 * words, and the demo CA with certificates for both sides. */
#ifndef UI_TLSINFO_H
#define UI_TLSINFO_H

#include <stdbool.h>
#include <stddef.h>

#include "settings.h"

/* One line: "CN=localhost · issuer CN=… · valid to 2028-11-27", or why not. */
void ui_tls_describe_cert(const char *path, char *buf, size_t size);

/* "CN (valid to 2028-11-27)" for the first certificate in path, or "". */
void ui_tls_ca_summary(const char *path, char *buf, size_t size);

/* Makes (or reuses) the demo CA and certificates in cfg->state_dir/ca and
 * points both sides' key/cert/CA settings at them (only the empty ones
 * when only_empty: files given by the person stay).  Returns 0 with a
 * message for the status line, or -1 with the reason. */
int ui_tls_demo_ca(struct ui_settings *cfg, bool only_empty, char *msg, size_t size);

#endif
