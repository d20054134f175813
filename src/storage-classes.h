/* storage-classes.h — lists of storage SOP classes that tools propose. */
#ifndef DCB_STORAGE_CLASSES_H
#define DCB_STORAGE_CLASSES_H

#define DCB_GETSCU_STORAGE_CLASSES 120

/* What dcmtk's getscu proposes with the SCP role besides the C-GET
 * context (120 classes, so that the 121 contexts stay within 128). */
extern const char *const dcb_getscu_storage_classes[DCB_GETSCU_STORAGE_CLASSES];

#endif
