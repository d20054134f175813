#!/usr/bin/python3
"""One-off import of data/dictionary.tsv and data/uids.tsv (developer tool).

Not used by the build.  Reads dcmtk's dicom.dic (tags, VRs, VMs, keywords,
retired flags) and, for the human-readable names and the UID table, the
tables shipped with pydicom.  Run from the top of the source tree:

    python3 data/import-tables.py /usr/share/libdcmtk17/dicom.dic \
        /usr/lib/python3/dist-packages/pydicom
"""
import ast
import re
import sys


def literal_tables(path):
    tables = {}
    for node in ast.parse(open(path, encoding="utf-8").read()).body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            target = node.targets[0] if isinstance(node, ast.Assign) else node.target
            tables[target.id] = ast.literal_eval(node.value)
    return tables


# dcmtk's internal VR codes -> the VR text of PS3.6
VR_MAP = {"ox": "OB or OW", "px": "OB or OW", "xs": "US or SS",
          "lt": "US or OW", "up": "UL", "na": ""}


def split_words(keyword):
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", keyword)
    return words


def tag_text(group, elem):
    """'(6000-60FF,3000)' -> '(60xx,3000)'."""
    def part(p):
        if "-" not in p:
            return p.upper()
        lo, hi = p.split("-")[0], p.split("-")[-1]
        out = ""
        for a, b in zip(lo.upper(), hi.upper()):
            out += a if a == b else "x"
        return out
    return "(%s,%s)" % (part(group), part(elem))


def dictionary(dic_path, pyd):
    names = literal_tables(pyd + "/_dicom_dict.py")
    by_tag = names["DicomDictionary"]
    repeaters = names["RepeatersDictionary"]
    rows = {}
    for line in open(dic_path, encoding="latin-1"):
        if line.startswith("#") or not line.strip():
            continue
        tag, vr, keyword, vm, version = line.rstrip("\n").split("\t")
        if not version.startswith("DICOM"):
            continue        # generic/private/illegal ranges: handled in dict.c
        m = re.match(r"\(([0-9A-Fa-f-]+),([0-9A-Fa-f-]+)\)$", tag)
        group, elem = m.group(1), m.group(2)
        if "-o-" in group or "-u-" in group or "-o-" in elem or "-u-" in elem:
            continue
        retired = version.endswith("retired")
        if keyword.startswith("RETIRED_"):
            keyword = keyword[len("RETIRED_"):]
        text = tag_text(group, elem)
        name = None
        if "x" not in text:
            entry = by_tag.get(int(group + elem, 16))
            if entry and entry[4] == keyword:
                name = entry[2]
        else:
            entry = repeaters.get(text[1:-1].replace(",", ""))
            if entry and entry[4] == keyword:
                name = entry[2]
        if name is None:
            name = split_words(keyword)
        rows[text] = (text, VR_MAP.get(vr, vr), vm, keyword, name,
                      "Y" if retired else "N")
    out = open("data/dictionary.tsv", "w", encoding="utf-8")
    out.write("# tag\tVR\tVM\tkeyword\tname\tretired\n")
    for key in sorted(rows, key=lambda t: t.replace("x", "0")):
        out.write("\t".join(rows[key]) + "\n")
    out.close()


def uids(pyd):
    table = literal_tables(pyd + "/_uid_dict.py")["UID_dictionary"]
    out = open("data/uids.tsv", "w", encoding="utf-8")
    out.write("# uid\tkeyword\tname\tkind\tretired\n")

    def key(u):
        return [int(x) for x in u.split(".")]
    for uid in sorted(table, key=key):
        name, kind, _info, retired, keyword = table[uid]
        for field in (name, kind, keyword):
            assert "\t" not in field and "\n" not in field
        out.write("\t".join([uid, keyword, name, kind,
                             "Y" if retired == "Retired" else "N"]) + "\n")
    out.close()


if __name__ == "__main__":
    dictionary(sys.argv[1], sys.argv[2])
    uids(sys.argv[2])
