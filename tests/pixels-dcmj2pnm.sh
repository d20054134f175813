#!/bin/bash
# pixels-dcmj2pnm.sh — `dicombench topng` against dcmtk's dcmj2pnm and
# openjpeg's opj_decompress.
#
# The teaching set's images, plus compressed twins made here with Debian's
# tools (dcmcjpeg: JPEG lossless SV1 and other predictors, baseline;
# dcmcjpls: JPEG-LS lossless, near-lossless, three interleave modes;
# dcmcrle: RLE of 8/16/32-bit, colour and multi-frame; dcmconv: deflated;
# dcmdjpeg: YBR_FULL and planar configuration 1; dcmodify: MONOCHROME1,
# signed pixels, SIGMOID, LINEAR_EXACT; pydicom: PALETTE COLOR, a VOI LUT
# Sequence, a Modality LUT Sequence) are written as PNG by both tools with the same
# window: the file's first window, min/max, and a given one, on the first
# and the last frame.  Grey levels may differ by 1 (rounding); colour
# images without a window must be identical.  JPEG 2000 (which dcmtk
# does not decode) is compared with opj_decompress's own pixels put back
# into a native file.  First, topng's answers to bad usage, a missing
# file, a frame past the end, a file without pixels and an unwritable
# output.  Fails when a tool is missing.
set -u

. "${top_srcdir:-.}/tests/lib.sh"

need dcmj2pnm dcmcjpeg dcmcjpls dcmdjpls dcmcrle dcmconv dcmdjpeg dcmodify opj_compress opj_decompress
[ -x "$DICOMBENCH" ] || fail "$DICOMBENCH was not built"
PY=
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import pydicom' 2>/dev/null; then PY=$p; break; fi
done
[ -n "$PY" ] || fail "python3 with pydicom is missing: install python3-pydicom"

ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=86
UBSAN_OPTIONS=${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}exitcode=87:print_stacktrace=1
export ASAN_OPTIONS UBSAN_OPTIONS

tmp=$(mktemp -d "${TMPDIR:-/tmp}/dcb-pixels.XXXXXX") || exit 1
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
S=$SAMPLES
failed=0 compared=0

bad() {
	echo "FAIL: $*" >&2
	failed=$((failed + 1))
}

# ---- what topng says about bad usage and files it cannot show ----
# usage_case EXIT TEXT ARGS...: topng exits with EXIT and says TEXT on stderr
usage_case() {
	want=$1 text=$2
	shift 2
	"$DICOMBENCH" topng "$@" 2>"$tmp/err" >/dev/null
	rc=$?
	if [ $rc -ne "$want" ] || ! grep -qF -- "$text" "$tmp/err"; then
		bad "topng $*: exit $rc (want $want), said: $(head -3 "$tmp/err")"
	fi
}
usage_case 2 "--frame wants a number from 1" --frame 0 "$S/CT-explicit-le.dcm" "$tmp/x.png"
usage_case 2 "--window wants C,W" --window 40 "$S/CT-explicit-le.dcm" "$tmp/x.png"
usage_case 2 "--window wants C,W" --window 40,0 "$S/CT-explicit-le.dcm" "$tmp/x.png"
usage_case 2 "Usage:" "$S/CT-explicit-le.dcm"
usage_case 1 "cannot open" "$tmp/missing.dcm" "$tmp/x.png"
usage_case 1 "there is no frame 3: the object has 2" --frame 3 "$S/NM-static-2frames.dcm" "$tmp/x.png"
usage_case 1 "no Pixel Data (7FE0,0010)" "$S/RTSTRUCT-phantom.dcm" "$tmp/x.png"
usage_case 1 "cannot write" "$S/CT-explicit-le.dcm" "$tmp/no/such/dir/x.png"
[ ! -e "$tmp/x.png" ] || bad "topng wrote a PNG although it failed"

