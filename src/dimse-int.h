/* dimse-int.h — the command element table, shared by the codec (dimse.c)
 * and the text functions (dimse-text.c).  Not part of the library's API. */
#ifndef DCB_DIMSE_INT_H
#define DCB_DIMSE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "dimse.h"

enum dimse_vr { DIMSE_UL, DIMSE_US, DIMSE_UI, DIMSE_AE, DIMSE_LO, DIMSE_AT };

/* How the dump shows a US value beyond its number. */
enum dimse_show { SHOW_NUMBER, SHOW_COMMAND, SHOW_PRIORITY, SHOW_DATA_SET, SHOW_STATUS };

struct dimse_elem {
	uint16_t element;              /* (0000,eeee) */
	enum dimse_vr vr;
	uint32_t field;                /* enum dcb_dimse_field; 0: always written */
	const char *name;              /* PS3.6 keyword */
	size_t off;                    /* the value in struct dcb_dimse_cmd */
	size_t size;                   /* strings: array size; AT: values kept */
	size_t count_off;              /* AT: its uint8_t count */
	enum dimse_show show;
};

/* Ascending by element, as they are written. */
extern const struct dimse_elem dcb_dimse_elems[];
extern const size_t dcb_dimse_n_elems;

/* The value of e in c. */
static inline uint16_t *
dimse_u16(struct dcb_dimse_cmd *c, const struct dimse_elem *e)
{
	return (uint16_t *)((char *)c + e->off);
}

static inline const uint16_t *
dimse_cu16(const struct dcb_dimse_cmd *c, const struct dimse_elem *e)
{
	return (const uint16_t *)((const char *)c + e->off);
}

static inline const char *
dimse_cstr(const struct dcb_dimse_cmd *c, const struct dimse_elem *e)
{
	return (const char *)c + e->off;
}

static inline const uint32_t *
dimse_ctags(const struct dcb_dimse_cmd *c, const struct dimse_elem *e, unsigned *n)
{
	*n = *((const uint8_t *)c + e->count_off);
	return (const uint32_t *)((const char *)c + e->off);
}

#endif
