# completion/drsim.bash: bash completion for drsim(1).
#
# Completes the commands; the options of each command (the same as its --help: the
# test tests/test_completion.c compares them); plan files for PLAN and file names for
# --drills, calibrate's --output and run's --trials-csv; shard directories for merge; p50, p95, p99 and max after
# `trace --at`; a4 and letter after `run --paper`; directories for the --output of run,
# sweep and sensitivity; scenario names after `trace --scenario` and key paths after
# `sweep --vary`, read from the plan given on the same command line (or the built-in
# plan when there is none) with
# `drsim check [PLAN] --list scenarios|paths`; and the kinds of names `check --list`
# prints.
#
# It needs nothing from the bash-completion package: it splits the words itself
# (joining `--opt=value`, which bash splits at '='), so it behaves the same with and
# without it. Installed as share/bash-completion/completions/drsim, where
# bash-completion loads it on first use; or source it from ~/.bashrc.

_drsim_commands="run merge check trace sweep sensitivity calibrate example"

# The options of each command, and those of them that take a value.
_drsim_options()
{
    case $1 in
    run) echo "-n --trials -s --seed -j --threads -o --output --strict --no-charts" \
              "--no-workbook --trials-sheet --trials-csv --no-decision-curve --drills" \
              "--as-of --compare --sensitivity --paper --levers --levers-trials --levers-max" \
              "--shard -q --quiet --help" ;;
    merge) echo "-o --output -j --threads --strict --no-charts --no-workbook" \
                "--no-decision-curve --drills --as-of --compare --sensitivity --paper" \
                "--levers --levers-trials --levers-max -q --quiet --help" ;;
    check) echo "-l --list --help" ;;
    trace) echo "--scenario --trial --at -n --trials -s --seed -j --threads --help" ;;
    sweep) echo "--vary -n --trials -s --seed -j --threads -o --output --no-charts" \
                "--shard -q --quiet --help" ;;
    sensitivity) echo "-n --trials -s --seed --spread -j --threads -o --output --top" \
                      "--method --samples --bootstrap --no-charts --shard -q --quiet --help" ;;
    calibrate) echo "-d --drills --pages --page-columns -o --output --min-points --help" ;;
    example) echo "--help" ;;
    esac
}

# Whether option $2 of command $1 takes a value (trace's short -c, -t, -s included).
_drsim_takes_value()
{
    case $1:$2 in
    run:-n | run:--trials | run:-s | run:--seed | run:-j | run:--threads | run:-o | \
    run:--output | run:--drills | run:--as-of | run:--trials-csv | run:--compare | \
    run:--sensitivity | run:--paper | run:--levers-trials | run:--levers-max | run:--shard) return 0 ;;
    merge:-o | merge:--output | merge:-j | merge:--threads | merge:--drills | merge:--as-of | \
    merge:--compare | merge:--sensitivity | merge:--paper | merge:--levers-trials | \
    merge:--levers-max) return 0 ;;
    check:-l | check:--list) return 0 ;;
    trace:-c | trace:--scenario | trace:-t | trace:--trial | trace:-s | trace:--seed | \
    trace:--at | trace:-n | trace:--trials | trace:-j | trace:--threads) return 0 ;;
    sweep:--vary | sweep:-n | sweep:--trials | sweep:-s | sweep:--seed | sweep:-j | \
    sweep:--threads | sweep:-o | sweep:--output | sweep:--shard) return 0 ;;
    sensitivity:-n | sensitivity:--trials | sensitivity:-s | sensitivity:--seed | \
    sensitivity:--spread | sensitivity:-j | sensitivity:--threads | sensitivity:-o | \
    sensitivity:--output | sensitivity:--top | sensitivity:--method | sensitivity:--samples | \
    sensitivity:--bootstrap | sensitivity:--shard) return 0 ;;
    calibrate:-d | calibrate:--drills | calibrate:-o | calibrate:--output | \
    calibrate:--pages | calibrate:--page-columns | calibrate:--min-points) return 0 ;;
    esac
    return 1
}

# A word as the shell would pass it, for the simple cases: one level of quotes
# removed, backslash escapes undone, a leading ~/ expanded. (No eval: the command line
# is not to be run.)
_drsim_unquote()
{
    local w=$1
    case $w in
    \'*\') w=${w:1:${#w}-2} ;;
    \"*\") w=${w:1:${#w}-2} ;;
    *) w=${w//\\/} ;;
    esac
    # shellcheck disable=SC2088 # the word holds a literal tilde, matched as such
    [[ $w == "~/"* ]] && w=$HOME/${w:2}
    printf '%s' "$w"
}

# Names of kind $3 from plan $2 (empty: the built-in plan), asked of drsim $1.
_drsim_names()
{
    local bin=$1 plan=$2 what=$3
    if [[ -n $plan ]]; then
        "$bin" check "$plan" --list "$what" 2>/dev/null
    else
        "$bin" check --list "$what" 2>/dev/null
    fi
}

# Append to COMPREPLY each line of standard input that starts with $1, followed by $2.
# (Not compgen -W: it would expand the words, and names come from a plan file.)
_drsim_match()
{
    local line
    while IFS= read -r line; do
        [[ $line == "$1"* ]] && COMPREPLY+=("$line$2")
    done
    return 0
}

