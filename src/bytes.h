/* bytes.h — reading big and little endian integers out of byte buffers.
 * The caller has checked that the bytes are there. */
#ifndef DCB_BYTES_H
#define DCB_BYTES_H

#include <stdbool.h>
#include <stdint.h>

static inline uint16_t
dcb_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t
dcb_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline uint16_t
dcb_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t
dcb_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* In the byte order a transfer syntax says: big endian when be. */
static inline uint16_t
dcb_get16(const uint8_t *p, bool be)
{
	return be ? dcb_be16(p) : dcb_le16(p);
}

static inline uint32_t
dcb_get32(const uint8_t *p, bool be)
{
	return be ? dcb_be32(p) : dcb_le32(p);
}

#endif
