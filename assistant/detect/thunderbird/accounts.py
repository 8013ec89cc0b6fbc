"""Thunderbird's mail accounts, read from a profile's preferences.

Pref names (``mailnews/base/src/nsMsgAccountManager.cpp``, ``MsgIncomingServer.sys.mjs``,
``SmtpServer.sys.mjs``): ``mail.accountmanager.accounts`` lists the accounts; each
``mail.account.<id>.server`` names an incoming server ``mail.server.<key>.*`` and
``.identities`` its identities ``mail.identity.<id>.*`` (``useremail``, ``fullName``: the
name mail is sent under, ``smtpServer``); ``mail.smtpservers`` lists the outgoing
servers ``mail.smtpserver.<key>.*``. A missing ``authMethod`` means the default
from ``mailnews.js`` (3, normal password) unless the profile sets its own default.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from assistant.detect.facts import Auth, MailAccount, Protocol
from assistant.detect.thunderbird.prefs import PrefValue

APP_ID = "thunderbird"
OAUTH2 = 10
DEFAULT_AUTH_METHOD = 3  # mail.server.default.authMethod / mail.smtpserver.default.authMethod

# Incoming server types that are not mail accounts on a server: Local Folders, feeds,
# newsgroups, chat.
SKIPPED_TYPES = frozenset({"none", "rss", "nntp", "im"})
PROTOCOLS: dict[str, Protocol] = {"pop3": "pop3", "imap": "imap", "ews": "ews"}


@dataclass(frozen=True)
class ServerSetting:
    """Where one server's settings live: ``mail.server.server2``, ``mail.smtpserver.smtp1``."""

    branch: str  # "mail.server" or "mail.smtpserver"
    key: str  # "server2", "smtp1"

    @property
    def auth_pref(self) -> str:
        return f"{self.branch}.{self.key}.authMethod"


def auth_of(method: int) -> Auth:
    if method == OAUTH2:
        return "oauth2"
    if method in (3, 4):
        return "password"
    return "other"


def _text(values: Mapping[str, PrefValue], name: str) -> str | None:
    value = values.get(name)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _int(values: Mapping[str, PrefValue], name: str) -> int | None:
    value = values.get(name)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def _list(values: Mapping[str, PrefValue], name: str) -> list[str]:
    text = _text(values, name) or ""
    return [part.strip() for part in text.split(",") if part.strip()]


def auth_method(values: Mapping[str, PrefValue], setting: ServerSetting) -> int:
    """The effective ``authMethod`` of a server: its own, the profile's default, or 3."""
    own = _int(values, setting.auth_pref)
    if own is not None:
        return own
    default = _int(values, f"{setting.branch}.default.authMethod")
    return DEFAULT_AUTH_METHOD if default is None else default


def incoming_settings(values: Mapping[str, PrefValue]) -> list[tuple[ServerSetting, str]]:
    """(server, account id) for every account's incoming mail server, in account order."""
    found: list[tuple[ServerSetting, str]] = []
    seen: set[str] = set()
    for account in _list(values, "mail.accountmanager.accounts"):
        key = _text(values, f"mail.account.{account}.server")
        if key is None or key in seen:
            continue
        seen.add(key)
        server_type = (_text(values, f"mail.server.{key}.type") or "").lower()
        if server_type in SKIPPED_TYPES:
            continue
        found.append((ServerSetting("mail.server", key), account))
    return found


def smtp_settings(values: Mapping[str, PrefValue]) -> list[ServerSetting]:
    keys = dict.fromkeys(_list(values, "mail.smtpservers"))
    return [ServerSetting("mail.smtpserver", key) for key in keys]


def server_host(values: Mapping[str, PrefValue], setting: ServerSetting) -> str | None:
    """The host Thunderbird connects to (``realhostname`` wins when the user renamed it)."""
    prefix = f"{setting.branch}.{setting.key}"
    return _text(values, f"{prefix}.realhostname") or _text(values, f"{prefix}.hostname")


def read_accounts(values: Mapping[str, PrefValue], profile: str | None) -> list[MailAccount]:
    """Every incoming and SMTP server of one profile as a :class:`MailAccount`."""
    accounts: list[MailAccount] = []
    for setting, account in incoming_settings(values):
        prefix = f"mail.server.{setting.key}"
        identities = _list(values, f"mail.account.{account}.identities")
        sender = next(
            (i for i in identities if _text(values, f"mail.identity.{i}.useremail")), None
        )
        server_type = (_text(values, f"{prefix}.type") or "").lower()
        accounts.append(
            MailAccount(
                app=APP_ID,
                protocol=PROTOCOLS.get(server_type, "other"),
                host=server_host(values, setting),
                auth=auth_of(auth_method(values, setting)),
                email=_identity_text(values, sender, "useremail"),
                profile=profile,
                port=_int(values, f"{prefix}.port"),
                user_name=_text(values, f"{prefix}.realuserName")
                or _text(values, f"{prefix}.userName"),
                key=setting.key,
                display_name=_text(values, f"{prefix}.name"),
                person_name=_person_name(values, sender, identities),
            )
        )
    default_smtp = _text(values, "mail.smtp.defaultserver")
    for setting in smtp_settings(values):
        prefix = f"mail.smtpserver.{setting.key}"
        sender = _smtp_identity(values, setting.key, default_smtp)
        accounts.append(
            MailAccount(
                app=APP_ID,
                protocol="smtp",
                host=server_host(values, setting),
                auth=auth_of(auth_method(values, setting)),
                email=_identity_text(values, sender, "useremail"),
                profile=profile,
                port=_int(values, f"{prefix}.port"),
                user_name=_text(values, f"{prefix}.username"),
                key=setting.key,
                display_name=_text(values, f"{prefix}.description"),
                person_name=_identity_text(values, sender, "fullName"),
            )
        )
    return accounts


def _identity_text(values: Mapping[str, PrefValue], identity: str | None, name: str) -> str | None:
    return None if identity is None else _text(values, f"mail.identity.{identity}.{name}")


def _person_name(
    values: Mapping[str, PrefValue], sender: str | None, identities: list[str]
) -> str | None:
    """The name the account sends as: its sending identity's, else its first identity's
    that has one (an identity with a name but no address yet)."""
    named = [sender] if sender else []
    for identity in (*named, *identities):
        found = _identity_text(values, identity, "fullName")
        if found:
            return found
    return None


def _smtp_identity(
    values: Mapping[str, PrefValue], key: str, default_smtp: str | None
) -> str | None:
    """The first identity with an address that sends through this server (one that names
    no server sends through the default one)."""
    fallback = None
    for account in _list(values, "mail.accountmanager.accounts"):
        for identity in _list(values, f"mail.account.{account}.identities"):
            email = _text(values, f"mail.identity.{identity}.useremail")
            smtp = _text(values, f"mail.identity.{identity}.smtpServer")
            if email and smtp == key:
                return identity
            if email and smtp is None and key == default_smtp and fallback is None:
                fallback = identity
    return fallback
