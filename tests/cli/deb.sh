#!/usr/bin/env bash
# The Debian packages: `dpkg-buildpackage -us -uc -b` on a copy of the
# source tree builds tutur, tutur-data, libtutur0 and libtutur-dev;
# lintian reports no error (nor warning); installed into a scratch root,
# the packaged tutur narrates an article with its packaged voice data.
. "$(dirname "$0")/lib.sh"
mkdir src
tar -C "$SOURCE_ROOT" --exclude='./build*' --exclude=./.git --exclude='./out/*' \
    --exclude='./tests/tools/node_modules' -cf - . | tar -C src -xf -
(cd src && dpkg-buildpackage -us -uc -b) >build.log 2>&1 || fail "dpkg-buildpackage: $(tail -20 build.log)"
for p in tutur_0 tutur-data_0 libtutur0_0 libtutur-dev_0; do
    ls "$p"*.deb >/dev/null 2>&1 || fail "no package $p*.deb"
done
pass "built: $(ls ./*.deb | grep -v dbgsym | xargs -n1 basename | tr '\n' ' ')"
lintian --display-level '>=warning' --fail-on error,warning ./*.changes >lintian.txt 2>&1 \
    && pass "lintian: no errors or warnings" || fail "lintian: $(grep -E '^[EW]:' lintian.txt | head -10)"
root="$SCRATCH/root"
for p in tutur_0 tutur-data_0; do dpkg -x "$p"*.deb "$root"; done
env -u TUTUR_DATA_DIR HOME=/nonexistent XDG_DATA_HOME= XDG_DATA_DIRS="$root/usr/share" \
    "$root/usr/bin/tutur" narrate -q -o from-deb.opus "$SOURCE_ROOT/tests/data/segment/byline-first.txt" 2>narrate.txt \
    && opusinfo from-deb.opus >info.txt 2>&1 && grep -q 'CHAPTER000' info.txt \
    && pass "the packaged tutur narrates with its packaged data" || fail "packaged narrate: $(cat narrate.txt)"
dpkg -c libtutur-dev_0*.deb | grep -q 'usr/include/tutur.h' && dpkg -c libtutur0_0*.deb | grep -q 'libtutur.so.0' \
    && pass "libtutur0 and libtutur-dev hold the library, header and pkg-config file" || fail "library packages"
finish
