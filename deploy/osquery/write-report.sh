#!/bin/sh
# Writes this machine's report to the fixed path osquery (and the log forwarder beside
# it) watches. Run it as root from cron, a systemd timer or a launchd daemon, e.g.
#   17 * * * * root /usr/local/share/mail-migration-assistant/write-report.sh
# The file is replaced whole (never half written); exit 0 when it was written.
#
# Settings: MMA (the program), MMA_REPORT (the path), MMA_HOME (whose home to
# diagnose; default: the console user's on macOS, the login user's elsewhere).

case "$(uname -s)" in
    Darwin)
        MMA="${MMA:-/Applications/Mail Migration Assistant.app/Contents/MacOS/mail-migration-assistant}"
        REPORT="${MMA_REPORT:-/Library/Application Support/MailMigrationAssistant/report.json}"
        user="$(stat -f %Su /dev/console 2>/dev/null)"
        ;;
    *)
        MMA="${MMA:-/opt/mail-migration-assistant/mail-migration-assistant}"
        REPORT="${MMA_REPORT:-/var/lib/mail-migration-assistant/report.json}"
        user="$(logname 2>/dev/null)"
        ;;
esac

home="${MMA_HOME:-}"
if [ -z "$home" ] && [ -n "$user" ] && [ "$user" != "root" ]; then
    if [ "$(uname -s)" = "Darwin" ]; then
        home="$(dscl . -read "/Users/$user" NFSHomeDirectory 2>/dev/null | sed -n 's/^NFSHomeDirectory: //p')"
    else
        home="$(getent passwd "$user" 2>/dev/null | cut -d: -f6)"
    fi
fi

mkdir -p "$(dirname "$REPORT")" || exit 2
set -- --lang en report --format json --output "$REPORT"
if [ -n "$home" ] && [ -d "$home" ]; then
    set -- "$@" --home "$home"
fi
"$MMA" "$@"
code=$?
# 0 nothing to do, 1 action needed, 3 incomplete: the report was written in each case.
case "$code" in
    0 | 1 | 3) exit 0 ;;
    *) exit "$code" ;;
esac
