#!/bin/bash
# tools/install into a fresh Wine prefix: a client there loads FreeMAPI's
# mapi32 (by path and version resource); after --uninstall it gets Wine's
# builtin again. Also: a missing prefix is refused, and installing twice is fine.
set -u
build=$1 probe=$2
top=$(cd "$(dirname "$0")/.." && pwd)
prefix=$(mktemp -d "${TMPDIR:-/tmp}/freemapi-install.XXXXXX")
passed=0 failed=0
trap 'WINEPREFIX=$prefix wineserver -k 2>/dev/null; rm -rf "$prefix"' EXIT

ok() { echo "ok: $1"; passed=$((passed + 1)); }
fail() { echo "FAILED: $1"; failed=$((failed + 1)); }
expect() { if eval "$2"; then ok "$1"; else fail "$1"; fi; }
probe() { WINEPREFIX=$prefix WINEDEBUG=-all wine "$probe" 2>/dev/null | tr -d '\r'; }

out=$("$top/tools/install" --prefix "$prefix/nope" --build "$build" 2>&1); rc=$?
expect "a missing prefix is refused" '[ $rc -ne 0 ] && [[ $out == *"does not exist"* ]]'
out=$("$top/tools/install" --prefix "$prefix" --build "$build" 2>&1); rc=$?
expect "an empty folder is not taken for a prefix" '[ $rc -ne 0 ] && [[ $out == *"not a Wine prefix"* ]]'

WINEPREFIX=$prefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" wineboot -i >/dev/null 2>&1
WINEPREFIX=$prefix wineserver -w

before=$(probe)
expect "before install a client gets Wine's builtin" '[[ $before == *"product: Wine"* ]]'

"$top/tools/install" --prefix "$prefix" --build "$build" --quiet; rc=$?
expect "install succeeds" '[ $rc -eq 0 ]'
"$top/tools/install" --prefix "$prefix" --build "$build" --quiet; rc=$?
expect "installing again succeeds" '[ $rc -eq 0 ]'
after=$(probe)
echo "$after"
expect "after install a client gets FreeMAPI" '[[ $after == *"product: FreeMAPI"* ]]'
expect "from system32" '[[ ${after,,} == *"path: c:\\windows\\system32\\mapi32.dll"* ]]'
version=$(sed -n "s/^ *version: '\([0-9.]*\)'.*/\1/p" "$top/meson.build" | head -n 1)
expect "with our version" '[[ $after == *"version: $version"* ]]'
expect "MAPISVC.INF installed" '[ -f "$prefix/drive_c/windows/system32/MAPISVC.INF" ]'
reg=$(tr -d '\r' <"$prefix/system.reg")
expect "MAPIX=1 in HKLM" '[[ $reg == *"\"MAPIX\"=\"1\""* ]]'
expect "MAPIXVER in HKLM" '[[ $reg == *"\"MAPIXVER\"=\"$version\""* ]]'
expect "DllOverrides set" 'grep -q "\"mapi32\"=\"native,builtin\"" "$prefix/user.reg"'

"$top/tools/install" --prefix "$prefix" --uninstall --quiet; rc=$?
expect "uninstall succeeds" '[ $rc -eq 0 ]'
gone=$(probe)
expect "after uninstall a client gets Wine's builtin again" '[[ $gone == *"product: Wine"* ]]'
expect "override removed" '! grep -q "\"mapi32\"=\"native,builtin\"" "$prefix/user.reg"'
expect "MAPISVC.INF removed" '[ ! -f "$prefix/drive_c/windows/system32/MAPISVC.INF" ]'

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
