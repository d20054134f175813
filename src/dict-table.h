/* dict-table.h — the generated tables behind dict.c (internal).
 *
 * dict-table.c is written at build time by data/gen-dict.awk; only dict.c
 * reads these arrays. */
#ifndef DCB_DICT_TABLE_H
#define DCB_DICT_TABLE_H

#include <stddef.h>

#include "dict.h"

/* Entries with a full mask, sorted by tag. */
extern const struct dcb_dict_entry dcb_dict_exact[];
extern const size_t dcb_dict_exact_count;
/* Repeating-group entries ((60xx,3000), (0020,31xx), ...). */
extern const struct dcb_dict_entry dcb_dict_masked[];
extern const size_t dcb_dict_masked_count;
/* UIDs sorted by strcmp(). */
extern const struct dcb_uid_entry dcb_uid_table[];
extern const size_t dcb_uid_count;
/* Indexes into dcb_uid_table per enum dcb_uid_kind (0, 1, 2). */
extern const unsigned short dcb_uid_by_kind_0[];
extern const size_t dcb_uid_by_kind_0_count;
extern const unsigned short dcb_uid_by_kind_1[];
extern const size_t dcb_uid_by_kind_1_count;
extern const unsigned short dcb_uid_by_kind_2[];
extern const size_t dcb_uid_by_kind_2_count;

#endif
