/* settings.c — the settings table, config file and defaults. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../src/i18n.h"
#include "settings.h"

#define F(name) offsetof(struct ui_settings, name), sizeof(((struct ui_settings *)0)->name)

const struct ui_setting_def ui_setting_defs[] = {
	{ "images", UI_SET_STR, F(images), 0, 0, N_("Images folder") },
	{ "bind", UI_SET_STR, F(bind), 0, 0, N_("SCP listen address") },
	{ "scp-aet", UI_SET_STR, F(scp_aet), 0, 0, N_("SCP AE title") },
	{ "scp-port", UI_SET_INT, F(scp_port), 0, 65535, N_("SCP port (0: any free)") },
	{ "scp-tls-port", UI_SET_INT, F(scp_tls_port), 0, 65535, N_("SCP TLS port (0: any free)") },
	{ "scp-tls", UI_SET_BOOL, F(scp_tls), 0, 1, N_("SCP listens with TLS") },
	{ "scp-out", UI_SET_STR, F(scp_out), 0, 0, N_("SCP output folder") },
	{ "scp-bit-preserving", UI_SET_BOOL, F(scp_bit_preserving), 0, 1,
	  N_("SCP stores data sets as received (+B; off: normal storage, -B)") },
	{ "scp-key", UI_SET_STR, F(scp_key), 0, 0, N_("SCP private key") },
	{ "scp-cert", UI_SET_STR, F(scp_cert), 0, 0, N_("SCP certificate") },
	{ "scp-ca", UI_SET_STR, F(scp_ca), 0, 0, N_("SCP trusted CA file") },
	{ "scu-aet", UI_SET_STR, F(scu_aet), 0, 0, N_("SCU AE title (calling)") },
	{ "scu-call", UI_SET_STR, F(scu_call), 0, 0, N_("SCU called AE title") },
	{ "scu-host", UI_SET_STR, F(scu_host), 0, 0, N_("SCU peer host") },
	{ "scu-port", UI_SET_INT, F(scu_port), 0, 65535, N_("SCU peer port (0: own SCP)") },
	{ "scu-tls", UI_SET_BOOL, F(scu_tls), 0, 1, N_("SCU uses TLS") },
	{ "scu-commit", UI_SET_BOOL, F(scu_commit), 0, 1,
	  N_("SCU asks storage commitment for what each send stored") },
	{ "scu-key", UI_SET_STR, F(scu_key), 0, 0, N_("SCU private key") },
	{ "scu-cert", UI_SET_STR, F(scu_cert), 0, 0, N_("SCU certificate") },
	{ "scu-ca", UI_SET_STR, F(scu_ca), 0, 0, N_("SCU trusted CA file") },
	{ "max-pdu", UI_SET_INT, F(max_pdu), 4096, 131072, N_("Max PDU received") },
	{ "state-dir", UI_SET_STR, F(state_dir), 0, 0, N_("State folder (demo CA, received files)") },
	{ "peers", UI_SET_STR, F(peers), 0, 0, N_("Known peers (AE@HOST:PORT, \\ between)") },
	{ "worklist", UI_SET_STR, F(worklist), 0, 0,
	  N_("Worklist folder of the SCP (empty: worklist in the state folder)") },
	{ "worklist-flat", UI_SET_BOOL, F(worklist_flat), 0, 1,
	  N_("Worklist files in the folder itself (Orthanc's; off: one folder per AE title, dcmtk's)") },
	{ NULL, UI_SET_STR, 0, 0, 0, 0, NULL },
};

static void
base_dir(char *buf, size_t size, const char *xdg_var, const char *fallback)
{
	const char *x = getenv(xdg_var);
	const char *home = getenv("HOME");

	if (x != NULL && x[0] == '/')
		snprintf(buf, size, "%s/dicombench", x);
	else
		snprintf(buf, size, "%s/%s/dicombench", home != NULL ? home : ".", fallback);
}

void
ui_settings_defaults(struct ui_settings *s)
{
	memset(s, 0, sizeof *s);
	snprintf(s->bind, sizeof s->bind, "127.0.0.1");
	snprintf(s->scp_aet, sizeof s->scp_aet, "PACS");
	s->scp_port = 11112;
	s->scp_tls_port = 2762;
	s->scp_tls = true;
	s->scp_bit_preserving = true;
	snprintf(s->scu_aet, sizeof s->scu_aet, "STORESCU");
	snprintf(s->scu_call, sizeof s->scu_call, "PACS");
	snprintf(s->scu_host, sizeof s->scu_host, "127.0.0.1");
	s->max_pdu = 65536;
	base_dir(s->state_dir, sizeof s->state_dir, "XDG_STATE_HOME", ".local/state");
	snprintf(s->scp_out, sizeof s->scp_out, "%.1000s/received", s->state_dir);
}

void
ui_settings_worklist_dir(const struct ui_settings *cfg, char *buf, size_t size)
{
	if (cfg->worklist[0] != '\0')
		snprintf(buf, size, "%s", cfg->worklist);
	else
		snprintf(buf, size, "%.1000s/worklist", cfg->state_dir);
}

void
ui_settings_default_path(char *buf, size_t size)
{
	char dir[UI_PATH_MAX];

	base_dir(dir, sizeof dir, "XDG_CONFIG_HOME", ".config");
	snprintf(buf, size, "%.1000s/dicombench.conf", dir);
}

const struct ui_setting_def *
ui_setting_find(const char *key)
{
	for (const struct ui_setting_def *d = ui_setting_defs; d->key != NULL; d++)
		if (strcmp(d->key, key) == 0)
			return d;
	return NULL;
}

int
ui_setting_set(struct ui_settings *s, const char *key, const char *value,
               char *msg, size_t msgsize)
{
	const struct ui_setting_def *d = ui_setting_find(key);
	char *p;

	if (d == NULL) {
		snprintf(msg, msgsize, _("unknown setting '%s'"), key);
		return -1;
	}
	p = (char *)s + d->offset;
	switch (d->type) {
	case UI_SET_STR:
		if (strlen(value) >= d->size) {
			snprintf(msg, msgsize, _("%s: at most %zu characters"), key, d->size - 1);
			return -1;
		}
		memcpy(p, value, strlen(value) + 1);
		return 0;
	case UI_SET_INT: {
		char *end;
		errno = 0;
		long v = strtol(value, &end, 10);
		if (errno != 0 || end == value || *end != '\0' || v < d->min || v > d->max) {
			snprintf(msg, msgsize, _("%s: '%s' is not a number from %d to %d"), key,
			         value, d->min, d->max);
			return -1;
		}
		*(int *)(void *)p = (int)v;
		return 0;
	}
	case UI_SET_BOOL:
		if (strcmp(value, "yes") == 0 || strcmp(value, "on") == 0 ||
		    strcmp(value, "true") == 0 || strcmp(value, "1") == 0) {
			*(bool *)(void *)p = true;
			return 0;
		}
		if (strcmp(value, "no") == 0 || strcmp(value, "off") == 0 ||
		    strcmp(value, "false") == 0 || strcmp(value, "0") == 0) {
			*(bool *)(void *)p = false;
			return 0;
		}
		snprintf(msg, msgsize, _("%s: '%s' is not yes or no"), key, value);
		return -1;
	}
	return -1;
}

void
ui_setting_get(const struct ui_settings *s, const struct ui_setting_def *d,
               char *buf, size_t size)
{
	const char *p = (const char *)s + d->offset;

	switch (d->type) {
	case UI_SET_STR:
		snprintf(buf, size, "%s", p);
		break;
	case UI_SET_INT:
		snprintf(buf, size, "%d", *(const int *)(const void *)p);
		break;
	case UI_SET_BOOL:
		snprintf(buf, size, "%s", *(const bool *)(const void *)p ? "yes" : "no");
		break;
	}
}

static char *
trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' ||
	                 s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

int
ui_settings_load(struct ui_settings *s, const char *path, char *msg, size_t msgsize)
{
	FILE *f = fopen(path, "r");
	char line[2048], err[256];
	int lineno = 0;

	if (f == NULL) {
		if (errno == ENOENT)
			return 1;
		snprintf(msg, msgsize, _("%s: cannot read: %s"), path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof line, f) != NULL) {
		lineno++;
		char *l = trim(line);
		if (*l == '\0' || *l == '#')
			continue;
		char *eq = strchr(l, '=');
		if (eq == NULL) {
			snprintf(msg, msgsize, _("%s:%d: expected 'key = value'"), path, lineno);
			fclose(f);
			return -1;
		}
		*eq = '\0';
		if (ui_setting_set(s, trim(l), trim(eq + 1), err, sizeof err) < 0) {
			snprintf(msg, msgsize, "%s:%d: %s", path, lineno, err);
			fclose(f);
			return -1;
		}
	}
	fclose(f);
	return 0;
}

int
ui_mkdirs(const char *path, int mode)
{
	char buf[UI_PATH_MAX];

	if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (char *p = buf + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, (mode_t)mode) < 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(buf, (mode_t)mode) < 0 && errno != EEXIST)
		return -1;
	return 0;
}

int
ui_settings_save(const struct ui_settings *s, const char *path, char *msg, size_t msgsize)
{
	char dir[UI_PATH_MAX], val[UI_PATH_MAX];
	const char *slash = strrchr(path, '/');

	if (slash != NULL && slash != path) {
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
		if (ui_mkdirs(dir, 0700) < 0) {
			snprintf(msg, msgsize, _("%s: cannot create: %s"), dir, strerror(errno));
			return -1;
		}
	}
	FILE *f = fopen(path, "w");
	if (f == NULL) {
		snprintf(msg, msgsize, _("%s: cannot write: %s"), path, strerror(errno));
		return -1;
	}
	fprintf(f, "# dicombench dashboard settings (key = value)\n");
	for (const struct ui_setting_def *d = ui_setting_defs; d->key != NULL; d++) {
		ui_setting_get(s, d, val, sizeof val);
		fprintf(f, "%s = %s\n", d->key, val);
	}
	if (fclose(f) != 0) {
		snprintf(msg, msgsize, _("%s: cannot write: %s"), path, strerror(errno));
		return -1;
	}
	return 0;
}
