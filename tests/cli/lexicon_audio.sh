#!/usr/bin/env bash
# A lexicon entry is spoken as written, in the audio: a respelling, espeak-ng
# phonemes in [[ ]] and IPA, bare and right after a bracket or a quote mark
# (where espeak-ng drops a [[ ]] span it is handed as is).  Checked three
# ways: espeak-ng's phoneme events while it speaks (`tutur phonemes
# --spoken`) hold the entry's phonemes and nothing of the markup; each
# sentence lasts as long as espeak-ng itself takes for the entry; and in a
# narrated article each sentence's caption lasts as long, in the decoded
# Opus file.
. "$(dirname "$0")/lib.sh"

printf 'Bappeda\t[[bap'"'"'Eda]]\nKemenkeu\t/kəmɛnkeu/\nPemda\tpemerintah daerah\n' >lex.tsv
spoken() { "$TUTUR" phonemes --spoken --lexicon lex.tsv "$@"; }

# what espeak-ng hears for each entry, and how long it takes on its own
declare -A said=([Bappeda]="bapEda" [Kemenkeu]="k@mEnkEu" [Pemda]="p@m@R2intah daER2ah")
ref_ms() { # espeak-ng's own length for TEXT at the id profile's rate and pitch, no end pause
    espeak-ng -v id -s 175 -p 50 -z -w ref.wav "$1" &&
        python3 -c "import wave;w=wave.open('ref.wav');print(round(w.getnframes()*1000/w.getframerate()))"
}
# the IPA entry as `tutur phonemes` shows it converted, said by espeak-ng alone
kemenkeu=$("$TUTUR" phonemes --lexicon lex.tsv "Kemenkeu")
[ "$kemenkeu" = "k@mEnk'Eu" ] && pass "IPA /kəmɛnkeu/ is [[${kemenkeu}]]" || fail "IPA: '$kemenkeu'"
declare -A ref=([Bappeda]=$(ref_ms "Kantor [[bap'Eda]] buka.")
                [Kemenkeu]=$(ref_ms "Kantor [[$kemenkeu]] buka.")
                [Pemda]=$("$TUTUR" phonemes --spoken "Kantor pemerintah daerah buka." | cut -f2))

for word in Bappeda Kemenkeu Pemda; do
    plain=$(spoken "Kantor $word buka.") || fail "$word: phonemes --spoken failed"
    ph=${plain%$'\t'*}; ms=${plain#*$'\t'}
    [ "$ph" = "kantOR ${said[$word]} buka" ] && pass "$word: espeak-ng said '$ph'" ||
        fail "$word: espeak-ng said '$ph', not the entry"
    d=$((ms - ${ref[$word]})); d=${d#-}
    [ "$d" -le 2 ] && pass "$word: ${ms} ms, as espeak-ng alone (${ref[$word]} ms)" ||
        fail "$word: ${ms} ms, espeak-ng alone ${ref[$word]} ms"
    for ctx in "($word)" "\"$word\"" "“$word”" "«$word»" "[$word]" "'$word'"; do
        got=$(spoken "Kantor $ctx buka.")
        cph=${got%$'\t'*}; cms=${got#*$'\t'}
        # brackets and quotes may add a pause, never a word or a dropped one
        # (a word event may go missing after a quote mark: compare the sounds)
        if [ "${cph// /}" = "${ph// /}" ] && [ "$cms" -ge "$ms" ] && [ "$cms" -le $((ms + 400)) ]; then
            pass "$word in $ctx: same phonemes, $cms ms"
        else
            fail "$word in $ctx: '$cph' in $cms ms (bare: '$ph' in $ms ms)"
        fi
    done
done

# narrated: the captions' sentence lengths follow what espeak-ng said, in
# the decoded file
cat >a.md <<'MD'
# Uji kamus

Kantor Bappeda buka.

Kantor (Bappeda) buka.

Kantor "Kemenkeu" buka.

Kantor «Pemda» buka.
MD
"$TUTUR" narrate -q --lexicon lex.tsv --captions -o a.opus a.md 2>err.txt || fail "narrate: $(cat err.txt)"
ffmpeg -v error -i a.opus -f wav -y a.wav || fail "ffmpeg cannot decode a.opus"
for s in "Kantor Bappeda buka." "Kantor (Bappeda) buka." 'Kantor "Kemenkeu" buka.' "Kantor «Pemda» buka."; do
    spoken "$s" | cut -f2
done >want_ms.txt
python3 - <<'PY' && pass "captions follow the spoken lengths in the decoded audio" || fail "captions and audio"
import re, wave, struct, math
vtt = open("a.vtt", encoding="utf-8").read()
cues = re.findall(r"(\d+):(\d+):(\d+)\.(\d+) --> (\d+):(\d+):(\d+)\.(\d+)\n(.+)", vtt)
def ms(h, m, s, f): return ((int(h) * 60 + int(m)) * 60 + int(s)) * 1000 + int(f)
cues = [(ms(*c[0:4]), ms(*c[4:8]), c[8]) for c in cues][1:]   # the title first
want = [int(x) for x in open("want_ms.txt").read().split()]
assert len(cues) == len(want) == 4, (cues, want)
lengths = [b - a for a, b, _ in cues]
# every caption is shorter than the synthesizer's output by the same lead-in
lead = [w - l for w, l in zip(want, lengths)]
assert max(lead) - min(lead) <= 5, (lengths, want)
w = wave.open("a.wav")
rate, n = w.getframerate(), w.getnframes()
pcm = struct.unpack("<%dh" % n, w.readframes(n))
assert n * 1000 // rate >= cues[-1][1], "the audio ends before the last caption"
for a, b, text in cues:
    part = pcm[a * rate // 1000 : b * rate // 1000]
    rms = math.sqrt(sum(x * x for x in part) / len(part))
    dbfs = 20 * math.log10(max(rms, 1) / 32768)
    assert dbfs > -35, f"{text}: {dbfs:.1f} dBFS, nothing said"
    print(f"  {text}: {b - a} ms, {dbfs:.1f} dBFS")
PY
finish
