#!/usr/bin/env bash
# CMS exports and feeds as input (issue 15): a WordPress export, an RSS
# 2.0 feed with full content and an Atom feed are read as many articles,
# each with its title, author, date and link; only published posts; any
# other XML is refused, never read aloud as markup.
. "$(dirname "$0")/lib.sh"
feeds="$SOURCE_ROOT/tests/data/feeds"
tags() { ffprobe -v error -show_entries stream_tags=TITLE,ARTIST,DATE,URL -of default=nw=1 "$1" | sort | tr '\n' ' '; }

"$TUTUR" narrate --transcript -o wxr/ "$feeds/wordpress-export.xml" 2>wxr.log || fail "WXR: $(cat wxr.log)"
[ "$(cd wxr && ls *.opus)" = panen-jagung-melimpah.opus ] \
    && pass "WordPress export: the published post only (not the draft, not the page), named by its post_name" \
    || fail "WXR files: $(ls wxr | tr '\n' ' ')"
t=$(tags wxr/panen-jagung-melimpah.opus)
case "$t" in
*"ARTIST=Budi Santoso"*"DATE=2024-05-01T08:30:00+07:00"*"TITLE=Panen Jagung Melimpah"*"URL=https://wartadesa.example.org/2024/05/panen-jagung/"*)
    pass "its title, author, date and link: $t" ;;
*) fail "WXR tags: $t" ;;
esac
[ "$(ffprobe -v error -show_chapters -of csv wxr/panen-jagung-melimpah.opus | wc -l)" = 2 ] \
    && pass "its HTML body's heading is a chapter" || fail "WXR chapters"
grep -q 'wordpress-export.xml#panen-jagung-melimpah' wxr.log && pass "progress names the feed and the article" \
    || fail "labels: $(head -3 wxr.log)"

"$TUTUR" narrate --transcript -o rss/ "$feeds/rss-full.xml" 2>rss.log || fail "RSS: $(cat rss.log)"
[ "$(cd rss && ls *.opus | tr '\n' ' ')" = "jalan-baru-dibuka.opus pasar-malam.opus " ] \
    && pass "RSS: every item, named by its link" || fail "RSS files: $(ls rss | tr '\n' ' ')"
t=$(tags rss/jalan-baru-dibuka.opus)
case "$t" in
*"ARTIST=Rina Wijaya"*"DATE=2024-05-06T07:15:00+00:00"*"TITLE=Jalan Baru Dibuka"*"URL=https://kabarkota.example.org/berita/jalan-baru-dibuka.html"*)
    pass "RSS item: $t" ;;
*) fail "RSS tags: $t" ;;
esac
grep -q 'Warga menyambut gembira' rss/jalan-baru-dibuka.txt && ! grep -q 'Ringkasan' rss/jalan-baru-dibuka.txt \
    && pass "the full content is said, not the description" || fail "RSS body: $(cat rss/jalan-baru-dibuka.txt)"

"$TUTUR" narrate --transcript -o atom/ "$feeds/atom.xml" 2>atom.log || fail "Atom: $(cat atom.log)"
t=$(tags atom/gerhana-bulan.opus)
case "$t" in
*"ARTIST=Dewi Lestari"*"DATE=2024-05-09T20:00:00+07:00"*"TITLE=Gerhana Bulan"*"URL=https://sains.example.org/gerhana-bulan/"*)
    pass "Atom entry: $t" ;;
*) fail "Atom tags: $t" ;;
esac
grep -q 'Hujan meteor terlihat jelas' atom/hujan-meteor.txt && ! grep -q 'xmlns\|<' atom/hujan-meteor.txt \
    && tags atom/hujan-meteor.opus | grep -q 'DATE=2024-05-08' \
    && pass "XHTML content is read as a page, dated by <updated>" || fail "Atom xhtml: $(cat atom/hujan-meteor.txt)"

"$TUTUR" narrate --transcript -o rss/ "$feeds/rss-full.xml" 2>again.log && grep -q '0 narrated, 2 skipped' again.log \
    && grep -q 'rss-full.xml#pasar-malam: up to date, skipped' again.log \
    && pass "again: $(tail -1 again.log)" || fail "again: $(cat again.log)"

"$TUTUR" narrate -o other/ "$feeds/not-a-feed.xml" 2>other.log; rc=$?
[ $rc = 1 ] && [ "$(wc -l <other.log)" = 1 ] && grep -q 'an XML document (<catalog>), not an article' other.log \
    && [ -z "$(ls other 2>/dev/null)" ] && pass "other XML: $(cat other.log)" || fail "other XML: rc $rc $(cat other.log)"
"$TUTUR" plan "$feeds/atom.xml" >plan.txt 2>plan.log; rc=$?
[ $rc = 1 ] && grep -q 'an Atom feed holds many articles: narrate it into a folder' plan.log \
    && pass "tutur plan on a feed: $(cat plan.log)" || fail "plan on a feed: rc $rc $(cat plan.log)"
[ -z "$(ls "${TMPDIR:-/tmp}" | grep -- "-feed\." | grep "tutur-.*-$$")" ] || fail "scratch pages left"
finish
