"""Apple Mail: its data folder (``~/Library/Mail/V<n>``), its accounts, and whether
macOS lets us look at all.

Since macOS 10.14, ``~/Library/Mail`` and ``~/Library/Accounts`` are guarded by the
privacy protection (TCC): without Full Disk Access, listing them fails with
``PermissionError`` (EPERM). That is not "no Apple Mail": the diagnosis is told
(``facts.flags["macos_full_disk_access"] = "denied"``) and asks the user to grant it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assistant.detect.apple import protected_folders
from assistant.detect.apple.bundles import AppBundle, read_bundle
from assistant.detect.apple.internet_accounts import (
    AccountsDatabaseProblem,
    InternetAccount,
    read_internet_accounts,
)
from assistant.detect.apple.plist_file import PlistProblem, load_plist, text_value
from assistant.detect.facts import (
    Auth,
    DataStore,
    InstalledApp,
    MachineFacts,
    MailAccount,
    Problem,
    Protocol,
    unreadable,
)
from assistant.detect.folder_size import measure_folder
from assistant.detect.system.macos import SYSTEM_VERSION
from assistant.environment import Environment
from assistant.i18n import Message

APP_ID = "apple-mail"
MAIL_BUNDLES = ("/System/Applications/Mail.app", "/Applications/Mail.app")
_VERSION_FOLDER = re.compile(r"V(\d{1,4})")

# MailData/Accounts.plist "AccountType" -> protocol.
PLIST_ACCOUNT_TYPES: dict[str, Protocol] = {
    "POPAccount": "pop3",
    "IMAPAccount": "imap",
    "SMTPAccount": "smtp",
    "EWSAccount": "ews",
    "GmailAccount": "imap",
    "YahooAccount": "imap",
    "AOLAccount": "imap",
    "iToolsAccount": "imap",
}
# Mail's AuthenticationScheme values. Absent means Mail's default: the password.
_PASSWORD_SCHEMES = {"", "password", "apop", "cram-md5", "digest-md5", "login", "plain"}
_OAUTH_SCHEMES = {"xoauth2", "oauthbearer", "oauth2", "oauth"}
_OTHER_SCHEMES = {"ntlm", "gssapi", "kerberos", "kerberos 5", "external", "none"}


def detect_apple_mail(env: Environment, facts: MachineFacts) -> None:
    mail_root = env.home_path("Library", "Mail")
    notes: list[Message] = []
    denied = False
    version_folder: Path | None = None
    try:
        version_folder = highest_version_folder(
            protected_folders.list_folder(mail_root, env.user_bounds)
        )
    except FileNotFoundError:
        pass
    except PermissionError:
        denied = True
        facts.problems.append(
            Problem(Message("macos.problem.mail_folder_denied", {"folder": str(mail_root)}), APP_ID)
        )
        notes.append(Message("macos.note.apple_mail_not_readable", {"folder": str(mail_root)}))
    except OSError as exc:
        facts.problems.append(unreadable(mail_root, exc, APP_ID))

    accounts: list[MailAccount] = []
    if version_folder is not None:
        size = measure_folder(version_folder)
        if size.denied:
            denied = True
        facts.data_stores.append(
            DataStore(
                app=APP_ID,
                kind="apple_mail",
                path=str(version_folder),
                bytes=size.bytes,
                files=size.files,
            )
        )
        for folder, error in size.unreadable[:1]:
            facts.problems.append(unreadable(folder, error, APP_ID))
        accounts_plist = version_folder / "MailData" / "Accounts.plist"
        found, plist_denied = _accounts_from_plist(accounts_plist, facts, env.user_bounds)
        accounts += found
        denied = denied or plist_denied

    accounts_db = env.home_path("Library", "Accounts", "Accounts4.sqlite")
    found, db_denied = _accounts_from_database(accounts_db, facts, env.user_bounds)
    accounts += found
    denied = denied or db_denied
    accounts = _unique(accounts)

    if denied:
        facts.flags[protected_folders.FULL_DISK_ACCESS_FLAG] = "denied"
    if version_folder is None and not accounts and not denied:
        return  # Mail.app is on every Mac; an unused one needs nothing.
    facts.accounts += accounts
    pop_count = sum(1 for a in accounts if a.protocol == "pop3")
    if pop_count:
        notes.append(Message("macos.note.apple_mail_pop", {"count": pop_count}))
    if facts.platform.version is None:
        notes.append(
            Message("macos.note.apple_mail_needs_macos", {"file": str(env.path(SYSTEM_VERSION))})
        )
    bundle = mail_bundle(env)
    if bundle is not None and bundle.problem is not None:
        facts.problems.append(Problem(bundle.problem, APP_ID))
    details = {"mail_folder": version_folder.name} if version_folder is not None else {}
    if bundle is not None and bundle.identifier:
        details["bundle_id"] = bundle.identifier
    facts.apps.append(
        InstalledApp(
            app_id=APP_ID,
            name="Apple Mail",
            version=bundle.short_version if bundle is not None else None,
            install_path=str(bundle.path) if bundle is not None else None,
            source="app-bundle" if bundle is not None else "mail-data",
            notes=notes,
            details=details,
        )
    )


def highest_version_folder(entries: list[Path]) -> Path | None:
    """``V10`` over ``V9`` over ``V2``: Mail migrates its data forward and leaves the old."""
    best: tuple[int, Path] | None = None
    for entry in entries:
        match = _VERSION_FOLDER.fullmatch(entry.name)
        if match is None or not protected_folders.is_folder(entry):
            continue
        number = int(match[1])
        if best is None or number > best[0]:
            best = (number, entry)
    return best[1] if best else None


def mail_bundle(env: Environment) -> AppBundle | None:
    for native in MAIL_BUNDLES:
        path = env.path(native)
        if protected_folders.is_folder(path):
            return read_bundle(path, env.bounds)
    return None


def auth_from_scheme(scheme: object) -> Auth:
    if scheme is None:
        return "password"
    if not isinstance(scheme, str):
        return "unknown"
    value = scheme.strip().lower()
    if value in _PASSWORD_SCHEMES:
        return "password"
    if value in _OAUTH_SCHEMES:
        return "oauth2"
    if value in _OTHER_SCHEMES:
        return "other"
    return "unknown"


def accounts_from_plist_data(data: dict[str, Any]) -> list[MailAccount]:
    """Accounts in Mail's ``MailData/Accounts.plist`` (macOS 10.11 and earlier):
    ``MailAccounts`` (incoming) and ``DeliveryAccounts`` (SMTP), one dict each."""
    found: list[MailAccount] = []
    for list_key in ("MailAccounts", "DeliveryAccounts"):
        entries = data.get(list_key)
        if not isinstance(entries, list):
            continue
        for entry in entries:
            if not isinstance(entry, dict):
                continue
            protocol = PLIST_ACCOUNT_TYPES.get(str(entry.get("AccountType")))
            if protocol is None:
                continue  # LocalAccount ("On My Mac") and the like: no server
            addresses = entry.get("EmailAddresses")
            email = None
            if isinstance(addresses, list) and addresses and isinstance(addresses[0], str):
                email = addresses[0]
            found.append(
                MailAccount(
                    app=APP_ID,
                    protocol=protocol,
                    host=text_value(entry, "Hostname"),
                    auth=auth_from_scheme(entry.get("AuthenticationScheme")),
                    email=email,
                    port=_port(entry.get("PortNumber")),
                    user_name=text_value(entry, "Username"),
                    key=text_value(entry, "uniqueId"),
                    display_name=text_value(entry, "AccountName"),
                )
            )
    return found


def account_from_internet_account(account: InternetAccount) -> MailAccount:
    props = account.properties
    email = props.get("IdentityEmailAddress")
    if not isinstance(email, str) and account.username and "@" in account.username:
        email = account.username
    host = props.get("Hostname")
    return MailAccount(
        app=APP_ID,
        protocol=account.protocol or "other",
        host=host.strip() if isinstance(host, str) and host.strip() else None,
        auth=auth_from_scheme(props.get("AuthenticationScheme")),
        email=email if isinstance(email, str) else None,
        port=_port(props.get("PortNumber")),
        user_name=account.username,
        key=account.identifier,
        display_name=account.description,
    )


def _accounts_from_plist(
    path: Path, facts: MachineFacts, within: Sequence[Path]
) -> tuple[list[MailAccount], bool]:
    try:
        data = load_plist(path, within=within)
    except FileNotFoundError:
        return [], False
    except PermissionError:
        facts.problems.append(
            Problem(Message("macos.problem.mail_folder_denied", {"folder": str(path)}), APP_ID)
        )
        return [], True
    except PlistProblem as problem:
        facts.problems.append(Problem(problem.message, APP_ID))
        return [], False
    return accounts_from_plist_data(data), False


def _accounts_from_database(
    path: Path, facts: MachineFacts, within: Sequence[Path]
) -> tuple[list[MailAccount], bool]:
    try:
        found = read_internet_accounts(path, within=within)
    except FileNotFoundError:
        return [], False
    except PermissionError:
        facts.problems.append(
            Problem(Message("macos.problem.accounts_denied", {"file": str(path)}), APP_ID)
        )
        return [], True
    except AccountsDatabaseProblem as problem:
        facts.problems.append(Problem(problem.message, APP_ID))
        return [], False
    except OSError as exc:
        facts.problems.append(unreadable(path, exc, APP_ID))
        return [], False
    return [account_from_internet_account(a) for a in found], False


def _unique(accounts: list[MailAccount]) -> list[MailAccount]:
    seen: set[tuple[str, str, str]] = set()
    unique: list[MailAccount] = []
    for account in accounts:
        key = (account.protocol, (account.host or "").lower(), (account.user_name or "").lower())
        if key in seen:
            continue
        seen.add(key)
        unique.append(account)
    return unique


def _port(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 < value < 65536 else None
    if isinstance(value, str) and value.strip().isdigit():
        return _port(int(value.strip()))
    return None
