#!/usr/bin/env python3
"""Checks a built mapi32.dll's export table against Windows' (ordinal, name)
list without running it, so the 32-bit DLL is checked even where 32-bit Wine
cannot be installed: every ordinal present; every name at its ordinal; the other
name form (plain <-> name@N) exported at the same address.

  check-pe-exports.py OBJDUMP DLL LIST
"""
import re
import subprocess
import sys


def exports(objdump, dll):
    text = subprocess.run([objdump, "-p", dll], check=True, capture_output=True, text=True).stdout
    base = int(re.search(r"Ordinal Base\s+(\d+)", text).group(1))
    rva = {}     # ordinal -> address
    names = {}   # name -> ordinal
    section = None
    for line in text.splitlines():
        if "Export Address Table" in line:
            section = "eat"
        elif "[Ordinal/Name Pointer] Table" in line:
            section = "names"
        elif not line.startswith("\t"):
            section = None if line.strip() == "" and section == "names" else section
        m = re.match(r"\t\[\s*(\d+)\] \+base\[\s*(\d+)\]\s+([0-9a-f]+)", line)
        if section == "eat" and m:
            rva[int(m.group(2))] = int(m.group(3), 16)
            continue
        m = re.match(r"\t\[\s*(\d+)\] (\S+)$", line)
        if section == "names" and m:
            names[m.group(2)] = int(m.group(1)) + base
    return rva, names


def main(objdump, dll, listing):
    rva, names = exports(objdump, dll)
    failures = 0
    checked = 0
    for line in open(listing, encoding="ascii"):
        if not line.strip():
            continue
        ordinal, name = line.split()
        ordinal = int(ordinal)
        checked += 1
        if not rva.get(ordinal):
            print("ordinal %d (%s) is not exported" % (ordinal, name))
            failures += 1
            continue
        if name == "@":
            continue
        if names.get(name) != ordinal:
            print("%s: at ordinal %s, Windows has %d" % (name, names.get(name), ordinal))
            failures += 1
        plain = name.split("@")[0]
        if "@" in name:
            others = [plain]
        else:
            others = [n for n in names if re.fullmatch(re.escape(plain) + r"@\d+", n)]
        if not others or any(rva.get(names.get(o)) != rva[ordinal] for o in others):
            print("%s: other name form missing or at another address (%s)" % (name, others))
            failures += 1
    print("%s: %d exports checked, %d problems" % (dll, checked, failures))
    return 1 if failures or checked != 191 else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
