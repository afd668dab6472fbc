# bash completion for tutur.  Options come from `tutur COMMAND --help`, so
# they are always those of the installed program; profiles from
# `tutur voices`.
_tutur() {
    local cur prev words cword
    _init_completion || return
    if [[ $cword -eq 1 ]]; then
        mapfile -t COMPREPLY < <(compgen -W "narrate plan read normalize phonemes voices feed --help --version" -- "$cur")
        return
    fi
    local cmd=${words[1]}
    case $prev in
    --profile)
        mapfile -t COMPREPLY < <(compgen -W "$("${words[0]}" voices 2>/dev/null | cut -d' ' -f1)" -- "$cur")
        return ;;
    --input-format)
        mapfile -t COMPREPLY < <(compgen -W "auto text markdown html" -- "$cur")
        return ;;
    --format | --enclosure)
        mapfile -t COMPREPLY < <(compgen -W "opus mp3" -- "$cur")
        return ;;
    --data-dir)
        _filedir -d
        return ;;
    -o | --output | --cover | --rules | --lexicon | --config)
        _filedir
        return ;;
    --voice | --rate | --pitch | --bitrate | --complexity | -j | --jobs | --code-notice | \
        --base-url | --title | --description | --author | --image | --link | --language | \
        --category | --owner-name | --owner-email | --copyright)
        return ;;
    esac
    if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$("${words[0]}" "$cmd" --help 2>/dev/null | grep -oE -- '--[a-z0-9-]+' | sort -u)" -- "$cur")
        return
    fi
    if [[ $cmd == feed ]]; then
        _filedir -d
    else
        _filedir
    fi
}
complete -F _tutur tutur