# Plan files: *.yaml and *.yml, and directories to go into; any file when none match.
_drsim_plan_files()
{
    local cur=$1 f
    local -a all=() keep=()
    mapfile -t all < <(compgen -f -- "$cur")
    for f in "${all[@]}"; do
        if [[ -d $f || $f == *.yaml || $f == *.yml ]]; then
            keep+=("$f")
        fi
    done
    ((${#keep[@]})) || keep=("${all[@]}")
    COMPREPLY=("${keep[@]}")
    compopt -o filenames 2>/dev/null
}

_drsim()
{
    local -a words=()
    local cword=0 cur prev i j=0 glue=0 w

    # The words, with `--opt` `=` `value` (bash splits at '=') joined again.
    for ((i = 0; i < ${#COMP_WORDS[@]}; i++)); do
        w=${COMP_WORDS[i]}
        if [[ $w == "=" && $j -gt 0 && ${words[j - 1]} == --* && ${words[j - 1]} != *=* ]]; then
            words[j - 1]+="="
            glue=1
            ((i == COMP_CWORD)) && cword=$((j - 1))
            continue
        fi
        if ((glue)); then
            words[j - 1]+=$w
            glue=0
            ((i == COMP_CWORD)) && cword=$((j - 1))
            continue
        fi
        words[j]=$w
        ((i == COMP_CWORD)) && cword=$j
        ((j++))
    done
    cur=${words[cword]}
    prev=
    ((cword > 0)) && prev=${words[cword - 1]}
    COMPREPLY=()

    # The command: the first word after drsim that is not an option.
    local cmd='' ci=0
    for ((i = 1; i < cword; i++)); do
        if [[ ${words[i]} != -* ]]; then
            cmd=${words[i]}
            ci=$i
            break
        fi
    done
    if [[ -z $cmd ]]; then
        if [[ $cur == -* ]]; then
            mapfile -t COMPREPLY < <(compgen -W "--help --version" -- "$cur")
        else
            mapfile -t COMPREPLY < <(compgen -W "$_drsim_commands help" -- "$cur")
        fi
        return 0
    fi
    [[ " $_drsim_commands " == *" $cmd "* ]] || return 0

    # The plan operand, if one is given: the first word after the command that is not
    # an option or an option's value.
    local plan='' have_plan=0
    for ((i = ci + 1; i < ${#words[@]}; i++)); do
        ((i == cword)) && continue
        w=${words[i]}
        if [[ $w == -* ]]; then
            if [[ $w != *=* ]] && _drsim_takes_value "$cmd" "$w"; then
                ((i++))
            fi
            continue
        fi
        plan=$(_drsim_unquote "$w")
        have_plan=1
        break
    done
    local bin
    bin=$(_drsim_unquote "${words[0]}")

    # A value: after `--opt value` or in `--opt=value`.
    local opt='' val=$cur
    if [[ $cur == --*=* ]]; then
        opt=${cur%%=*}
        val=${cur#*=}
    elif [[ -n $prev && $prev == -* && $prev != *=* ]] && _drsim_takes_value "$cmd" "$prev"; then
        opt=$prev
    fi
    if [[ -n $opt ]]; then
        case $cmd:$opt in
        trace:--scenario | trace:-c)
            _drsim_match "$val" "" < <(_drsim_names "$bin" "$plan" scenarios)
            ;;
        sweep:--vary)
            # PATH=VALUES: complete the path, then leave the values to the user.
            if [[ $val != *=* ]]; then
                _drsim_match "$val" = < <(_drsim_names "$bin" "$plan" paths)
                compopt -o nospace 2>/dev/null
            fi
            ;;
        check:--list | check:-l)
            mapfile -t COMPREPLY < <(compgen -W "scenarios stores roles steps paths" -- "$val")
            ;;
        trace:--at)
            mapfile -t COMPREPLY < <(compgen -W "p50 p95 p99 max" -- "$val")
            ;;
        run:--paper | merge:--paper)
            mapfile -t COMPREPLY < <(compgen -W "a4 letter" -- "$val")
            ;;
        run:-o | run:--output | sweep:-o | sweep:--output | sensitivity:-o | sensitivity:--output | \
        merge:-o | merge:--output)
            mapfile -t COMPREPLY < <(compgen -d -- "$val")
            compopt -o filenames 2>/dev/null
            ;;
        run:--compare | run:--sensitivity | merge:--compare | merge:--sensitivity)
            mapfile -t COMPREPLY < <(compgen -f -- "$val")
            compopt -o filenames 2>/dev/null
            ;;
        run:--drills | merge:--drills | calibrate:-d | calibrate:--drills)
            _drsim_plan_files "$val"
            ;;
        calibrate:-o | calibrate:--output | calibrate:--pages | run:--trials-csv)
            mapfile -t COMPREPLY < <(compgen -f -- "$val")
            compopt -o filenames 2>/dev/null
            ;;
        esac
        return 0
    fi

    if [[ $cur == -* || ($have_plan == 1 && -z $cur) || $cmd == example ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$(_drsim_options "$cmd")" -- "$cur")
        return 0
    fi
    if [[ $cmd == merge ]]; then
        # Shard directories.
        mapfile -t COMPREPLY < <(compgen -d -- "$cur")
        compopt -o filenames 2>/dev/null
        return 0
    fi
    _drsim_plan_files "$cur"
    return 0
}

complete -F _drsim drsim
