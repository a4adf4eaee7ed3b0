#include "czlib.h"
#include <string.h>
#include <zlib.h>

long port_inflate_raw(const uint8_t *source, size_t sourceLength, uint8_t *destination, size_t destinationLength) {
  z_stream stream;
  memset(&stream, 0, sizeof stream);
  // Negative window bits: raw deflate, no zlib header (zip's method 8).
  if (inflateInit2(&stream, -MAX_WBITS) != Z_OK) return -1;
  stream.next_in = (Bytef *)source;
  stream.avail_in = (uInt)sourceLength;
  stream.next_out = destination;
  stream.avail_out = (uInt)destinationLength;
  int status = inflate(&stream, Z_FINISH);
  long written = (long)(destinationLength - stream.avail_out);
  inflateEnd(&stream);
  return status == Z_STREAM_END ? written : -1;
}

uint32_t port_crc32(const uint8_t *data, size_t length) {
  return (uint32_t)crc32(0L, data, (uInt)length);
}
