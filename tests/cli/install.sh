#!/usr/bin/env bash
# The installed tree (meson install --destdir): the header and pkg-config
# file build the example program against the shared library, which
# exports only tutur_* symbols and has a SONAME; the installed program
# finds its installed data and never the source tree; the manual page and
# the completion files are in place.
. "$(dirname "$0")/lib.sh"
: "${BUILD_ROOT:?BUILD_ROOT must name the build directory}"
root="$SCRATCH/root"
meson install -C "$BUILD_ROOT" --no-rebuild --destdir "$root" >install.log 2>&1 || fail "meson install: $(tail -5 install.log)"
pc_file=$(find "$root" -name tutur.pc | head -1)
so=$(find "$root" -name 'libtutur.so.*.*' | head -1)
bin=$(find "$root" -path '*/bin/tutur' | head -1)
[ -n "$pc_file" ] && [ -n "$so" ] && [ -n "$bin" ] && pass "installed: ${pc_file#$root}, ${so#$root}, ${bin#$root}" \
    || fail "install tree: $(cd "$root" && find . -type f | head -20)"
soname=$(objdump -p "$so" | awk '/SONAME/ {print $2}')
[ "$soname" = libtutur.so.0 ] && pass "SONAME $soname" || fail "SONAME: $soname"
others=$(nm -D --defined-only "$so" | awk '{print $3}' | grep -v '^tutur_' | grep -v '^_' | head -5)
[ -z "$others" ] && pass "the shared library exports only tutur_* ($(nm -D --defined-only "$so" | grep -c ' tutur_') symbols)" \
    || fail "exported besides tutur_*: $others"
flags=$(PKG_CONFIG_SYSROOT_DIR="$root" PKG_CONFIG_PATH="$(dirname "$pc_file")" pkg-config --cflags --libs tutur)
cc -std=c11 -Wall -Werror "$SOURCE_ROOT/examples/chapters.c" $flags -o chapters 2>cc.log \
    && pass "the example builds with pkg-config: $flags" || fail "example build: $(cat cc.log)"
LD_LIBRARY_PATH="$(dirname "$so")" TUTUR_DATA_DIR="$SOURCE_ROOT/voices" ./chapters "$SOURCE_ROOT/tests/data/publish/harga-dan-diskon.txt" >chapters.txt 2>&1
grep -q '^1\. Harga & "Diskon"' chapters.txt && grep -q 'libtutur 0\.' chapters.txt \
    && pass "and narrates the plan: $(head -2 chapters.txt | tr '\n' ' ')" || fail "example: $(cat chapters.txt)"
# the installed program: its own data, never the source tree
share=$(dirname "$(find "$root" -path '*/tutur/voices/id.ini' | head -1)")
# the narration example, in five calls, finding the installed data alone
cc -std=c11 -Wall -Werror "$SOURCE_ROOT/examples/narrate.c" $flags -o narrate 2>cc.log \
    && pass "the narration example builds with pkg-config" || fail "narrate example build: $(cat cc.log)"
env -u TUTUR_DATA_DIR HOME=/nonexistent XDG_DATA_HOME= XDG_DATA_DIRS="$(dirname "$(dirname "$share")")" \
    LD_LIBRARY_PATH="$(dirname "$so")" ./narrate "$SOURCE_ROOT/tests/data/publish/harga-dan-diskon.txt" ex >narrate.txt 2>&1 \
    && [ -s ex/harga-dan-diskon.opus ] && [ -s ex/harga-dan-diskon.vtt ] && [ -s ex/harga-dan-diskon.chapters.json ] \
    && pass "and narrates with the installed library and data: $(ls ex | tr '\n' ' ')" || fail "narrate example: $(cat narrate.txt)"
env -u TUTUR_DATA_DIR HOME=/nonexistent XDG_DATA_HOME= XDG_DATA_DIRS="$(dirname "$(dirname "$share")")" \
    "$bin" voices >voices.txt 2>&1 && grep -q '^id ' voices.txt \
    && pass "the installed tutur lists its installed profiles" || fail "installed voices: $(cat voices.txt)"
if [ ! -d /usr/local/share/tutur/voices ] && [ ! -d /usr/share/tutur/voices ]; then
    env -u TUTUR_DATA_DIR HOME=/nonexistent XDG_DATA_HOME= XDG_DATA_DIRS=/nonexistent "$bin" voices >/dev/null 2>&1 \
        && fail "the installed tutur found data it was not given (the source tree?)" \
        || pass "without its data it finds none (not the source tree)"
fi
man=$(find "$root" -name tutur.1 | head -1)
[ -n "$man" ] && man -l "$man" 2>/dev/null | grep -q EXIT && pass "man page installed: ${man#$root}" || fail "no man page"
[ -n "$(find "$root" -path '*bash-completion/completions/tutur')" ] && [ -n "$(find "$root" -path '*vendor-completions/_tutur')" ] \
    && pass "bash and zsh completion installed" || fail "completion files"
finish
