#!/usr/bin/env python3
"""Merges MAPISVC.INF fragments into a MAPISVC.INF (tools/install --add-inf).

  merge-inf.py BASE FRAGMENT... -o OUT

Lines of the list sections ([Services], [Default Services], [Help File
Mappings]) are merged key by key, a fragment's line replacing the base's line
with the same key. Every other section of a fragment replaces the section of
the same name, or is appended. Comments and order of the base are kept.
"""
import sys

LISTS = {"services", "default services", "help file mappings"}


def parse(path):
    """Returns [(name or None, [lines])] in file order; name None is the preamble."""
    with open(path, "rb") as f:
        raw = f.read()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    text = raw.decode("utf-8", errors="surrogateescape")
    sections = [(None, [])]
    for line in text.splitlines():
        s = line.strip()
        if s.startswith("[") and "]" in s:
            sections.append((s[1:s.index("]")].strip(), [line]))
        else:
            sections[-1][1].append(line)
    return sections


def key_of(line):
    s = line.strip()
    if not s or s.startswith(";") or "=" not in s:
        return None
    return s.split("=", 1)[0].strip().lower()


def merge(base, frag):
    index = {name.lower(): i for i, (name, _) in enumerate(base) if name}
    for name, lines in frag:
        if name is None:
            continue
        low = name.lower()
        if low not in index:
            base.append((name, list(lines)))
            index[low] = len(base) - 1
        elif low in LISTS:
            target = base[index[low]][1]
            for line in lines[1:]:
                k = key_of(line)
                if k is None:
                    continue
                for j, old in enumerate(target):
                    if key_of(old) == k:
                        target[j] = line
                        break
                else:
                    # Before trailing blank lines, so sections stay separated.
                    at = len(target)
                    while at > 1 and not target[at - 1].strip():
                        at -= 1
                    target.insert(at, line)
        else:
            base[index[low]] = (name, list(lines))


def main(argv):
    if "-o" not in argv or len(argv) < 4:
        sys.exit(__doc__)
    out = argv[argv.index("-o") + 1]
    files = [a for i, a in enumerate(argv[1:], 1) if a != "-o" and argv[i - 1] != "-o"]
    base = parse(files[0])
    for frag in files[1:]:
        merge(base, parse(frag))
    lines = []
    for _, sec in base:
        lines.extend(sec)
    with open(out, "wb") as f:
        f.write(("\r\n".join(lines) + "\r\n").encode("utf-8", errors="surrogateescape"))


if __name__ == "__main__":
    main(sys.argv)
