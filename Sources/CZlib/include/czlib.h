#ifndef PORT_CZLIB_H
#define PORT_CZLIB_H
#include <stddef.h>
#include <stdint.h>

/// Inflates raw DEFLATE data (as stored in a zip entry) into `destination`, which must hold
/// exactly the uncompressed size. Returns the number of bytes written, or -1 on corrupt data.
long port_inflate_raw(const uint8_t *source, size_t sourceLength, uint8_t *destination, size_t destinationLength);

/// CRC-32 as zip uses it.
uint32_t port_crc32(const uint8_t *data, size_t length);

#endif
