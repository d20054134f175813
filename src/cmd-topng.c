/* cmd-topng.c — `dicombench topng FILE OUT.png`: one frame through the
 * display pipeline into an 8-bit PNG, comparable with dcmtk's dcmj2pnm. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>

#include "commands.h"
#include "i18n.h"
#include "pixel-display.h"
#include "pixel-file.h"

static void
usage(FILE *out)
{
	fprintf(out, _("Usage: %s topng [OPTIONS] FILE OUT.png\n"), PACKAGE);
	fputs(_("Decode one frame of a DICOM image and write it as an 8-bit PNG (grey or RGB),\n"
	        "through the display pipeline: modality LUT, VOI LUT or window, MONOCHROME1\n"
	        "inverted, colour converted to RGB.\n\n"
	        "Options:\n"
	        "  -h, --help            show this help\n"
	        "  -f, --frame N         the frame to write, 1 for the first (default 1)\n"
	        "  -w, --window C,W      window center and width\n"
	        "  -w, --window minmax   the frame's smallest to largest value (dcmj2pnm +Wm)\n"
	        "  -w, --window file     the file's first window, else its VOI LUT, else\n"
	        "                        min/max (the default)\n"
	        "  -w, --window none     the whole range the stored bits can hold\n\n"
	        "Colour images are written as they are; the window applies to monochrome,\n"
	        "shaped by the file's VOI LUT Function (LINEAR, LINEAR_EXACT, SIGMOID).\n"
	        "Exit status: 0 when the PNG was written, 1 when the file could not be\n"
	        "decoded or the PNG not written, 2 on bad usage.\n"),
	      out);
}

static int
parse_window(const char *text, struct dcb_window *w)
{
	char *end;

	memset(w, 0, sizeof *w);
	if (strcmp(text, "file") == 0)
		return 0;
	if (strcmp(text, "minmax") == 0) {
		w->mode = DCB_WINDOW_MINMAX;
		return 0;
	}
	if (strcmp(text, "none") == 0) {
		w->mode = DCB_WINDOW_NONE;
		return 0;
	}
	w->mode = DCB_WINDOW_GIVEN;
	w->center = strtod(text, &end);
	if (end == text || *end != ',')
		return -1;
	text = end + 1;
	w->width = strtod(text, &end);
	if (end == text || *end != '\0' || !(w->width >= 1))
		return -1;
	return 0;
}

static int
write_png(const char *path, const struct dcb_picture *p)
{
	FILE *fp = fopen(path, "wb");
	png_structp png;
	png_infop info;

	if (fp == NULL) {
		fprintf(stderr, _("%s: cannot write %s: %s\n"), PACKAGE, path, strerror(errno));
		return -1;
	}
	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	info = png != NULL ? png_create_info_struct(png) : NULL;
	if (info == NULL || setjmp(png_jmpbuf(png))) {
		png_destroy_write_struct(&png, &info);
		fclose(fp);
		fprintf(stderr, _("%s: cannot write %s: the PNG encoder failed\n"), PACKAGE, path);
		return -1;
	}
	png_init_io(png, fp);
	png_set_IHDR(png, info, p->cols, p->rows, 8,
	             p->channels == 1 ? PNG_COLOR_TYPE_GRAY : PNG_COLOR_TYPE_RGB,
	             PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	for (unsigned r = 0; r < p->rows; r++)
		png_write_row(png, p->px + (size_t)r * p->cols * p->channels);
	png_write_end(png, NULL);
	png_destroy_write_struct(&png, &info);
	if (fclose(fp) != 0) {
		fprintf(stderr, _("%s: cannot write %s: %s\n"), PACKAGE, path, strerror(errno));
		return -1;
	}
	return 0;
}

int
cmd_topng(int argc, char **argv)
{
	struct dcb_window win = {.mode = DCB_WINDOW_FILE};
	const char *in = NULL, *out = NULL;
	unsigned long frame = 1;
	struct dcb_pixel_info info;
	struct dcb_frame f;
	struct dcb_picture pic = {0};
	struct dcb_error err = {0};
	int rc;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "-f") == 0 || strcmp(a, "--frame") == 0) {
			char *end;
			if (++i == argc)
				goto bad;
			errno = 0;
			frame = strtoul(argv[i], &end, 10);
			if (*end != '\0' || errno != 0 || frame == 0 || frame > UINT_MAX) {
				fprintf(stderr,
				        _("%s topng: --frame wants a number from 1, not '%s'\n"),
				        PACKAGE, argv[i]);
				return 2;
			}
		} else if (strcmp(a, "-w") == 0 || strcmp(a, "--window") == 0) {
			if (++i == argc)
				goto bad;
			if (parse_window(argv[i], &win) < 0) {
				fprintf(stderr,
				        _("%s topng: --window wants C,W (width 1 or more), minmax, "
				          "file or "
				          "none, not '%s'\n"),
				        PACKAGE, argv[i]);
				return 2;
			}
		} else if (a[0] == '-' && a[1] != '\0') {
			fprintf(stderr, _("%s topng: unknown option '%s'\n"), PACKAGE, a);
			goto bad;
		} else if (in == NULL) {
			in = a;
		} else if (out == NULL) {
			out = a;
		} else {
			goto bad;
		}
	}
	if (in == NULL || out == NULL)
		goto bad;
	rc = dcb_pixel_read_frame(in, (unsigned)(frame - 1), &info, &f, &err);
	if (rc == 0)
		rc = dcb_display_render(&info, &f, &win, &pic, NULL, &err);
	if (rc < 0) {
		if (err.offset >= 0)
			fprintf(stderr, _("%s: %s: at offset %lld: %s\n"), PACKAGE, in,
			        (long long)err.offset, err.message);
		else
			fprintf(stderr, _("%s: %s: %s\n"), PACKAGE, in, err.message);
	} else {
		rc = write_png(out, &pic);
	}
	dcb_picture_clear(&pic);
	dcb_frame_clear(&f);
	dcb_pixel_info_clear(&info);
	return rc < 0 ? 1 : 0;
bad:
	usage(stderr);
	return 2;
}
