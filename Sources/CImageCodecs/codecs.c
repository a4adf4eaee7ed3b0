// A small C shim over Debian's libjpeg(-turbo) and libpng, decoding with each library's defaults
// (what Pillow does), for the reference target's ImageDecoder.
#include "CImageCodecs.h"

// stdio.h first: jpeglib.h uses FILE without including it.
#include <stdio.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <png.h>

struct cic_jpeg_error {
  struct jpeg_error_mgr base;
  jmp_buf jump;
};

static void cic_jpeg_exit(j_common_ptr info) {
  struct cic_jpeg_error *error = (struct cic_jpeg_error *)info->err;
  longjmp(error->jump, 1);
}

int cic_decode_jpeg(const uint8_t *data, size_t size, uint8_t **pixels, int *width, int *height, int *channels,
                    char *error, size_t error_size) {
  struct jpeg_decompress_struct info;
  struct cic_jpeg_error failure;
  uint8_t *volatile buffer = NULL;
  info.err = jpeg_std_error(&failure.base);
  failure.base.error_exit = cic_jpeg_exit;
  if (setjmp(failure.jump)) {
    char message[JMSG_LENGTH_MAX];
    failure.base.format_message((j_common_ptr)&info, message);
    snprintf(error, error_size, "%s", message);
    jpeg_destroy_decompress(&info);
    free(buffer);
    return 1;
  }
  jpeg_create_decompress(&info);
  jpeg_mem_src(&info, data, (unsigned long)size);
  jpeg_read_header(&info, TRUE);
  info.out_color_space = info.num_components == 1 ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_start_decompress(&info);
  size_t stride = (size_t)info.output_width * (size_t)info.output_components;
  buffer = malloc(stride * info.output_height);
  if (buffer == NULL) {
    snprintf(error, error_size, "out of memory");
    jpeg_destroy_decompress(&info);
    return 1;
  }
  while (info.output_scanline < info.output_height) {
    JSAMPROW row = buffer + stride * info.output_scanline;
    jpeg_read_scanlines(&info, &row, 1);
  }
  *width = (int)info.output_width;
  *height = (int)info.output_height;
  *channels = info.output_components;
  jpeg_finish_decompress(&info);
  jpeg_destroy_decompress(&info);
  *pixels = buffer;
  return 0;
}

int cic_decode_png(const uint8_t *data, size_t size, uint8_t **pixels, int *width, int *height, int *channels,
                   char *error, size_t error_size) {
  png_image image;
  memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&image, data, size)) {
    snprintf(error, error_size, "%s", image.message);
    return 1;
  }
  int gray = (image.format & PNG_FORMAT_FLAG_COLOR) == 0;
  image.format = gray ? PNG_FORMAT_GRAY : PNG_FORMAT_RGB;
  uint8_t *buffer = malloc(PNG_IMAGE_SIZE(image));
  if (buffer == NULL) {
    snprintf(error, error_size, "out of memory");
    png_image_free(&image);
    return 1;
  }
  if (!png_image_finish_read(&image, NULL, buffer, 0, NULL)) {
    snprintf(error, error_size, "%s", image.message);
    free(buffer);
    png_image_free(&image);
    return 1;
  }
  *width = (int)image.width;
  *height = (int)image.height;
  *channels = gray ? 1 : 3;
  *pixels = buffer;
  return 0;
}

void cic_free(uint8_t *pixels) { free(pixels); }
