#!/bin/bash
# mapiprof end to end, through the Unix wrapper tools/mapiprof, in a fresh Wine
# prefix with FreeMAPI installed: every command, PRF export and import, and the
# error sentences (unknown profile, duplicate profile, unknown service, bad
# TAG=VALUE, malformed PRF).
#
#   tests/test-mapiprof.sh BUILD-ROOT MAPIPROF-EXE
#
# The checks that need no profile administration run first.  When the DLL's
# MAPIAdminProfiles still answers MAPI_E_NO_SUPPORT the rest cannot run: the
# script says so and exits 77 (meson: SKIP) if everything before passed.
# Service checks use the first service the installed MAPISVC.INF lists.
set -u
build=$1 exe=$2
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/freemapi-mapiprof.XXXXXX")
prefix=$tmp/prefix
passed=0 failed=0
cleanup() {
    WINEPREFIX=$prefix wineserver -k 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT

ok() { echo "ok: $1"; passed=$((passed + 1)); }
fail() {
    echo "FAILED: $1"
    echo "    rc=$rc"
    echo "    stdout: ${out//$'\n'/$'\n'            }"
    echo "    stderr: ${err//$'\n'/$'\n'            }"
    failed=$((failed + 1))
}
expect() { if eval "$2"; then ok "$1"; else fail "$1"; fi; }
finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ] || exit 1
    exit "${1:-0}"
}

# run ARGS...: the wrapper, with out, err and rc set
run() {
    out=$(MAPIPROF_EXE=$exe "$top/tools/mapiprof" --prefix "$prefix" "$@" 2>"$tmp/stderr")
    rc=$?
    err=$(grep -v '^[0-9a-f]*:\(fixme\|err\|warn\):' "$tmp/stderr")
}
has() { [[ $1 == *"$2"* ]]; }

# ---- a fresh prefix with FreeMAPI (the booted template tools/wine-run keeps, when there) ----
out="" err="" rc=0
mkdir -p "$prefix"
if [ -f "$build/wine-template/.ready" ]; then
    (flock 9; cp -a "$build/wine-template/." "$prefix/") 9>"$build/wine-template.lock"
else
    WINEPREFIX=$prefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" wineboot -i >/dev/null 2>&1
    WINEPREFIX=$prefix wineserver -w
fi
# with the test provider (TESTPROV) where tools/install can add it
extra=()
grep -q -- '--test-provider' "$top/tools/install" && extra=(--test-provider)
"$top/tools/install" --prefix "$prefix" --build "$build" "${extra[@]}" --quiet
rc=$?
expect "FreeMAPI installs into a fresh prefix" '[ $rc -eq 0 ]'
# one wineserver for all the runs below: each start would cost a second
WINEPREFIX=$prefix wineserver -p 2>/dev/null

# ---- the wrapper and usage ----
run --help
expect "--help lists the commands" '[ $rc -eq 0 ] && has "$out" "add-service NAME SERVICE" && has "$out" "import FILE.prf"'
run
expect "no command is a usage error" '[ $rc -eq 2 ]'
out=$(MAPIPROF_EXE=$exe "$top/tools/mapiprof" --prefix "$tmp/none" list 2>&1); rc=$?; err=""
expect "a missing prefix is refused with advice" '[ $rc -ne 0 ] && has "$out" "does not exist" && has "$out" "tools/install"'
mkdir -p "$tmp/plain"; touch "$tmp/plain/system.reg"
out=$(MAPIPROF_EXE=$exe "$top/tools/mapiprof" --prefix "$tmp/plain" list 2>&1); rc=$?
expect "a prefix without FreeMAPI is refused with advice" '[ $rc -ne 0 ] && has "$out" "FreeMAPI is not installed"'
run frobnicate
expect "an unknown command is a usage error" '[ $rc -eq 2 ] && has "$err" "unknown command '"'"'frobnicate'"'"'"'
run create
expect "create without a name is a usage error" '[ $rc -eq 2 ] && has "$err" "create needs a profile name"'
run configure Work SVC
expect "configure without --set is a usage error" '[ $rc -eq 2 ] && has "$err" "at least one --set"'
run add-service Work SVC --set PR_NOPE=1
expect "an unknown TAG in --set is refused" \
    '[ $rc -eq 1 ] && has "$err" "bad --set \"PR_NOPE=1\": unknown property '"'"'PR_NOPE'"'"'"'
