/* dialog-form.h — a dialog of labelled fields (text, yes/no) and buttons;
 * the settings and TLS dialogs are forms. */
#ifndef UI_DIALOG_FORM_H
#define UI_DIALOG_FORM_H

#include "app.h"

#define UI_FORM_MAX 32

enum ui_field_kind { UI_FIELD_TEXT, UI_FIELD_BOOL, UI_FIELD_BUTTON, UI_FIELD_INFO };

struct ui_field {
	enum ui_field_kind kind;
	char label[96];
	char key[32];            /* setting key, "" if none */
	char value[UI_PATH_MAX]; /* text, "yes"/"no", or the info line */
	int id;                  /* button id */
};

struct ui_form {
	struct ui_dialog d;
	char title[128];
	int n, cursor;
	int top; /* first row shown */
	struct ui_field f[UI_FORM_MAX];
	/* A button was pressed; returns UI_R_CLOSE to close the form. */
	unsigned (*button)(struct ui_form *form, int id);
	void *user;
};

struct ui_form *ui_form_new(struct ui_app *app, const char *title);
/* The same in a struct of size bytes that starts with a struct ui_form
 * (a form with state of its own); freed with the dialog. */
struct ui_form *ui_form_alloc(struct ui_app *app, const char *title, size_t size);
/* Adds a text field bound to no setting: label (N_()) and value. */
void ui_form_text(struct ui_form *f, const char *label, const char *value);
/* Adds a field bound to a setting key (its label from the settings table). */
void ui_form_setting(struct ui_form *f, const char *key);
void ui_form_info(struct ui_form *f, const char *text);
void ui_form_button(struct ui_form *f, const char *label, int id);
/* Writes the setting fields into app->cfg; 0, or -1 with a status message. */
int ui_form_apply(struct ui_form *f);

#endif