# ---- compressed and altered twins of the samples ----
mk() { "$@" >"$tmp/mk.log" 2>&1 || { cat "$tmp/mk.log"; fail "could not run: $*"; }; }
mk dcmcjpeg +e1 "$S/CT-explicit-le.dcm" "$tmp/CT-ljpeg-sv1.dcm"
mk dcmcjpeg +el +sv 7 "$S/CT-explicit-le.dcm" "$tmp/CT-ljpeg-sv7.dcm"
mk dcmcjpeg +el +sv 4 +pt 2 "$S/MR-explicit-be.dcm" "$tmp/MR-ljpeg-sv4-pt2.dcm"
mk dcmcjpeg +e1 "$S/NM-static-2frames.dcm" "$tmp/NM-ljpeg-2frames.dcm"
mk dcmcjpeg +e1 "$S/SC-rgb-utf8.dcm" "$tmp/SC-ljpeg-rgb.dcm"
mk dcmcjpeg +eb "$S/US-multiframe-rgb.dcm" "$tmp/US-jpeg-baseline.dcm"
mk dcmcjpeg +eb "$S/CT-explicit-le.dcm" "$tmp/CT-jpeg-baseline.dcm"
mk dcmcjpls "$S/CT-explicit-le.dcm" "$tmp/CT-jls.dcm"
mk dcmcjpls +en "$S/CR-chest.dcm" "$tmp/CR-jls-near.dcm"
mk dcmcjpls +il "$S/SC-rgb-utf8.dcm" "$tmp/SC-jls-line.dcm"
mk dcmcjpls +is "$S/SC-rgb-utf8.dcm" "$tmp/SC-jls-sample.dcm"
mk dcmcjpls +in "$S/SC-rgb-utf8.dcm" "$tmp/SC-jls-none.dcm"
mk dcmcrle "$S/MR-explicit-be.dcm" "$tmp/MR-rle.dcm"
mk dcmcrle "$S/US-multiframe-rgb.dcm" "$tmp/US-rle.dcm"
mk dcmcrle "$S/RTDOSE-implicit-le.dcm" "$tmp/RTDOSE-rle.dcm"
mk dcmconv +td "$S/CT-explicit-le.dcm" "$tmp/CT-deflated.dcm"
mk dcmdjpeg +cn "$tmp/US-jpeg-baseline.dcm" "$tmp/US-ybr-full-planar.dcm"
mk dcmdjpeg +pl "$tmp/US-jpeg-baseline.dcm" "$tmp/US-rgb-planar.dcm"
cp "$S/CR-chest.dcm" "$tmp/CR-monochrome1.dcm"
mk dcmodify -nb -m "(0028,0004)=MONOCHROME1" "$tmp/CR-monochrome1.dcm"
cp "$S/CT-explicit-le.dcm" "$tmp/CT-signed.dcm"
mk dcmodify -nb -m "(0028,0103)=1" "$tmp/CT-signed.dcm"
cp "$S/CT-explicit-le.dcm" "$tmp/CT-sigmoid.dcm"
mk dcmodify -nb -i "(0028,1056)=SIGMOID" "$tmp/CT-sigmoid.dcm"
cp "$S/CT-explicit-le.dcm" "$tmp/CT-linear-exact.dcm"
mk dcmodify -nb -i "(0028,1056)=LINEAR_EXACT" "$tmp/CT-linear-exact.dcm"

# PALETTE COLOR, a VOI LUT Sequence and a Modality LUT Sequence (pydicom)
"$PY" - "$S/CT-explicit-le.dcm" "$tmp" <<'PY' || fail "cannot write the LUT twins"
import sys, pydicom, struct
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence
src, out = sys.argv[1], sys.argv[2]
def drop(ds, *keys):
    for k in keys:
        if k in ds: delattr(ds, k)
