#ifndef CIMAGECODECS_H
#define CIMAGECODECS_H
#include <stddef.h>
#include <stdint.h>

/// Decodes a JPEG or PNG image into 8-bit interleaved pixels (1 channel for grayscale images,
/// else 3, RGB order). Returns 0 on success and fills *pixels (free with cic_free), else nonzero
/// with a message in `error` (up to `error_size` bytes).
int cic_decode_jpeg(const uint8_t *data, size_t size, uint8_t **pixels, int *width, int *height, int *channels,
                    char *error, size_t error_size);
int cic_decode_png(const uint8_t *data, size_t size, uint8_t **pixels, int *width, int *height, int *channels,
                   char *error, size_t error_size);
void cic_free(uint8_t *pixels);

#endif
