"""The organisation profile: loading, layering and validation.

Layers, later wins: the bundled ``resources/organization.toml`` < a machine-wide policy
file (lab PCs) < ``--config FILE``. Every layer is checked on load: an unknown key, a
wrong type or a missing key is one sentence naming the file and the key.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from assistant.datafile import load_toml
from assistant.environment import Environment
from assistant.errors import DataFileError
from assistant.i18n import Language
from assistant.resources import resource_path

# section -> key -> type; every key is required in the merged profile.
SCHEMA: dict[str, dict[str, type | tuple[type, ...]]] = {
    "organization": {"name_ja": str, "name_en": str},
    "service": {
        "name_ja": str,
        "name_en": str,
        "provider": str,
        "mail_domains": list,
        "exchange_online_hosts": list,
        "notice_date": dt.date,
        "change_deadline": dt.date,
        "basic_auth_end": dt.date,
        "refusal_message_ja": str,
        "refusal_message_en": str,
    },
    "web": {"portal_url": str, "basic_auth_info_url": str, "allowed_hosts": list},
    "helpdesk": {
        "name_ja": str,
        "name_en": str,
        "phone": str,
        "extension": str,
        "hours_ja": str,
        "hours_en": str,
    },
    "guides": {"official_folder": str},
}

POLICY_FILES = {
    "windows": r"%ProgramData%\MailMigrationAssistant\organization.toml",
    "macos": "/Library/Application Support/MailMigrationAssistant/organization.toml",
    "linux": "/etc/mail-migration-assistant/organization.toml",
}


LayerKind = Literal["bundled", "machine", "config"]


@dataclass(frozen=True)
class PolicyLayer:
    """One file the profile was layered from: the bundled default, the machine-wide
    policy file that was read (shown as the diagnosed machine names it) or ``--config``."""

    kind: LayerKind
    path: str


@dataclass(frozen=True)
class Helpdesk:
    name_ja: str
    name_en: str
    phone: str
    extension: str
    hours_ja: str
    hours_en: str

    def name(self, lang: Language) -> str:
        return self.name_ja if lang == "ja" else self.name_en

    def hours(self, lang: Language) -> str:
        return self.hours_ja if lang == "ja" else self.hours_en


@dataclass(frozen=True)
class Organization:
    name_ja: str
    name_en: str
    service_name_ja: str
    service_name_en: str
    provider: str
    mail_domains: tuple[str, ...]
    exchange_online_hosts: tuple[str, ...]
    notice_date: dt.date
    change_deadline: dt.date
    basic_auth_end: dt.date
    refusal_message_ja: str
    refusal_message_en: str
    portal_url: str
    basic_auth_info_url: str
    allowed_hosts: tuple[str, ...]
    helpdesk: Helpdesk
    official_guides_folder: Path | None
    sources: tuple[Path, ...]
    layers: tuple[PolicyLayer, ...] = ()

    def name(self, lang: Language) -> str:
        return self.name_ja if lang == "ja" else self.name_en

    def service_name(self, lang: Language) -> str:
        return self.service_name_ja if lang == "ja" else self.service_name_en

    def refusal_message(self, lang: Language) -> str:
        return self.refusal_message_ja if lang == "ja" else self.refusal_message_en

    def helpdesk_params(self) -> dict[str, object]:
        """The helpdesk as catalog sentences insert it (``{helpdesk_ja}`` / ``{helpdesk_en}``,
        ``{phone}``, ``{extension}``, ``{hours_ja}`` / ``{hours_en}``): one source for both
        languages, never a name written into a sentence."""
        return {
            "helpdesk_ja": self.helpdesk.name_ja,
            "helpdesk_en": self.helpdesk.name_en,
            "phone": self.helpdesk.phone,
            "extension": self.helpdesk.extension,
            "hours_ja": self.helpdesk.hours_ja,
            "hours_en": self.helpdesk.hours_en,
        }

    def is_exchange_online_host(self, host: str | None) -> bool:
        if not host:
            return False
        return host.strip().rstrip(".").lower() in self.exchange_online_hosts

    def is_our_address(self, email: str | None) -> bool:
        if not email or "@" not in email:
            return False
        return email.rsplit("@", 1)[1].strip().lower() in self.mail_domains


def policy_file(env: Environment) -> Path:
    """The machine-wide policy file, where the diagnosed machine keeps it (on Windows
    under its ``%ProgramData%``, which need not be on C:)."""
    native = POLICY_FILES[env.platform]
    return env.windows_path(native) if env.platform == "windows" else env.path(native)


def load_organization(env: Environment | None = None, config: Path | None = None) -> Organization:
    """The bundled profile, overlaid by the machine's policy file and ``config``."""
    layers: list[Path] = [resource_path("organization.toml")]
    described = [PolicyLayer("bundled", "organization.toml")]
    within: dict[Path, tuple[Path, ...]] = {}
    if env is not None:
        policy = policy_file(env)
        if _policy_present(policy):
            layers.append(policy)
            described.append(PolicyLayer("machine", env.shown_path(policy)))
            within[policy] = env.bounds
    if config is not None:
        layers.append(config)
        described.append(PolicyLayer("config", str(config)))
    merged: dict[str, dict[str, Any]] = {}
    origin: dict[tuple[str, str], Path] = {}
    for path in layers:
        data = load_toml(path, within=within.get(path, ()))
        _check_layer(data, path)
        for section, table in data.items():
            if section == "schema":
                continue
            for key, value in table.items():
                merged.setdefault(section, {})[key] = value
                origin[(section, key)] = path
    for section, keys in SCHEMA.items():
        for key in keys:
            if key not in merged.get(section, {}):
                raise DataFileError(
                    "error.data_file_key_missing", file=str(layers[-1]), key=f"{section}.{key}"
                )
    return replace(_build(merged, tuple(layers), origin), layers=tuple(described))


