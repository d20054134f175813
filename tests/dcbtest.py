"""dcbtest.py — helpers for the shell tests' Python parts (tests/lib.sh).

    python3 tests/dcbtest.py FILE    writes FILE's data set bytes to stdout

In a test's Python: sys.path.insert(0, LIB_DIR); from dcbtest import dataset
(lib.sh sets LIB_DIR to this folder)."""
import struct
import sys

LONG_VRS = (b"OB", b"OW", b"OF", b"SQ", b"UT", b"UN")


def dataset(d):
    """The bytes of a Part 10 file's contents d after the preamble and the
    group 0002 meta header."""
    o = 132 if d[128:132] == b"DICM" else 0
    while o + 8 <= len(d) and struct.unpack_from("<H", d, o)[0] == 2:
        if d[o + 4:o + 6] in LONG_VRS:
            o += 12 + struct.unpack_from("<I", d, o + 8)[0]
        else:
            o += 8 + struct.unpack_from("<H", d, o + 6)[0]
    return d[o:]


def file_dataset(path):
    with open(path, "rb") as f:
        return dataset(f.read())


if __name__ == "__main__":
    sys.stdout.buffer.write(file_dataset(sys.argv[1]))
