/* mksamples.c — writes dicombench's teaching set of sample DICOM files, or
 * bench corpora of many objects of a chosen size.
 *
 *   mksamples DIR                     the teaching set (and README.txt) into DIR
 *   mksamples --bench DIR --count N --size BYTES [--modality CT] [--seed N]
 *
 * A build tool: it uses its own small writer (dcmwrite.c), never the core
 * library's reader, so the samples can check that reader independently.
 * The teaching set is described in doc/samples.md. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "samples.h"

static const struct entry {
	const char *file, *what;
	int (*gen)(const struct gen *g);
} entries[] = {
    {"CT-explicit-le.dcm",
     "CT Image, explicit VR LE, 512x512 phantom slice 1, private block, sequences", gen_ct_series},
    {"CT-implicit-le.dcm", "CT Image, implicit VR LE, slice 2 of the same series", NULL},
    {"IM000001", "CT Image, explicit VR LE, slice 3 (the name the storescu walkthrough uses)",
     NULL},
    {"CT-rle-lossless.dcm", "CT Image, RLE Lossless, pixel data identical to CT-explicit-le.dcm",
     NULL},
    {"MR-explicit-be.dcm",
     "MR Image, explicit VR big endian (retired), ISO_IR 100 name M\xfcller^Anna", gen_mr},
    {"CR-chest.dcm", "CR Image, explicit VR LE, 1024x1280 12-bit", gen_cr},
    {"DX-chest-2048.dcm", "DX Image for presentation, explicit VR LE, 2048x2048 14-bit (8 MB)",
     gen_dx},
    {"US-multiframe-rgb.dcm",
     "US Multi-frame Image, explicit VR LE, 10 RGB frames 640x480, regions", gen_us},
    {"SC-rgb-utf8.dcm", "Secondary Capture, explicit VR LE, RGB colour bars, ISO_IR 192 name",
     gen_sc},
    {"NM-static-2frames.dcm", "NM Image, explicit VR LE, two detector frames, isotope sequences",
     gen_nm},
    {"RTSTRUCT-phantom.dcm", "RT Structure Set, explicit VR LE, contours of the CT phantom",
     gen_rtstruct},
    {"RTDOSE-implicit-le.dcm", "RT Dose, implicit VR LE, 64x64x16 grid, 32-bit", gen_rtdose},
    {"SR-basic-text-deflate.dcm", "Basic Text SR, deflated explicit VR LE, content sequence",
     gen_sr},
    {"faulty-uid.dcm",
     "FAULTY: SOP Instance UID with a leading zero component, odd length unpadded", gen_faulty},
    {"faulty-missing-type1.dcm",
     "FAULTY: no Study Instance UID, empty Modality, DA 2024-01-01, TM 12h30", NULL},
    {"faulty-meta.dcm",
     "FAULTY: meta SOP Instance UID differs from the data set's, wrong (0002,0000)", NULL},
};

static void
usage(FILE *f)
{
	fprintf(f,
	        "Usage: mksamples DIR\n"
	        "       mksamples --bench DIR --count N --size BYTES [--modality MOD] [--seed N]\n"
	        "\n"
	        "Writes dicombench's teaching set of sample DICOM files into DIR, with a\n"
	        "README.txt that lists them; the UIDs are the same on every run.\n"
	        "\n"
	        "  --bench DIR      write a bench corpus instead: N valid objects (explicit VR\n"
	        "                   little endian, distinct UIDs) of about BYTES each\n"
	        "  --count N        number of objects (1..1000000)\n"
	        "  --size BYTES     size of each object; suffixes K, M, G (1024-based) allowed\n"
	        "  --modality MOD   CT (default), MR, CR, DX or SC (16-bit monochrome)\n"
	        "  --seed N         vary the UIDs between corpora (default 1)\n"
	        "  --help           this text\n"
	        "  --version        the version\n");
}

static int
make_dir(const char *dir)
{
	if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
		fprintf(stderr, "mksamples: cannot create %s: %s\n", dir, strerror(errno));
		return -1;
	}
	return 0;
}

static int
write_readme(const char *dir)
{
	char path[4096];
	FILE *f;
	size_t i;

	snprintf(path, sizeof(path), "%s/README.txt", dir);
	f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "mksamples: cannot create %s: %s\n", path, strerror(errno));
		return -1;
	}
	fprintf(f,
	        "dicombench sample DICOM files, written by mksamples (%s %s).\n"
	        "All patients, people and institutions are fictional.  The three\n"
	        "faulty-*.dcm files break the standard on purpose; doc/samples.md\n"
	        "(installed with the documentation) explains every fault.\n\n",
	        PACKAGE_NAME, PACKAGE_VERSION);
	for (i = 0; i < sizeof(entries) / sizeof(entries[0]); i++) {
		/* the table is ASCII except for one Latin-1 name: write it as UTF-8 */
		const char *p;

		fprintf(f, "%-27s ", entries[i].file);
		for (p = entries[i].what; *p; p++) {
			unsigned char c = (unsigned char)*p;

			if (c < 0x80)
				fputc(c, f);
			else
				fprintf(f, "%c%c", 0xc0 | (c >> 6), 0x80 | (c & 0x3f));
		}
		fputc('\n', f);
	}
	if (fclose(f) != 0) {
		fprintf(stderr, "mksamples: cannot write %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

static int
teaching_set(const char *dir)
{
	struct gen g = {.dir = dir, .seed = SAMPLES_SEED};
	size_t i;

	if (make_dir(dir) < 0)
		return -1;
	for (i = 0; i < sizeof(entries) / sizeof(entries[0]); i++)
		if (entries[i].gen && entries[i].gen(&g) < 0)
			return -1;
	return write_readme(dir);
}

/* Parses a decimal count with an optional K/M/G suffix; -1 if invalid. */
static int
parse_size(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	if (*s < '0' || *s > '9')
		return -1;
	v = strtoull(s, &end, 10);
	if (errno)
		return -1;
	switch (*end) {
	case 'k':
	case 'K':
		v <<= 10;
		end++;
		break;
	case 'm':
	case 'M':
		v <<= 20;
		end++;
		break;
	case 'g':
	case 'G':
		v <<= 30;
		end++;
		break;
	default:
		break;
	}
	if (*end)
		return -1;
	*out = v;
	return 0;
}

int
main(int argc, char **argv)
{
	const char *bench = NULL, *modality = "CT";
	uint64_t count = 0, size = 0, seed = 1;
	bool have_count = false, have_size = false;
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		bool more = i + 1 < argc;

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "--version") == 0) {
			printf("mksamples (%s) %s\n", PACKAGE_NAME, PACKAGE_VERSION);
			return 0;
		} else if (strcmp(a, "--bench") == 0 && more) {
			bench = argv[++i];
		} else if (strcmp(a, "--count") == 0 && more) {
			if (parse_size(argv[++i], &count) < 0 || count < 1 || count > 1000000) {
				fprintf(stderr,
				        "mksamples: --count wants a number from 1 to 1000000, "
				        "not '%s'\n",
				        argv[i]);
				return 2;
			}
			have_count = true;
		} else if (strcmp(a, "--size") == 0 && more) {
			if (parse_size(argv[++i], &size) < 0) {
				fprintf(stderr,
				        "mksamples: --size wants bytes (e.g. 524288, 512K, "
				        "128M), not '%s'\n",
				        argv[i]);
				return 2;
			}
			have_size = true;
		} else if (strcmp(a, "--modality") == 0 && more) {
			modality = argv[++i];
		} else if (strcmp(a, "--seed") == 0 && more) {
			if (parse_size(argv[++i], &seed) < 0) {
				fprintf(stderr, "mksamples: --seed wants a number, not '%s'\n",
				        argv[i]);
				return 2;
			}
		} else if (a[0] == '-' && a[1] != '\0') {
			fprintf(stderr,
			        "mksamples: unknown option or missing value: '%s' "
			        "(see mksamples --help)\n",
			        a);
			return 2;
		} else if (!bench && i == argc - 1) {
			return teaching_set(a) < 0 ? 1 : 0;
		} else {
			fprintf(stderr,
			        "mksamples: unexpected argument '%s' (see mksamples --help)\n", a);
			return 2;
		}
	}
	if (!bench) {
		usage(stderr);
		return 2;
	}
	if (!have_count || !have_size) {
		fprintf(stderr, "mksamples: --bench needs --count N and --size BYTES\n");
		return 2;
	}
	if (make_dir(bench) < 0)
		return 1;
	return bench_run(bench, (unsigned)count, size, modality, seed) < 0 ? 1 : 0;
}
