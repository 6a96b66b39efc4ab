#!/usr/bin/env python3
"""Checks testprov32.dll's PE export table: the four entry points MAPI looks up
by name (on x86 also ServiceEntry@40, the same function), the two preprocessor
functions its transport registers (TP_EX_PREPROC), and no import of
mapi32.dll (the provider finds mapi32's functions at run time).

    check-exports.py OBJDUMP DLL ARCH        ARCH is x86 or x86_64
"""
import re
import subprocess
import sys


def main(argv):
    objdump, dll, arch = argv[1:4]
    text = subprocess.run([objdump, "-p", dll], capture_output=True, text=True, check=True).stdout

    rva = {}
    names = {}
    section = None
    for line in text.splitlines():
        if line.startswith("Export Address Table -- Ordinal Base"):
            section = "eat"
            continue
        if line.strip().startswith("[Ordinal/Name Pointer] Table"):
            section = "names"
            continue
        if not line.strip():
            section = None
            continue
        if section == "eat":
            m = re.match(r"\s*\[\s*(\d+)\]\s+\+base\[\s*\d+\]\s+([0-9a-fA-F]+)", line)
            if m:
                rva[int(m.group(1))] = int(m.group(2), 16)
        elif section == "names":
            m = re.match(r"\s*\[\s*(\d+)\]\s+(\S+)", line)
            if m:
                names[m.group(2)] = int(m.group(1))

    expected = {"ServiceEntry", "MSProviderInit", "ABProviderInit", "XPProviderInit",
                "TpPreprocessMessage", "TpRemovePreprocessInfo"}
    if arch == "x86":
        expected.add("ServiceEntry@40")
    errors = []
    if set(names) != expected:
        errors.append("exports %s, expected %s" % (sorted(names), sorted(expected)))
    if arch == "x86" and "ServiceEntry" in names and "ServiceEntry@40" in names and \
            rva.get(names["ServiceEntry"]) != rva.get(names["ServiceEntry@40"]):
        errors.append("ServiceEntry and ServiceEntry@40 are different functions")
    if re.search(r"DLL Name:\s*mapi32\.dll", text, re.IGNORECASE):
        errors.append("imports mapi32.dll")
    for e in errors:
        print("testprov32.dll (%s): %s" % (arch, e))
    if not errors:
        print("testprov32.dll (%s): exports %s" % (arch, ", ".join(sorted(names))))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
