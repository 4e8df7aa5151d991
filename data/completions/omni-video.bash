# bash completion for omni-video                                  -*- shell-script -*-
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Commands, each command's options, scenario ids and task ids all come from omni-video
# itself (its --help, `omni-video scenarios`, `omni-video list --ids`), so this file never
# falls behind the program. Plain `complete -F`: it needs no bash-completion helpers.

_omni_video_run()
{
    # Untranslated, so that the words parsed below are the same in every language.
    LANGUAGE=C LC_ALL=C.UTF-8 "$@" 2>/dev/null
}

_omni_video_commands()
{
    _omni_video_run "$1" --help | awk '/^  [a-z]/ { print $1 }'
}

_omni_video_scenarios()
{
    # The table's first column, under its heading.
    _omni_video_run "$1" scenarios | awk 'NR > 1 && NF { print $1 }'
}

_omni_video_options()
{
    _omni_video_run "$1" "$2" --help | grep -oE -- '(^|[ ,])--?[a-zA-Z][a-zA-Z-]*' \
        | sed 's/^[ ,]*//' | sort -u
}

_omni_video()
{
    local prog="$1" cur="${COMP_WORDS[COMP_CWORD]}" prev="" cmd="" i
    (( COMP_CWORD > 0 )) && prev="${COMP_WORDS[COMP_CWORD-1]}"
    COMPREPLY=()

    for (( i = 1; i < COMP_CWORD; i++ )); do
        case "${COMP_WORDS[i]}" in
            -*) ;;
            *) cmd="${COMP_WORDS[i]}"; break ;;
        esac
    done

    if [[ -z $cmd ]]; then
        COMPREPLY=( $(compgen -W "$(_omni_video_commands "$prog") --help --version" -- "$cur") )
        return 0
    fi

    case "$prev" in
        -s|--scenario)
            if [[ $cmd == list ]]; then
                COMPREPLY=( $(compgen -W "submitting queued running succeeded failed unknown" -- "$cur") )
            else
                COMPREPLY=( $(compgen -W "$(_omni_video_scenarios "$prog")" -- "$cur") )
            fi
            return 0 ;;
        --status)
            COMPREPLY=( $(compgen -W "submitting queued running succeeded failed unknown" -- "$cur") )
            return 0 ;;
        -r|--route)
            COMPREPLY=( $(compgen -W "videos generations" -- "$cur") )
            return 0 ;;
        --shape)
            COMPREPLY=( $(compgen -W "default openai generations mixed" -- "$cur") )
            return 0 ;;
        -d|--download)
            COMPREPLY=( $(compgen -d -- "$cur") )
            return 0 ;;
        -o|--output)
            COMPREPLY=( $(compgen -f -- "$cur") )
            return 0 ;;
        --at)
            return 0 ;;
        -V|--variants)
            COMPREPLY=( $(compgen -W "2 3 4 5 6" -- "$cur") )
            return 0 ;;
        -M|--models|-g|--group)
            return 0 ;;
        --base-url|-t|--timeout|-q|--search|-m|--model|-n|--limit|--port|--speed|--fail-rate|\
        --faults|--url-expiry|--seed|--api-key)
            return 0 ;;
    esac

    if [[ $cur == -* ]]; then
        local extra=""
        # A group's options are parsed apart from submit's own (ovs-cli-compare.c).
        [[ $cmd == submit ]] && extra="--models --variants --dry-run"
        COMPREPLY=( $(compgen -W "$(_omni_video_options "$prog" "$cmd") $extra" -- "$cur") )
        return 0
    fi

    case "$cmd" in
        example)
            COMPREPLY=( $(compgen -W "$(_omni_video_scenarios "$prog")" -- "$cur") ) ;;
        validate|normalize|detect|submit)
            COMPREPLY=( $(compgen -f -X '!*.json' -- "$cur") $(compgen -d -- "$cur") ) ;;
        status|track|frame|join|continue)
            COMPREPLY=( $(compgen -W "$(_omni_video_run "$prog" list --ids)" -- "$cur") ) ;;
        batch)
            COMPREPLY=( $(compgen -f -- "$cur") ) ;;
        help)
            COMPREPLY=( $(compgen -W "$(_omni_video_commands "$prog")" -- "$cur") ) ;;
    esac
    return 0
}

complete -F _omni_video omni-video