def _policy_present(policy: Path) -> bool:
    """Is there something at the policy file's place? (What it is, the reader checks: a
    FIFO or a folder there is a sentence.) A folder on the way that cannot be searched
    is a sentence too, not a silently ignored policy."""
    try:
        os.lstat(policy)
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError as exc:
        raise DataFileError(
            "error.data_file_unreadable", file=str(policy), reason=exc.strerror or str(exc)
        ) from None
    return True


def _check_layer(data: dict[str, Any], path: Path) -> None:
    schema = data.get("schema", 1)
    if schema != 1:
        raise DataFileError("error.data_file_key_value", file=str(path), key="schema", value=schema)
    for section, table in data.items():
        if section == "schema":
            continue
        if section not in SCHEMA:
            raise DataFileError("error.data_file_key_unknown", file=str(path), key=section)
        if not isinstance(table, dict):
            raise DataFileError(
                "error.data_file_key_type", file=str(path), key=section, expected="table"
            )
        for key, value in table.items():
            kind = SCHEMA[section].get(key)
            full = f"{section}.{key}"
            if kind is None:
                raise DataFileError("error.data_file_key_unknown", file=str(path), key=full)
            if not isinstance(value, kind) or (kind is dt.date and isinstance(value, dt.datetime)):
                raise DataFileError(
                    "error.data_file_key_type",
                    file=str(path),
                    key=full,
                    expected=_TYPE_NAMES.get(kind, "?"),
                )
            if isinstance(value, list) and not all(isinstance(v, str) and v for v in value):
                raise DataFileError(
                    "error.data_file_key_type", file=str(path), key=full, expected="list of text"
                )


_TYPE_NAMES: dict[Any, str] = {str: "text", list: "list of text", dt.date: "date (YYYY-MM-DD)"}


def _build(
    m: dict[str, dict[str, Any]], sources: tuple[Path, ...], origin: dict[tuple[str, str], Path]
) -> Organization:
    s, w, h = m["service"], m["web"], m["helpdesk"]
    folder_text = m["guides"]["official_folder"]
    folder: Path | None = None
    if folder_text:
        folder = Path(folder_text)
        if not folder.is_absolute():
            folder = origin[("guides", "official_folder")].parent / folder
    return Organization(
        name_ja=m["organization"]["name_ja"],
        name_en=m["organization"]["name_en"],
        service_name_ja=s["name_ja"],
        service_name_en=s["name_en"],
        provider=s["provider"],
        mail_domains=tuple(d.lower() for d in s["mail_domains"]),
        exchange_online_hosts=tuple(h.lower().rstrip(".") for h in s["exchange_online_hosts"]),
        notice_date=s["notice_date"],
        change_deadline=s["change_deadline"],
        basic_auth_end=s["basic_auth_end"],
        refusal_message_ja=s["refusal_message_ja"],
        refusal_message_en=s["refusal_message_en"],
        portal_url=w["portal_url"],
        basic_auth_info_url=w["basic_auth_info_url"],
        allowed_hosts=tuple(x.lower() for x in w["allowed_hosts"]),
        helpdesk=Helpdesk(
            h["name_ja"], h["name_en"], h["phone"], h["extension"], h["hours_ja"], h["hours_en"]
        ),
        official_guides_folder=folder,
        sources=sources,
    )