run add-service Work SVC --set 66000003=twelve
expect "a VALUE that does not fit the type is refused" '[ $rc -eq 1 ] && has "$err" "bad --set \"66000003=twelve\"" && has "$err" "not a number"'
run configure Work SVC --set PR_SERVICE_UID=00112233445566778899aabbccddeeff
expect "a property MAPI keeps is refused" '[ $rc -eq 1 ] && has "$err" "PR_SERVICE_UID is kept by MAPI"'
run import "$tmp/missing.prf"
expect "a missing PRF file is reported" '[ $rc -eq 1 ] && has "$err" "cannot read" && has "$err" "missing.prf"'
printf 'just some text\n' >"$tmp/notprf.prf"
run import "$tmp/notprf.prf"
expect "a file that is no PRF is refused" '[ $rc -eq 1 ] && has "$err" "is not a PRF file"'
cat >"$tmp/broken.prf" <<'EOF'
[General]
ProfileName=Broken
OverwriteProfile=Perhaps
[Service List]
Service1=No Such Service
[Service1]
Colour=blue
[Service2
EOF
run import "$tmp/broken.prf" --strict
expect "a malformed PRF is reported line by line" \
    '[ $rc -eq 1 ] && has "$err" "broken.prf:3: OverwriteProfile must be Yes, No or Append" && has "$err" "broken.prf:7: unknown property '"'"'Colour'"'"'" && has "$err" "broken.prf:8: section header without"'
expect "--strict imports nothing from a malformed PRF" 'has "$err" "nothing was imported (--strict)"'

# ---- is profile administration there yet? ----
run list
if [ $rc -ne 0 ] && has "$err" "MAPI_E_NO_SUPPORT"; then
    expect "without profile administration the error is one clear sentence" \
        'has "$err" "mapiprof: cannot administer profiles: this mapi32.dll does not implement profile administration (MAPIAdminProfiles) yet (MAPI_E_NO_SUPPORT, 0x80040102)"'
    echo "SKIP: MAPIAdminProfiles answers MAPI_E_NO_SUPPORT: the profile, service and PRF round-trip checks cannot run yet"
    finish 77
fi
expect "list works in a fresh prefix" '[ $rc -eq 0 ] && has "$out" "(no profiles)"'

# ---- profiles ----
run create Work
expect "create makes a profile" '[ $rc -eq 0 ] && has "$out" "created profile \"Work\""'
run create Work
expect "a duplicate profile is refused with MAPI_E_NO_ACCESS" \
    '[ $rc -eq 1 ] && has "$err" "mapiprof: cannot create profile \"Work\": it already exists (MAPI_E_NO_ACCESS, 0x80070005)"'
run create Home --default
expect "create --default" '[ $rc -eq 0 ] && has "$out" "\"Home\" is now the default profile"'
run list
expect "list marks the default" '[ $rc -eq 0 ] && has "$out" "* Home" && has "$out" "  Work"'
run default Work
run list
expect "default moves the mark" '[ $rc -eq 0 ] && has "$out" "* Work" && has "$out" "  Home"'
run default Nope
expect "default of an unknown profile is refused" '[ $rc -eq 1 ] && has "$err" "cannot make \"Nope\" the default profile" && has "$err" "MAPI_E_NOT_FOUND"'
run default --clear
run list
expect "default --clear removes the mark" '[ $rc -eq 0 ] && ! has "$out" "*"'
run copy Work Copied
run list
expect "copy makes a second profile" '[ $rc -eq 0 ] && has "$out" "  Copied" && has "$out" "  Work"'
run copy Work Home
expect "copy onto an existing name is refused" '[ $rc -eq 1 ] && has "$err" "cannot copy profile \"Work\" to \"Home\"" && has "$err" "already exists"'
run copy Nope Other
expect "copy of an unknown profile is refused" '[ $rc -eq 1 ] && has "$err" "there is no profile of that name"'
run rename Copied Renamed
run list
expect "rename" '[ $rc -eq 0 ] && has "$out" "  Renamed" && ! has "$out" "Copied"'
run rename Nope Other
expect "rename of an unknown profile is refused" '[ $rc -eq 1 ] && has "$err" "cannot rename profile \"Nope\""'
run delete Renamed
run list
expect "delete" '[ $rc -eq 0 ] && ! has "$out" "Renamed"'
run delete Renamed
expect "delete of an unknown profile is refused with MAPI_E_NOT_FOUND" \
    '[ $rc -eq 1 ] && has "$err" "cannot delete profile \"Renamed\": there is no profile of that name (MAPI_E_NOT_FOUND, 0x8004010F)"'
run services Nope
expect "services of an unknown profile is refused" '[ $rc -eq 1 ] && has "$err" "cannot open profile \"Nope\": there is no profile of that name"'
run services Work
expect "a new profile has no services" '[ $rc -eq 0 ] && has "$out" "(no services)"'
run dump Work
expect "dump shows MAPI's own sections" '[ $rc -eq 0 ] && has "$out" "profile \"Work\"" && has "$out" "[profile instance" && has "$out" "PR_SEARCH_KEY"'
run add-service Work NO_SUCH_SERVICE
expect "an unknown service is refused with MAPI_E_NOT_FOUND" \
    '[ $rc -eq 1 ] && has "$err" "cannot add service \"NO_SUCH_SERVICE\" to profile \"Work\"" && has "$err" "MAPI_E_NOT_FOUND"'
run remove-service Work NO_SUCH_SERVICE
expect "removing an unknown service is refused" '[ $rc -eq 1 ] && has "$err" "cannot find service \"NO_SUCH_SERVICE\""'

# ---- a service from the installed MAPISVC.INF ----
inf=$prefix/drive_c/windows/system32/MAPISVC.INF
svc=$(tr -d '\r' <"$inf" | sed -n '/^\[Services\]/,/^\[/p' | grep -v '^\[' | grep '=' | head -n 1 | cut -d= -f1 | sed 's/ *$//')
if [ -z "$svc" ]; then
    echo "SKIP: the installed MAPISVC.INF lists no service: add-service, configure, dump of a service and the PRF round trip are not checked"
else
    echo "using service $svc"
    run add-service Work "$svc" --display "Work Store" --set 6600001F=mapiprof-hello
    expect "add-service with --display and --set" '[ $rc -eq 0 ] && has "$out" "added service $svc to profile \"Work\" (UID "'
    uid=$(sed -n 's/.*(UID \([0-9a-f]\{32\}\)).*/\1/p' <<<"$out")
    run services Work
    expect "services lists it with its display name and UID" \
        '[ $rc -eq 0 ] && has "$out" "Work Store" && has "$out" "$svc" && [ -n "$uid" ] && has "$out" "$uid"'
    run providers Work
    expect "providers lists its providers" '[ $rc -eq 0 ] && ! has "$out" "(no providers)" && has "$out" "$svc"'
    run configure Work "$svc" --set 6601001F=mapiprof-world --set 66020003=42
    expect "configure --set" '[ $rc -eq 0 ] && has "$out" "configured service $svc" && has "$out" "(2 properties)"'
    run configure Work 0123456789abcdef0123456789abcdef --set 66020003=1
    expect "configure of an unknown UID is refused" '[ $rc -eq 1 ] && has "$err" "the profile has no service with that UID"'
    run dump Work
    expect "dump shows the values that were set" \
        '[ $rc -eq 0 ] && has "$out" "\"mapiprof-hello\"" && has "$out" "\"mapiprof-world\"" && has "$out" "42 (0x0000002A)"'
    expect "dump shows the service section by its UID" 'has "$out" "[service $svc" && has "$out" "$uid"'
    dump_work=$out
    run export Work "$tmp/work.prf"
    expect "export writes a PRF" '[ $rc -eq 0 ] && [ -s "$tmp/work.prf" ] && grep -q "ServiceName=$svc" "$tmp/work.prf" && grep -q "^\[Service List\]" "$tmp/work.prf"'
    run import "$tmp/work.prf"
    expect "importing onto the same name is refused (OverwriteProfile=No)" \
        '[ $rc -eq 1 ] && has "$err" "cannot create profile \"Work\": it already exists"'
    run import "$tmp/work.prf" --name Imported
    expect "import --name" '[ $rc -eq 0 ] && has "$out" "imported profile \"Imported\""'
    run services Imported
    expect "the service kept its display name" '[ $rc -eq 0 ] && has "$out" "Work Store" && ! has "$out" "$uid"'
    run export Work -
    expect "export to stdout" '[ $rc -eq 0 ] && has "$out" "[Service List]" && has "$out" "ProfileName=Work" && ! has "$out" "exported profile"'
    run dump Imported
    dump_imported=$out
    # the same services and values; only UIDs, search keys and names differ
    norm() { sed -e 's/[0-9a-f]\{32\}/<uid>/g' -e 's/[0-9]* bytes [0-9a-f]*/<bytes>/' \
                 -e '/PR_SEARCH_KEY\|PR_PROFILE_NAME\|PR_RECORD_KEY\|PR_ENTRYID/d' -e '/^profile "/d'; }
    diff <(norm <<<"$dump_work") <(norm <<<"$dump_imported") >"$tmp/dump.diff"
    expect "export then import gives the same dump" '[ $? -eq 0 ] || { cat "$tmp/dump.diff"; false; }'
    run remove-service Work "$uid"
    expect "remove-service by UID" '[ $rc -eq 0 ] && has "$out" "removed service $svc"'
    run services Work
    expect "the service is gone" '[ $rc -eq 0 ] && has "$out" "(no services)"'
    run remove-service Work "$uid"
    expect "removing it again is refused" '[ $rc -eq 1 ] && has "$err" "no service with that UID"'
    run remove-service Imported "$svc"
    expect "remove-service by name" '[ $rc -eq 0 ]'
    display=$(tr -d '\r' <"$inf" | sed -n "s/^$svc *= *//p" | head -n 1)
    run add-service Imported "$display"
    expect "add-service also takes the display name MAPISVC.INF gives" '[ $rc -eq 0 ] && has "$out" "added service $svc"'
    run add-service Imported "$svc"
    run remove-service Imported "$svc"
    expect "a name two services share is refused as ambiguous" \
        '[ $rc -eq 1 ] && has "$err" "2 services have that name; give the UID instead"'

    # a hand-written PRF in Outlook's style: friendly names through a mapping section
    cat >"$tmp/outlook.prf" <<EOF
[General]
Custom=1
ProfileName=FromOutlook
DefaultProfile=Yes
OverwriteProfile=Yes
[Service List]
Service1=My Service
Service2=Unknown Thing
[Service1]
Greeting=hi from a PRF
Answer=42
Nonsense=1
[Service2]
[My Service]
ServiceName=$svc
Greeting=PT_UNICODE,0x6600
Answer=PT_LONG,0x6602
EOF
    run import "$tmp/outlook.prf"
    expect "an Outlook-style PRF imports, skipping what it cannot use" \
        '[ $rc -eq 0 ] && has "$out" "imported profile \"FromOutlook\"" && has "$err" "outlook.prf:12: unknown property '"'"'Nonsense'"'"'" && has "$err" "outlook.prf:8: service \"Unknown Thing\" is unknown"'
    run list
    expect "DefaultProfile=Yes made it the default" '[ $rc -eq 0 ] && has "$out" "* FromOutlook"'
    run dump FromOutlook
    expect "its values arrived" '[ $rc -eq 0 ] && has "$out" "\"hi from a PRF\"" && has "$out" "42 (0x0000002A)"'
    run import "$tmp/outlook.prf"
    expect "OverwriteProfile=Yes replaces the profile" '[ $rc -eq 0 ]'
    run services FromOutlook
    expect "replaced, not appended" '[ $rc -eq 0 ] && [ $(grep -c "$svc" <<<"$out") -eq 1 ]'

    # Append with UniqueService=Yes configures the service already there;
    # ModifyDefaultProfileIfPresent aims at the default profile (FromOutlook)
    cat >"$tmp/append.prf" <<EOF
[General]
ProfileName=SomethingElse
OverwriteProfile=Append
ModifyDefaultProfileIfPresent=TRUE
[Service List]
Service1=My Service
[Service1]
UniqueService=Yes
Greeting=appended
[My Service]
ServiceName=$svc
Greeting=PT_UNICODE,0x6600
EOF
    run import "$tmp/append.prf"
    expect "Append updates the default profile" '[ $rc -eq 0 ] && has "$out" "updated profile \"FromOutlook\""'
    run services FromOutlook
    expect "UniqueService=Yes adds no second copy" '[ $rc -eq 0 ] && [ $(grep -c "$svc" <<<"$out") -eq 1 ]'
    run dump FromOutlook
    expect "the existing service got the new value" '[ $rc -eq 0 ] && has "$out" "\"appended\"" && ! has "$out" "\"hi from a PRF\""'
    run list
    expect "no profile was made for ProfileName" '[ $rc -eq 0 ] && ! has "$out" "SomethingElse"'
fi

# ---- the test provider's special services, where installed ----
if grep -q '^TESTPROV_SINGLE *=' "$inf" 2>/dev/null; then
    run add-service Work TESTPROV_SINGLE
    run add-service Work TESTPROV_SINGLE
    expect "a single-copy service cannot be added twice" \
        '[ $rc -eq 1 ] && has "$err" "cannot add service \"TESTPROV_SINGLE\"" && has "$err" "MAPI_E_NO_ACCESS, 0x80070005"'
fi
if grep -q '^TESTPROV_NOENTRY *=' "$inf" 2>/dev/null; then
    run add-service Work TESTPROV_NOENTRY --set 66000003=1
    expect "a service that cannot be configured is refused and taken out again" \
        '[ $rc -eq 1 ] && has "$err" "cannot configure service \"TESTPROV_NOENTRY\"" && has "$err" "MAPI_E_NOT_INITIALIZED" && has "$err" "removed again"'
    run services Work
    expect "it is not left in the profile" '[ $rc -eq 0 ] && ! has "$out" "TESTPROV_NOENTRY"'
fi

# ---- names beyond ASCII ----
run create "Büro"
run list
expect "a Latin-1 profile name survives" '[ $rc -eq 0 ] && has "$out" "  Büro"'
run export "Büro" "$tmp/buero.prf"
expect "a non-ASCII profile exports as UTF-16 with a BOM" \
    '[ $rc -eq 0 ] && [ "$(head -c 2 "$tmp/buero.prf" | od -An -tx1 | tr -d " ")" = fffe ]'
run import "$tmp/buero.prf" --name "Büro 2"
run list
expect "and imports again" '[ $rc -eq 0 ] && has "$out" "  Büro 2"'
printf '[General]\r\nProfileName=Caf\xe9\r\n' >"$tmp/ansi.prf"
run import "$tmp/ansi.prf"
expect "an 8-bit PRF is read in the ANSI code page" '[ $rc -eq 0 ] && has "$out" "imported profile \"Café\""'
run create "Snow ☃"
expect "a name the ANSI code page cannot hold is refused in a sentence" \
    '[ $rc -eq 1 ] && has "$err" "the profile name \"Snow ☃\" has characters that the ANSI code page cannot hold"'

# ---- the PRF round trip of a profile without services ----
run export Home "$tmp/home.prf"
expect "export of a profile without services" '[ $rc -eq 0 ] && grep -q "ProfileName=Home" "$tmp/home.prf"'
run export Nope "$tmp/nope.prf"
expect "export of an unknown profile is refused" '[ $rc -eq 1 ] && has "$err" "cannot open profile \"Nope\"" && [ ! -e "$tmp/nope.prf" ]'
run import "$tmp/home.prf" --name "Home Again"
expect "import of it" '[ $rc -eq 0 ] && has "$out" "imported profile \"Home Again\""'
run import "$tmp/broken.prf"
expect "a PRF with problems imports what it can" '[ $rc -eq 0 ] && has "$err" "broken.prf:7:" && has "$out" "\"Broken\""'
finish 0
