#!/usr/bin/env python3
"""Adds up what tools/test ran, from meson's testlog.json of each build folder.
A check program counts its own checks ("Checks: N, Failures: F, Errors: E");
a script that prints "N passed, M failed" counts those; any other test counts
as one. A test that died without its summary counts as failed. A build that
did not compile counts as one failure."""
import json
import os
import re
import sys

CHECK = re.compile(r"Checks: (\d+), Failures: (\d+), Errors: (\d+)")
PLAIN = re.compile(r"^(\d+) passed, (\d+) failed", re.M)


def main(build, archs):
    passed = failed = 0
    marker = os.path.join(build, "failed-builds")
    if os.path.exists(marker):
        failed += len(open(marker).read().split())
        os.remove(marker)
    for arch in archs:
        log = os.path.join(build, arch, "meson-logs", "testlog.json")
        if not os.path.exists(log):
            continue
        for line in open(log):
            t = json.loads(line)
            out = t.get("stdout") or ""
            ok = t.get("result") in ("OK", "EXPECTEDFAIL")
            m = CHECK.findall(out)
            p = PLAIN.findall(out)
            if m:
                n, f, e = (int(x) for x in m[-1])
                passed += n - f - e
                failed += f + e + (0 if ok or f + e else 1)
            elif p:
                passed += int(p[-1][0])
                failed += int(p[-1][1]) + (0 if ok or int(p[-1][1]) else 1)
            elif ok:
                passed += 1
            elif t.get("result") != "SKIP":
                failed += 1
    print("%d passed, %d failed" % (passed, failed))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
