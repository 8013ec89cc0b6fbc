#!/bin/sh
# Jamf Pro extension attribute: the Mail Migration Assistant verdict of this Mac's
# signed-in user, as one line Jamf keeps: <result>STATUS key=value ...</result>.
#
# STATUS (match with "like" in a smart group):
#   NOTHING_TO_DO  ACTION_NEEDED  INCOMPLETE  (from `report --format jamf`)
#   FAILED         the diagnosis could not run (exit code given)
#   NO_USER        nobody is signed in at the console: nothing to diagnose
#   NOT_INSTALLED  the assistant is not at $MMA
#
# Jamf runs this as root; the assistant diagnoses the console user's home (--home).
# Settings for other layouts and for tests: MMA (the program), MMA_USER (the user),
# MMA_HOME (the home folder; skips the user lookup).

MMA="${MMA:-/Applications/Mail Migration Assistant.app/Contents/MacOS/mail-migration-assistant}"

console_user() {
    if [ -n "${MMA_USER:-}" ]; then
        printf '%s\n' "$MMA_USER"
    elif [ "$(uname -s)" = "Darwin" ]; then
        stat -f %Su /dev/console 2>/dev/null
    else
        logname 2>/dev/null
    fi
}

home_of() {
    if [ "$(uname -s)" = "Darwin" ]; then
        dscl . -read "/Users/$1" NFSHomeDirectory 2>/dev/null | sed -n 's/^NFSHomeDirectory: //p'
    else
        getent passwd "$1" 2>/dev/null | cut -d: -f6
    fi
}

if [ ! -x "$MMA" ]; then
    echo "<result>NOT_INSTALLED</result>"
    exit 0
fi

home="${MMA_HOME:-}"
if [ -z "$home" ]; then
    user="$(console_user)"
    case "$user" in
        "" | root | loginwindow | _mbsetupuser)
            echo "<result>NO_USER</result>"
            exit 0
            ;;
    esac
    home="$(home_of "$user")"
fi
if [ -z "$home" ] || [ ! -d "$home" ]; then
    echo "<result>NO_USER</result>"
    exit 0
fi

output="$("$MMA" --lang en report --format jamf --home "$home" 2>/dev/null)"
code=$?
line="$(printf '%s\n' "$output" | grep -m 1 '^<result>.*</result>$')"
if [ -n "$line" ]; then
    printf '%s\n' "$line"
else
    echo "<result>FAILED exit=$code</result>"
fi
exit 0
