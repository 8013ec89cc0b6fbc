#!/usr/bin/env bash
# Sign "Mail Migration Assistant.app" with a Developer ID, notarise it with Apple and
# staple the ticket, so that Gatekeeper opens it on a double-click and Full Disk Access
# can be granted to it (macOS keys the grant to the signed bundle id).
#
#   build/macos/sign_and_notarize.sh ["dist/Mail Migration Assistant.app"]
#
# Needs, in the environment:
#   MACOS_SIGN_IDENTITY   "Developer ID Application: <Org> (<TEAMID>)", in a keychain
#   and either NOTARY_KEYCHAIN_PROFILE (made by `xcrun notarytool store-credentials`)
#   or APPLE_ID + APPLE_TEAM_ID + APPLE_APP_PASSWORD (an app-specific password).
# Without them it says what is missing and exits 2: an unsigned or un-notarised build is
# never reported as signed. Every step that fails stops the script (set -e).
# Writes: the signed .app in place, and dist/mail-migration-assistant-<version>-macos.zip.
set -euo pipefail

APP="${1:-dist/Mail Migration Assistant.app}"
HERE="$(cd "$(dirname "$0")" && pwd)"
ENTITLEMENTS="$HERE/entitlements.plist"

refuse() { echo "sign_and_notarize: $*" >&2; exit 2; }

[ "$(uname -s)" = "Darwin" ] || refuse "signing and notarisation need macOS (this is $(uname -s)); nothing was signed."
[ -d "$APP" ] || refuse "no app at '$APP'; build it first (make dist)."
[ -n "${MACOS_SIGN_IDENTITY:-}" ] || refuse "MACOS_SIGN_IDENTITY is not set (a 'Developer ID Application: ...' identity); nothing was signed."
security find-identity -v -p codesigning | grep -qF "$MACOS_SIGN_IDENTITY" \
  || refuse "the identity '$MACOS_SIGN_IDENTITY' is not in any keychain; nothing was signed."
if [ -n "${NOTARY_KEYCHAIN_PROFILE:-}" ]; then
  NOTARY_AUTH=(--keychain-profile "$NOTARY_KEYCHAIN_PROFILE")
elif [ -n "${APPLE_ID:-}" ] && [ -n "${APPLE_TEAM_ID:-}" ] && [ -n "${APPLE_APP_PASSWORD:-}" ]; then
  NOTARY_AUTH=(--apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" --password "$APPLE_APP_PASSWORD")
else
  refuse "no notarisation credentials (NOTARY_KEYCHAIN_PROFILE, or APPLE_ID + APPLE_TEAM_ID + APPLE_APP_PASSWORD); nothing was signed."
fi
xcrun --find notarytool >/dev/null 2>&1 || refuse "xcrun notarytool is missing (Xcode 13 or later); nothing was signed."

sign() {
  codesign --force --timestamp --options runtime --entitlements "$ENTITLEMENTS" \
    --sign "$MACOS_SIGN_IDENTITY" "$@"
}

# Inside out: every library and framework first, then the program, then the bundle
# (codesign --deep signs in no defined order and is deprecated for this).
echo "signing the libraries in $APP"
while IFS= read -r -d '' lib; do sign "$lib"; done < <(
  find "$APP/Contents" -type f \( -name "*.so" -o -name "*.dylib" \) -print0)
while IFS= read -r -d '' framework; do sign "$framework"; done < <(
  find "$APP/Contents" -type d -name "*.framework" -prune -print0)
sign "$APP/Contents/MacOS/mail-migration-assistant"
sign "$APP"
codesign --verify --deep --strict --verbose=2 "$APP"

VERSION="$(/usr/libexec/PlistBuddy -c 'Print :CFBundleShortVersionString' "$APP/Contents/Info.plist")"
ZIP="$(dirname "$APP")/mail-migration-assistant-$VERSION-macos.zip"
rm -f "$ZIP"
ditto -c -k --keepParent "$APP" "$ZIP"

echo "notarising $ZIP (this waits for Apple's answer)"
RESULT="$(xcrun notarytool submit "$ZIP" "${NOTARY_AUTH[@]}" --wait --output-format json)"
echo "$RESULT"
STATUS="$(printf '%s' "$RESULT" | /usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin).get("status", ""))')"
if [ "$STATUS" != "Accepted" ]; then
  ID="$(printf '%s' "$RESULT" | /usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin).get("id", ""))')"
  [ -z "$ID" ] || xcrun notarytool log "$ID" "${NOTARY_AUTH[@]}" || true
  echo "sign_and_notarize: Apple did not accept the app (status '$STATUS')." >&2
  exit 1
fi

# Staple the ticket to the app (Gatekeeper then needs no network), zip it again.
xcrun stapler staple "$APP"
xcrun stapler validate "$APP"
spctl --assess --type execute --verbose=2 "$APP"
rm -f "$ZIP"
ditto -c -k --keepParent "$APP" "$ZIP"
echo "signed, notarised and stapled: $APP -> $ZIP"