# PALETTE COLOR, 8-bit indices
ds = pydicom.dcmread(src)
vals = struct.unpack("<%dH" % (len(ds.PixelData) // 2), ds.PixelData)
ds.PixelData = bytes(min(255, v >> 4) for v in vals)
ds["PixelData"].VR = "OB"
ds.BitsAllocated, ds.BitsStored, ds.HighBit = 8, 8, 7
ds.PhotometricInterpretation = "PALETTE COLOR"
drop(ds, "WindowCenter", "WindowWidth", "RescaleIntercept", "RescaleSlope", "RescaleType")
for c, f in (("Red", lambda i: i * 257), ("Green", lambda i: (255 - i) * 257),
             ("Blue", lambda i: ((i * 7) % 256) * 257)):
    setattr(ds, c + "PaletteColorLookupTableDescriptor", [256, 0, 16])
    ds[c + "PaletteColorLookupTableDescriptor"].VR = "US"
    setattr(ds, c + "PaletteColorLookupTableData", struct.pack("<256H", *[f(i) for i in range(256)]))
ds.save_as(out + "/CT-palette.dcm", write_like_original=False)
# VOI LUT Sequence instead of a window, no rescale
ds = pydicom.dcmread(src)
drop(ds, "WindowCenter", "WindowWidth", "RescaleIntercept", "RescaleSlope", "RescaleType")
it = Dataset()
it.LUTDescriptor = [4096, 0, 16]
it["LUTDescriptor"].VR = "US"
it.LUTData = [int(65535 * (i / 4095) ** 0.5) for i in range(4096)]
it["LUTData"].VR = "US"
ds.VOILUTSequence = Sequence([it])
ds.save_as(out + "/CT-voi-lut.dcm", write_like_original=False)
# Modality LUT Sequence instead of rescale
ds = pydicom.dcmread(src)
drop(ds, "RescaleIntercept", "RescaleSlope", "RescaleType")
it = Dataset()
it.LUTDescriptor = [4096, 0, 16]
it["LUTDescriptor"].VR = "US"
it.ModalityLUTType = "HU"
it.LUTData = [4095 - i for i in range(4096)]
it["LUTData"].VR = "US"
ds.ModalityLUTSequence = Sequence([it])
ds.save_as(out + "/CT-modality-lut.dcm", write_like_original=False)
PY

# Readers of 8-bit PNG (ours) and binary PGM/PPM (dcmj2pnm's, openjpeg's),
# shared by the Python pieces below.
cat > "$tmp/pnmlib.py" <<'PY'
import struct, sys, zlib
def png(path):
    d = open(path, "rb").read()
    assert d[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    o, idat = 8, b""
    while o < len(d):
        n, t = struct.unpack(">I4s", d[o:o + 8])
        body = d[o + 8:o + 8 + n]
        if t == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
        elif t == b"IDAT":
            idat += body
        o += 12 + n
    ch = {0: 1, 2: 3}[ctype]
    raw, stride, out, prev = zlib.decompress(idat), w * ch, bytearray(), bytearray(w * ch)
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - ch] if x >= ch else 0
            b, c = prev[x], prev[x - ch] if x >= ch else 0
            if f == 1: line[x] = (line[x] + a) & 255
            elif f == 2: line[x] = (line[x] + b) & 255
            elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out += line; prev = line
    return w, h, ch, bytes(out)
def pnm(path):
    d = open(path, "rb").read()
    fields, o = [], 0
    while len(fields) < 4:
        while d[o:o + 1].isspace(): o += 1
        if d[o:o + 1] == b"#":
            while d[o:o + 1] != b"\n": o += 1
            continue
        s = o
        while not d[o:o + 1].isspace(): o += 1
        fields.append(d[s:o])
    ch = {b"P5": 1, b"P6": 3}[fields[0]]
    return int(fields[1]), int(fields[2]), ch, d[o + 1:]
PY

# png_vs_pnm OURS.png THEIRS.pnm TOLERANCE: the largest difference of any
# sample must not pass TOLERANCE; sizes and channels must agree.
png_vs_pnm() {
	PYTHONPATH=$tmp "$PY" - "$1" "$2" "$3" <<'PY'
import sys
from pnmlib import png, pnm
a, b = png(sys.argv[1]), pnm(sys.argv[2])
if a[:3] != b[:3]:
    sys.exit("size %s against %s" % (a[:3], b[:3]))
worst = max((abs(x - y) for x, y in zip(a[3], b[3])), default=0)
if worst > int(sys.argv[3]):
    n = sum(1 for x, y in zip(a[3], b[3]) if abs(x - y) > int(sys.argv[3]))
    sys.exit("%d samples differ, by up to %d grey levels" % (n, worst))
PY
}

# compare FILE FRAME TOLERANCE OUR-WINDOW DCMJ2PNM-OPTIONS...
compare() {
	f=$1 frame=$2 tol=$3 win=$4
	shift 4
	name=$(basename "$f").$frame.$win
	if ! "$DICOMBENCH" topng --frame "$frame" --window "$win" "$f" "$tmp/ours.png" 2>"$tmp/err"; then
		bad "$name: topng failed: $(cat "$tmp/err")"
		return
	fi
	ref=$f
	# dcmj2pnm has no JPEG-LS decoder: dcmdjpls's native twin stands in
	case $(dcmdump -q +P 0002,0010 "$f") in
	*JPEGLS*)
		ref=$tmp/native.dcm
		dcmdjpls "$f" "$ref" || { bad "$name: dcmdjpls failed"; return; } ;;
	esac
	if ! dcmj2pnm -q +F "$frame" "$@" +op "$ref" "$tmp/theirs.pnm" 2>"$tmp/err"; then
		bad "$name: dcmj2pnm failed: $(cat "$tmp/err")"
		return
	fi
	if ! msg=$(png_vs_pnm "$tmp/ours.png" "$tmp/theirs.pnm" "$tol" 2>&1); then
		bad "$name (dcmj2pnm $*): $msg"
		return
	fi
	compared=$((compared + 1))
}

frames_of() {
	n=$(dcmdump -q +P 0028,0008 "$1" 2>/dev/null | sed -n 's/.*\[\([0-9]*\)\].*/\1/p')
	echo "${n:-1}"
}

for f in ${ONLY:-"$S"/*.dcm "$tmp"/*.dcm}; do
	case $(basename "$f") in
	RTSTRUCT-* | SR-* | faulty-*) continue ;;
	esac
	pi=$(dcmdump -q +P 0028,0004 "$f" | sed -n 's/.*\[\(.*\)\].*/\1/p')
	last=$(frames_of "$f")
	for frame in 1 "$last"; do
		case $pi in
		MONOCHROME*)
			if dcmdump -q +P 0028,1050 "$f" | grep -q .; then
				compare "$f" "$frame" 1 file +Wi 1
			elif dcmdump -q +P 0028,3010 "$f" | grep -q .; then
				compare "$f" "$frame" 1 file +Wl 1
			else
				compare "$f" "$frame" 1 file +Wm
			fi
			compare "$f" "$frame" 1 minmax +Wm
			compare "$f" "$frame" 1 100,1000 +Ww 100 1000
			;;
		*)
			# lossy colour passes through a different IDCT: 1 level;
			# dcmtk turns YBR_FULL into RGB around 127.5 and truncates,
			# PS3.3 C.7.6.3.1.2 centres chrominance on 128: 2 levels
			case $(basename "$f") in
			*jpeg-baseline*) tol=1 ;;
			*ybr-full*) tol=2 ;;
			*) tol=0 ;;
			esac
			compare "$f" "$frame" $tol file
			;;
		esac
		[ "$last" = 1 ] && break
	done
