#!/usr/bin/env python3
"""qr-objects.py DIR [--count N --per-study K | --worklist N] — writes a small archive for the Query/Retrieve tests:
3 patients, 5 studies, 8 series, 16 CT/MR images (8x8, explicit VR little
endian), one patient's name in Latin-1.  The UIDs and values are the same on
every run; the table QUERIES in the tests refers to them.

With --count, writes a bench archive instead: N images, K to a study (one
series each), one patient per study (DOE^00042 style names, dates spread over
2020-2024)."""
import os
import struct
import sys

ROOT = "1.2.826.0.1.3680043.10.1234"
CT, MR = "1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.5.1.4.1.1.4"
EXPLICIT = "1.2.840.10008.1.2.1"

PATIENTS = [
    # id, name (str), birth date, sex, charset
    ("PID001", "DOE^JOHN", "19600101", "M", ""),
    ("PID002", "DOE^JANE", "19700202", "F", ""),
    ("PID003", "MÜLLER^HANS", "19800303", "M", "ISO_IR 100"),
]
STUDIES = [
    # patient index, study number, date, time, accession, description, referring
    (0, 1, "20240110", "081500", "ACC100", "CT CHEST", "SMITH^A"),
    (0, 2, "20240315", "140000", "ACC101", "MR HEAD", "SMITH^A"),
    (1, 3, "20240601", "093000", "ACC200", "CT ABDOMEN", "JONES^B"),
    (2, 4, "20231224", "120000", "ACC300", "MR KNEE", "JONES^B"),
    (2, 5, "20240701", "170500", "ACC301", "CT HEAD", "SMITH^A"),
]
# study index, series number, modality, description; two images each
SERIES = [
    (0, 1, "CT", "AXIAL"), (0, 2, "CT", "CORONAL"),
    (1, 1, "MR", "T1"), (1, 2, "MR", "T2"),
    (2, 1, "CT", "VENOUS"),
    (3, 1, "MR", "PD"),
    (4, 1, "CT", "AXIAL"), (4, 2, "CT", "BONE"),
]

LONG_VRS = {"OB", "OW", "OF", "SQ", "UT", "UN"}


def elem(group, element, vr, value):
    if isinstance(value, str):
        value = value.encode("latin-1")
        if len(value) % 2:
            value += b"\0" if vr == "UI" else b" "
    head = struct.pack("<HH", group, element) + vr.encode()
    if vr in LONG_VRS:
        return head + b"\0\0" + struct.pack("<I", len(value)) + value
    return head + struct.pack("<H", len(value)) + value


def part10(sop_class, sop_uid, elems):
    meta = b"".join([
        elem(2, 1, "OB", b"\0\1"),
        elem(2, 2, "UI", sop_class),
        elem(2, 3, "UI", sop_uid),
        elem(2, 0x10, "UI", EXPLICIT),
        elem(2, 0x12, "UI", ROOT + ".0"),
    ])
    meta = elem(2, 0, "UL", struct.pack("<I", len(meta))) + meta
    body = b"".join(elem(g, e, vr, v) for (g, e), vr, v in sorted(elems))
    return b"\0" * 128 + b"DICM" + meta + body


def bench(out, count, per_study):
    os.makedirs(out, exist_ok=True)
    for i in range(count):
        st = i // per_study
        sop_uid = "%s.9.%d.%d" % (ROOT, st, i)
        elems = [
            ((0x0008, 0x0016), "UI", CT),
            ((0x0008, 0x0018), "UI", sop_uid),
            ((0x0008, 0x0020), "DA", "202%d%02d%02d" % (st % 5, st % 12 + 1, st % 28 + 1)),
            ((0x0008, 0x0030), "TM", "%02d0000" % (st % 24)),
            ((0x0008, 0x0050), "SH", "A%07d" % st),
            ((0x0008, 0x0060), "CS", "CT"),
            ((0x0010, 0x0010), "PN", "DOE^%05d" % st),
            ((0x0010, 0x0020), "LO", "P%07d" % st),
            ((0x0020, 0x000D), "UI", "%s.8.%d" % (ROOT, st)),
            ((0x0020, 0x000E), "UI", "%s.7.%d" % (ROOT, st)),
            ((0x0020, 0x0011), "IS", "1"),
            ((0x0020, 0x0013), "IS", str(i % per_study + 1)),
            ((0x7FE0, 0x0010), "OW", bytes(32)),
        ]
        d = os.path.join(out, "%03d" % (st % 1000))
        if i % per_study == 0:
            os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "i%07d.dcm" % i), "wb") as f:
            f.write(part10(CT, sop_uid, elems))


def item(elems):
    body = b"".join(elem(g, e, vr, v) for (g, e), vr, v in sorted(elems))
    return struct.pack("<HHI", 0xFFFE, 0xE000, len(body)) + body


