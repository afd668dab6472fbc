#!/usr/bin/env bash
# The manual page renders with man and has a section per command; bash
# completion offers the commands, each command's own options (from its
# --help) and the voice profiles.
. "$(dirname "$0")/lib.sh"
: "${MAN_PAGE:?MAN_PAGE must name the built tutur.1}"
MANWIDTH=80 man -l "$MAN_PAGE" >man.txt 2>man.err || fail "man -l: $(cat man.err)"
for section in NAME SYNOPSIS COMMANDS "OPTIONS OF NARRATE" "OPTIONS OF FEED" "EXIT STATUS" ENVIRONMENT; do
    grep -q "^$section" man.txt || fail "the manual page has no $section section"
done
grep -q -- '--strict' man.txt && pass "man tutur renders, $(wc -l <man.txt) lines, every section" \
    || fail "man page: $(head -5 man.txt)"

# bash: the completion function, called as bash would
bin=$(dirname "$TUTUR")
complete_words() { # WORDS...: prints the candidates for the last word
    PATH="$bin:$PATH" bash -c '
        . /usr/share/bash-completion/bash_completion
        . "$0"
        COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
        COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
        _tutur tutur "${COMP_WORDS[-1]}" "${COMP_WORDS[-2]}"
        printf "%s\n" "${COMPREPLY[@]}"' "$SOURCE_ROOT/completions/tutur.bash" "$@"
}
got=$(complete_words tutur vo)
[ "$got" = voices ] && pass "tutur vo<TAB> -> voices" || fail "commands: $got"
got=$(complete_words tutur narrate --mp | tr '\n' ' ')
[ "$got" = "--mp3 " ] && pass "tutur narrate --mp<TAB> -> $got" || fail "narrate options: $got"
got=$(complete_words tutur read --e | tr '\n' ' ')
[ "$got" = "--explain " ] && pass "tutur read --e<TAB> -> $got" || fail "read options: $got"
got=$(complete_words tutur voices --m | tr '\n' ' ')
[ -z "${got// /}" ] && pass "tutur voices --m<TAB> offers nothing (no such option there)" || fail "voices: $got"
got=$(complete_words tutur narrate --profile "" | tr '\n' ' ')
[ "$got" = "id id-lambat " ] && pass "--profile <TAB> -> $got" || fail "profiles: $got"
finish