done

# ---- JPEG 2000: against openjpeg's own decoder ----
# j2k NAME SOURCE.dcm PHOTOMETRIC TS OPJ-OPTIONS...: the first frame of
# SOURCE is compressed by opj_compress and wrapped as NAME; opj_decompress's
# pixels are wrapped as NAME-ref, a native twin; both go through topng
# and must be identical (grey: with the file's window and min/max).
j2k() {
	name=$1 src=$2 pi=$3 ts=$4
	shift 4
	"$PY" - "$src" "$tmp/$name.raw" <<'PY' || fail "cannot extract pixels of $src"
import sys, pydicom
ds = pydicom.dcmread(sys.argv[1])
w, h, n = ds.Columns, ds.Rows, ds.SamplesPerPixel
maxval = (1 << ds.BitsStored) - 1
px = ds.PixelData[:w * h * n * ds.BitsAllocated // 8]
if ds.BitsAllocated == 16:
    px = b"".join(px[i + 1:i + 2] + px[i:i + 1] for i in range(0, len(px), 2))
open(sys.argv[2], "wb").write(b"P%d\n%d %d\n%d\n" % (5 if n == 1 else 6, w, h, maxval) + px)
PY
	ext=pgm
	[ "$pi" = MONOCHROME2 ] || ext=ppm
	mv "$tmp/$name.raw" "$tmp/$name.$ext"
	mk opj_compress -i "$tmp/$name.$ext" -o "$tmp/$name.j2k" "$@"
	mk opj_decompress -i "$tmp/$name.j2k" -o "$tmp/$name-ref.$ext"
	PYTHONPATH=$tmp "$PY" - "$src" "$tmp/$name.j2k" "$tmp/$name-ref.$ext" "$tmp/$name.dcm" "$tmp/$name-ref.dcm" \
		"$pi" "$ts" <<'PY' || fail "cannot wrap $name"
import sys, pydicom
from pydicom.encaps import encapsulate
from pydicom.uid import UID
from pnmlib import pnm
src, j2k, ref, out, out_ref, pi, ts = sys.argv[1:]
ds = pydicom.dcmread(src)
if "NumberOfFrames" in ds:
    del ds.NumberOfFrames
# the native twin: opj_decompress's pixels (PNM is big endian)
px = pnm(ref)[3]
if ds.BitsAllocated == 16:
    px = b"".join(px[i + 1:i + 2] + px[i:i + 1] for i in range(0, len(px), 2))
ds.PixelData = px
ds.save_as(out_ref, write_like_original=False)
ds.PixelData = encapsulate([open(j2k, "rb").read()])
ds["PixelData"].VR = "OB"
ds.PhotometricInterpretation = pi
ds.file_meta.TransferSyntaxUID = UID(ts)
ds.is_implicit_VR, ds.is_little_endian = False, True
ds.save_as(out, write_like_original=False)
PY
	for win in file minmax; do
		"$DICOMBENCH" topng --window $win "$tmp/$name.dcm" "$tmp/ours.png" 2>"$tmp/err" ||
			{ bad "$name: topng failed: $(cat "$tmp/err")"; continue; }
		"$DICOMBENCH" topng --window $win "$tmp/$name-ref.dcm" "$tmp/ref.png" 2>"$tmp/err" ||
			{ bad "$name-ref: topng failed: $(cat "$tmp/err")"; continue; }
		if cmp -s "$tmp/ours.png" "$tmp/ref.png"; then
			compared=$((compared + 1))
		else
			bad "$name ($win): the JPEG 2000 frame differs from opj_decompress's"
		fi
		[ "$pi" = MONOCHROME2 ] || break
	done
	# and the reference itself against dcmj2pnm
	case $pi in
	MONOCHROME*) compare "$tmp/$name-ref.dcm" 1 1 file +Wi 1 ;;
	*) compare "$tmp/$name-ref.dcm" 1 0 file ;;
	esac
}
j2k CT-j2k-reversible "$S/CT-explicit-le.dcm" MONOCHROME2 1.2.840.10008.1.2.4.90
j2k CR-j2k-irreversible "$S/CR-chest.dcm" MONOCHROME2 1.2.840.10008.1.2.4.91 -I -r 20
j2k SC-j2k-ict "$S/SC-rgb-utf8.dcm" YBR_ICT 1.2.840.10008.1.2.4.91 -I -r 10
j2k SC-j2k-rct "$S/SC-rgb-utf8.dcm" YBR_RCT 1.2.840.10008.1.2.4.90

echo "pixels-dcmj2pnm: $compared comparisons passed, $failed failed"
[ "$compared" -gt 0 ] || fail "nothing was compared"
[ "$failed" -eq 0 ]