def worklist(out, count):
    """count .wl entries in out/WL (dcmtk's wlmscpfs layout, with lockfile)."""
    d = os.path.join(out, "WL")
    os.makedirs(d, exist_ok=True)
    open(os.path.join(d, "lockfile"), "w").close()
    mods = ["CT", "MR", "US", "CR"]
    for i in range(count):
        sps = item([
            ((0x0008, 0x0060), "CS", mods[i % 4]),
            ((0x0040, 0x0001), "AE", "STATION%d" % (i % 8)),
            ((0x0040, 0x0002), "DA", "2025%02d%02d" % (i % 12 + 1, i % 28 + 1)),
            ((0x0040, 0x0003), "TM", "%02d%02d00" % (i % 24, i % 60)),
            ((0x0040, 0x0006), "PN", "DR^%03d" % (i % 50)),
            ((0x0040, 0x0007), "LO", "STEP %d" % i),
            ((0x0040, 0x0009), "SH", "SPS%06d" % i),
        ])
        elems = [
            ((0x0008, 0x0050), "SH", "ACC%06d" % i),
            ((0x0010, 0x0010), "PN", "PATIENT^%05d" % i),
            ((0x0010, 0x0020), "LO", "WP%06d" % i),
            ((0x0010, 0x0030), "DA", "19700101"),
            ((0x0010, 0x0040), "CS", "O"),
            ((0x0020, 0x000D), "UI", "%s.6.%d" % (ROOT, i)),
            ((0x0032, 0x1060), "LO", "PROCEDURE %d" % (i % 20)),
            ((0x0040, 0x0100), "SQ", sps),
            ((0x0040, 0x1001), "SH", "RP%06d" % i),
        ]
        data = part10("1.2.276.0.7230010.3.1.0.1", "%s.5.%d" % (ROOT, i), elems)
        with open(os.path.join(d, "e%06d.wl" % i), "wb") as f:
            f.write(data)


def main():
    out = sys.argv[1]
    if len(sys.argv) > 2 and sys.argv[2] == "--worklist":
        worklist(out, int(sys.argv[3]))
        return
    if len(sys.argv) > 2 and sys.argv[2] == "--count":
        bench(out, int(sys.argv[3]), int(sys.argv[5]) if len(sys.argv) > 5 else 10)
        return
    os.makedirs(out, exist_ok=True)
    n = 0
    for si, (s_index, number, modality, desc) in enumerate(SERIES):
        p_index, st_no, date, time, acc, st_desc, ref = STUDIES[s_index]
        pid, name, birth, sex, charset = PATIENTS[p_index]
        study_uid = "%s.1.%d" % (ROOT, st_no)
        series_uid = "%s.2.%d.%d" % (ROOT, st_no, number)
        for inst in (1, 2):
            n += 1
            sop_class = CT if modality == "CT" else MR
            sop_uid = "%s.3.%d.%d.%d" % (ROOT, st_no, number, inst)
            pixels = bytes((i * 7 + n) % 256 for i in range(128))
            elems = [
                ((0x0008, 0x0016), "UI", sop_class),
                ((0x0008, 0x0018), "UI", sop_uid),
                ((0x0008, 0x0020), "DA", date),
                ((0x0008, 0x0030), "TM", time),
                ((0x0008, 0x0050), "SH", acc),
                ((0x0008, 0x0060), "CS", modality),
                ((0x0008, 0x0090), "PN", ref),
                ((0x0008, 0x1030), "LO", st_desc),
                ((0x0008, 0x103E), "LO", desc),
                ((0x0010, 0x0010), "PN", name),
                ((0x0010, 0x0020), "LO", pid),
                ((0x0010, 0x0030), "DA", birth),
                ((0x0010, 0x0040), "CS", sex),
                ((0x0020, 0x000D), "UI", study_uid),
                ((0x0020, 0x000E), "UI", series_uid),
                ((0x0020, 0x0010), "SH", "S%d" % st_no),
                ((0x0020, 0x0011), "IS", str(number)),
                ((0x0020, 0x0013), "IS", str(inst)),
                ((0x0028, 0x0002), "US", struct.pack("<H", 1)),
                ((0x0028, 0x0004), "CS", "MONOCHROME2"),
                ((0x0028, 0x0010), "US", struct.pack("<H", 8)),
                ((0x0028, 0x0011), "US", struct.pack("<H", 8)),
                ((0x0028, 0x0100), "US", struct.pack("<H", 16)),
                ((0x0028, 0x0101), "US", struct.pack("<H", 12)),
                ((0x0028, 0x0102), "US", struct.pack("<H", 11)),
                ((0x0028, 0x0103), "US", struct.pack("<H", 0)),
                ((0x7FE0, 0x0010), "OW", pixels),
            ]
            if charset:
                elems.append(((0x0008, 0x0005), "CS", charset))
            with open(os.path.join(out, "obj%02d.dcm" % n), "wb") as f:
                f.write(part10(sop_class, sop_uid, elems))


main()
