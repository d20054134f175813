#!/bin/bash
# pixels.sh — decode and display times of single frames (tests/bench/pixels)
# for the teaching set's CT (512 x 512) and DX (2048 x 2048), natively and
# compressed with Debian's tools, and JPEG 2000 against opj_decompress on
# the same codestream.  Run by hand from the build tree (not part of make
# check); the numbers are wall-clock on whatever else the machine does.
#
#   tests/bench/pixels.sh [BUILDDIR]        (default: .)
#
# Measured 4 Dec 2026 on 2 shared cores (best of 9; decode includes reading
# the file, render is the display pipeline to 8-bit):
#   CT 512 x 512   native 0.9 ms, RLE 0.4, lossless JPEG 1.8, JPEG-LS 0.7,
#                  JPEG 2000 7.2; render 0.4
#   DX 2048 x 2048 native 14 ms, RLE 9, lossless JPEG 31, JPEG-LS 63,
#                  JPEG 2000 135; render 6
#   opj_decompress (whole process, PGM out): CT 30 ms, DX 370 ms
set -u
B=${1:-.}
SRC=$(cd "$(dirname "$0")/../.." && pwd)
. "$SRC/tests/lib.sh"
need dcmcjpeg dcmcjpls dcmcrle opj_compress opj_decompress python3
BENCH=$B/tests/bench/pixels
S=$B/data/samples
[ -x "$BENCH" ] || fail "$BENCH not built"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dcb-pixbench.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

for src in CT-explicit-le DX-chest-2048; do
	dcmcjpeg +e1 "$S/$src.dcm" "$tmp/$src-ljpeg.dcm" || fail "dcmcjpeg failed"
	dcmcjpls "$S/$src.dcm" "$tmp/$src-jls.dcm" || fail "dcmcjpls failed"
	dcmcrle "$S/$src.dcm" "$tmp/$src-rle.dcm" || fail "dcmcrle failed"
	# JPEG 2000 (reversible): the native pixels as PGM, opj_compress, wrapped
	python3 - "$S/$src.dcm" "$tmp/$src.pgm" <<'PY' || fail "cannot extract $src"
import struct, sys
d = open(sys.argv[1], "rb").read()
def us(tag):
    i = d.find(struct.pack("<HH", 0x28, tag) + b"US")
    return struct.unpack_from("<H", d, i + 8)[0]
rows, cols, bits = us(0x10), us(0x11), us(0x101)
px = d[-rows * cols * 2:]
px = b"".join(px[i + 1:i + 2] + px[i:i + 1] for i in range(0, len(px), 2))
open(sys.argv[2], "wb").write(b"P5\n%d %d\n%d\n" % (cols, rows, (1 << bits) - 1) + px)
PY
	opj_compress -i "$tmp/$src.pgm" -o "$tmp/$src.j2k" >/dev/null || fail "opj_compress failed"
	python3 - "$S/$src.dcm" "$tmp/$src.j2k" "$tmp/$src-j2k.dcm" <<'PY' || fail "cannot wrap $src"
import struct, sys
d = open(sys.argv[1], "rb").read()
j = open(sys.argv[2], "rb").read()
if len(j) % 2:
    j += b"\0"
ts_old, ts_new = b"1.2.840.10008.1.2.1\0", b"1.2.840.10008.1.2.4.90"
i = d.find(ts_old)
meta_len_at = d.find(b"\x02\x00\x00\x00UL") + 8
d = d[:i - 2] + struct.pack("<H", len(ts_new)) + ts_new + d[i + len(ts_old):]
d = d[:meta_len_at] + struct.pack("<I", struct.unpack_from("<I", d, meta_len_at)[0] + 2) + d[meta_len_at + 4:]
p = d.rfind(b"\xe0\x7f\x10\x00OW")
enc = (b"\xe0\x7f\x10\x00OB\0\0\xff\xff\xff\xff" + b"\xfe\xff\x00\xe0" + struct.pack("<I", 0)
       + b"\xfe\xff\x00\xe0" + struct.pack("<I", len(j)) + j + b"\xfe\xff\xdd\xe0\0\0\0\0")
open(sys.argv[3], "wb").write(d[:p] + enc)
PY
done

echo "== dicombench: best and median of 9 runs (read + decode, then display pipeline)"
"$BENCH" -n 9 "$S/CT-explicit-le.dcm" "$tmp/CT-explicit-le-rle.dcm" \
	"$tmp/CT-explicit-le-ljpeg.dcm" "$tmp/CT-explicit-le-jls.dcm" "$tmp/CT-explicit-le-j2k.dcm" \
	"$S/DX-chest-2048.dcm" "$tmp/DX-chest-2048-rle.dcm" "$tmp/DX-chest-2048-ljpeg.dcm" \
	"$tmp/DX-chest-2048-jls.dcm" "$tmp/DX-chest-2048-j2k.dcm" || fail "the bench failed"

echo "== opj_decompress on the same codestreams (whole process, best of 9, PGM to tmpfs)"
for src in CT-explicit-le DX-chest-2048; do
	best=
	for i in 1 2 3 4 5 6 7 8 9; do
		t0=$(date +%s%N)
		opj_decompress -i "$tmp/$src.j2k" -o "$tmp/out.pgm" >/dev/null 2>&1 || fail "opj_decompress failed"
		t=$(( ($(date +%s%N) - t0) / 100000 ))
		[ -z "$best" ] || [ "$t" -lt "$best" ] && best=$t
	done
	printf '%-28s opj_decompress %5d.%d ms\n' "$src.j2k" $((best / 10)) $((best % 10))
done
