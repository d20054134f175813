/* settings.h — the dashboard's settings: one table drives the config file,
 * the command-line options (--KEY VALUE for every field) and the F9
 * dialog.  Plain C, no curses. */
#ifndef UI_SETTINGS_H
#define UI_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

#include "../src/negotiate.h"
#include "../src/scenario.h"

#define UI_PATH_MAX 1024
#define UI_GET_FOLDER "retrieved" /* in state_dir: what a C-GET brings */

struct ui_settings {
	char images[UI_PATH_MAX]; /* folder the browser opens */
	char bind[64];            /* SCP listen address */
	char scp_aet[17];
	int scp_port;              /* plain port; 0: a free one */
	int scp_tls_port;          /* TLS port; 0: a free one */
	bool scp_tls;              /* listen on the TLS port too */
	char scp_out[UI_PATH_MAX]; /* where received objects go */
	bool scp_bit_preserving;   /* +B: as received; else normal storage */
	char scp_key[UI_PATH_MAX], scp_cert[UI_PATH_MAX], scp_ca[UI_PATH_MAX];
	char scu_aet[17];
	char scu_call[17];
	char scu_host[256];
	int scu_port; /* 0: the dashboard's own SCP */
	bool scu_tls;
	bool scu_commit; /* storage commitment after each send (the report on
	                  * the same association) */
	char scu_key[UI_PATH_MAX], scu_cert[UI_PATH_MAX], scu_ca[UI_PATH_MAX];
	int max_pdu;
	char state_dir[UI_PATH_MAX]; /* demo CA, received files */
	char peers[UI_PATH_MAX];     /* the AE table (peers.h): AE@HOST:PORT[+tls]\... */
	char worklist[UI_PATH_MAX];  /* the SCP's worklist folder; "": STATE/worklist */
	bool worklist_flat;          /* .wl files in it (Orthanc's); else one
	                              * sub-folder per called AE title (dcmtk's) */
	/* powers (the F7 scenario dialog): never saved, off at each start */
	struct dcb_scenario scp_scenario;
	char scp_pcap[UI_PATH_MAX], scu_pcap[UI_PATH_MAX]; /* "" no capture */
	bool scu_propose_set;       /* -x= -xe -xb -xi */
	enum dcb_ts_preset scu_propose;
	bool scu_assoc_per_file;
	bool scu_pack;              /* --pack */
	bool scu_abort_during;      /* --abort-during */
	unsigned scu_repeat;        /* --repeat: each file n times, 0 or 1: once */
};

enum ui_setting_type { UI_SET_STR, UI_SET_INT, UI_SET_BOOL };

struct ui_setting_def {
	const char *key; /* "scp-port": config key and --scp-port */
	enum ui_setting_type type;
	size_t offset, size;
	int min, max;      /* UI_SET_INT */
	const char *label; /* N_() */
};

/* The table, terminated by key == NULL. */
extern const struct ui_setting_def ui_setting_defs[];

/* Defaults; state_dir from $XDG_STATE_HOME or ~/.local/state + /dicombench. */
void ui_settings_defaults(struct ui_settings *s);

const struct ui_setting_def *ui_setting_find(const char *key);

/* Sets one field from text.  Returns 0, or -1 with a translated message
 * in msg when the key is unknown or the value out of range. */
int ui_setting_set(struct ui_settings *s, const char *key, const char *value, char *msg,
                   size_t msgsize);

/* The field's value as text. */
void ui_setting_get(const struct ui_settings *s, const struct ui_setting_def *d, char *buf,
                    size_t size);

/* Reads "key = value" lines (# comments).  Returns 0, 1 when the file does
 * not exist, or -1 with msg (file and line) on an error. */
int ui_settings_load(struct ui_settings *s, const char *path, char *msg, size_t msgsize);

/* Writes every field; creates the folder.  Returns 0 or -1 with msg. */
int ui_settings_save(const struct ui_settings *s, const char *path, char *msg, size_t msgsize);

/* The default config file: $XDG_CONFIG_HOME (~/.config)/dicombench/dicombench.conf */
void ui_settings_default_path(char *buf, size_t size);

/* The worklist folder the SCP serves: cfg->worklist, or when empty
 * STATE/worklist. */
void ui_settings_worklist_dir(const struct ui_settings *cfg, char *buf, size_t size);

/* mkdir -p; returns 0 or -1 (errno set). */
int ui_mkdirs(const char *path, int mode);

#endif
