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

# zsh: the completion function, run by zsh with the completion system's
# builtins stood in for (they work only inside a completion widget): each
# prints the candidates it is given, and the test keeps those that match
cat >stubs.zsh <<'ZSH'
compadd() { local a; for a in "$@"; do [[ $a == -* && $a != --* ]] || print -r -- "$a"; done }
_describe() { local -a list; list=("${(@P)2}"); print -rl -- "${list[@]%%:*}" }
_files() { print -r -- "<files>" }
ZSH
zsh_complete() { # WORDS...: the candidates for the last word
    PATH="$bin:$PATH" zsh -f -c '. ./stubs.zsh; words=("$@"); CURRENT=$#; PREFIX=$words[CURRENT]; source "$0"' \
        "$SOURCE_ROOT/completions/_tutur" "$@" 2>/dev/null \
        | awk -v p="${!#}" '$0 != "--" && (index($0, p) == 1 || $0 == "<files>")'
}
got=$(zsh_complete tutur vo)
[ "$got" = voices ] && pass "zsh: tutur vo<TAB> -> voices" || fail "zsh commands: $got"
got=$(zsh_complete tutur narrate --mp | tr '\n' ' ')
[ "$got" = "--mp3 " ] && pass "zsh: tutur narrate --mp<TAB> -> $got" || fail "zsh narrate options: $got"
got=$(zsh_complete tutur voices --m | tr '\n' ' ')
[ -z "${got// /}" ] && pass "zsh: tutur voices --m<TAB> offers nothing" || fail "zsh voices: $got"
got=$(zsh_complete tutur narrate --profile i | tr '\n' ' ')
[ "$got" = "id id-lambat " ] && pass "zsh: --profile i<TAB> -> $got" || fail "zsh profiles: $got"
got=$(zsh_complete tutur narrate art)
[ "$got" = "<files>" ] && pass "zsh: an article argument completes file names" || fail "zsh files: $got"
finish
