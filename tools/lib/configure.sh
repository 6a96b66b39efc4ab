# Sourced by tools/test and tools/demo: configures build/<arch> for meson.
#
# freemapi_configure ARCH WINE_TESTS: the cross file for ARCH plus a small
# overlay naming tools/wine-run by absolute path as the exe_wrapper (Debian 12's
# meson has no @DIRNAME@ in machine files). Quiet unless it fails.
freemapi_configure() {
    local arch=$1 wine_tests=$2 top dir
    top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
    dir=$top/build/$arch
    mkdir -p "$top/build"
    printf "[binaries]\nexe_wrapper = '%s/tools/wine-run'\n[properties]\nskip_sanity_check = true\n" \
        "$top" >"$top/build/wine-wrapper.ini"
    if [ ! -f "$dir/build.ninja" ]; then
        meson setup "$dir" --cross-file "$top/tools/cross/$arch-w64-mingw32.txt" \
            --cross-file "$top/build/wine-wrapper.ini" -Dwine_tests="$wine_tests" \
            >"$top/build/setup-$arch.log" 2>&1 || { cat "$top/build/setup-$arch.log"; return 1; }
    else
        meson configure "$dir" -Dwine_tests="$wine_tests" >/dev/null
    fi
}
