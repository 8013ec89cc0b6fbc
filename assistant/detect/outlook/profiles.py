"""Outlook mail profiles: their accounts, and the data files (PST, OST) they use.

Profiles live under ``HKCU\\Software\\Microsoft\\Office\\<16.0|15.0>\\Outlook\\Profiles``
(2010 and older: ``…\\Windows NT\\CurrentVersion\\Windows Messaging Subsystem\\Profiles``);
``DefaultProfile`` names the default one. Accounts are the subkeys of
``<profile>\\9375CFF0413111d3B88A00104B2A6676``; ``clsid`` says their type. Their
strings are REG_BINARY UTF-16LE with a trailing NUL (REG_SZ in older profiles).
``Account Name`` is the account's label (the address unless the user renamed it),
``Display Name`` the person's name mail is sent under ("Your Name").
Only the values named here are read: never a password.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from assistant.detect.facts import MachineFacts, MailAccount
from assistant.detect.registry import RegistryKey, registry_for
from assistant.detect.registry.regfile import decode_ansi
from assistant.environment import Environment

APP_ID = "outlook-windows"
ACCOUNTS_KEY = "9375CFF0413111d3B88A00104B2A6676"
PROFILE_ROOTS = (
    (r"HKCU\Software\Microsoft\Office\16.0\Outlook", "Profiles"),
    (r"HKCU\Software\Microsoft\Office\15.0\Outlook", "Profiles"),
    (r"HKCU\Software\Microsoft\Windows NT\CurrentVersion\Windows Messaging Subsystem", "Profiles"),
)

POP3 = "{ED475411-B0D6-11D2-8C3B-00104B2A6676}"
IMAP = "{ED475412-B0D6-11D2-8C3B-00104B2A6676}"
MAPI = "{ED475414-B0D6-11D2-8C3B-00104B2A6676}"
OUTLOOK_COM = "{4DB5CBF0-3B77-4852-BC8E-BB81908861F3}"

# MAPI property tags as registry value names: the PST and OST paths (Unicode, then the
# ANSI form older profiles use) and the Exchange server's host name.
PST_PATHS = ("001f6700", "001e6700")
OST_PATHS = ("001f6610", "001e6610")
EXCHANGE_SERVER = ("001f662a",)


@dataclass(frozen=True)
class MailProfile:
    name: str
    key: RegistryKey
    is_default: bool
    office_version: str  # "16.0", "15.0" or "" (Windows Messaging Subsystem)


def mail_profiles(env: Environment) -> Iterator[MailProfile]:
    registry = registry_for(env).registry
    seen: set[str] = set()
    for parent_path, child in PROFILE_ROOTS:
        parent = registry.open(parent_path)
        profiles = parent.subkey(child) if parent else None
        if parent is None or profiles is None:
            continue
        default = parent.text("DefaultProfile") or profiles.text("DefaultProfile")
        office = parent_path.split("\\")[4] if "Office" in parent_path else ""
        for key in profiles.subkeys():
            name = key.path.rsplit("\\", 1)[-1]
            ident = f"{office}\\{name}".lower()
            if ident in seen:
                continue
            seen.add(ident)
            is_default = default is not None and default.lower() == name.lower()
            yield MailProfile(name, key, is_default, office)


def profile_string(key: RegistryKey, name: str) -> str | None:
    """A profile string: REG_BINARY UTF-16LE (NUL-terminated) or REG_SZ, or for the
    ``001e…`` (PT_STRING8) properties, ANSI bytes."""
    value = key.value(name)
    if value is None:
        return None
    if name.lower().startswith("001e") and isinstance(value.data, bytes):
        text: str | None = decode_ansi(value.data).split("\0", 1)[0]
    else:
        text = value.text()
    text = text.strip() if text else None
    return text or None


def detect_outlook_accounts(env: Environment, facts: MachineFacts) -> None:
    for profile in mail_profiles(env):
        accounts = profile.key.subkey(ACCOUNTS_KEY)
        if accounts is None:
            continue
        for account in accounts.subkeys():
            facts.accounts.extend(_accounts_of(profile, account))


def _accounts_of(profile: MailProfile, key: RegistryKey) -> list[MailAccount]:
    clsid = (profile_string(key, "clsid") or "").upper()
    number = key.path.rsplit("\\", 1)[-1]
    email = profile_string(key, "Email")
    person = profile_string(key, "Display Name")
    display = profile_string(key, "Account Name") or person

    def account(protocol: str, host_value: str, user_value: str, port_value: str) -> MailAccount:
        return MailAccount(
            app=APP_ID,
            protocol=protocol,  # type: ignore[arg-type]
            host=profile_string(key, host_value),
            auth="password",  # Outlook has no OAuth2 for POP, IMAP or SMTP
            email=email,
            profile=profile.name,
            port=key.number(port_value),
            user_name=profile_string(key, user_value),
            key=number,
            display_name=display,
            person_name=person,
        )

    if clsid in (POP3, IMAP):
        incoming = "pop3" if clsid == POP3 else "imap"
        prefix = "POP3" if clsid == POP3 else "IMAP"
        found = [account(incoming, f"{prefix} Server", f"{prefix} User", f"{prefix} Port")]
        if profile_string(key, "SMTP Server"):
            found.append(account("smtp", "SMTP Server", "SMTP User", "SMTP Port"))
        return found
    if clsid in (MAPI, OUTLOOK_COM):
        address = email or (display if display and "@" in display else None)
        return [
            MailAccount(
                app=APP_ID,
                protocol="exchange",
                host=_exchange_host(profile) if clsid == MAPI else None,
                auth="oauth2" if clsid == OUTLOOK_COM else "other",
                email=address,
                profile=profile.name,
                key=number,
                display_name=display,
                person_name=person,
            )
        ]
    return []


def _exchange_host(profile: MailProfile) -> str | None:
    """The Exchange server an Exchange account in this profile connects to
    (``001f662a``, written by Outlook in the profile's Exchange service section)."""
    for key in profile.key.walk(max_depth=3):
        for name in EXCHANGE_SERVER:
            host = profile_string(key, name)
            if host:
                return host
    return None


def data_file_paths(profile: MailProfile) -> Iterator[tuple[str, str]]:
    """(kind, path as written) for every PST and OST the profile names."""
    seen: set[str] = set()
    for key in profile.key.walk(max_depth=4):
        for kind, names in (("pst", PST_PATHS), ("ost", OST_PATHS)):
            for name in names:
                path = profile_string(key, name)
                if path and path.lower() not in seen:
                    seen.add(path.lower())
                    yield kind, path
