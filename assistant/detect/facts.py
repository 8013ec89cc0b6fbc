"""What detection finds on a machine. Plain data; the diagnosis adds the verdicts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from assistant.errors import UnusableFile
from assistant.i18n import Message

Protocol = Literal["pop3", "imap", "smtp", "exchange", "ews", "other"]
Auth = Literal["password", "oauth2", "other", "unknown"]
StoreKind = Literal["pst", "ost", "thunderbird_profile", "apple_mail", "outlook_mac_profile"]


@dataclass
class InstalledApp:
    """One installation of a mail app."""

    app_id: str  # outlook-windows, new-outlook-windows, outlook-mac, thunderbird, apple-mail
    name: str
    version: str | None  # as the app writes it, e.g. "140.4.0 ESR (x64 ja)"
    install_path: str | None
    source: str  # where we found it, e.g. "debian-package", "snap", "registry", "app-bundle"
    edition: str | None = None
    notes: list[Message] = field(default_factory=list)
    details: dict[str, str] = field(default_factory=dict)  # channel, bitness, ...


@dataclass
class MailAccount:
    """One server an app talks to (incoming or SMTP)."""

    app: str
    protocol: Protocol
    host: str | None
    auth: Auth
    email: str | None = None
    profile: str | None = None
    port: int | None = None
    user_name: str | None = None
    key: str | None = None  # the app's own id for it, e.g. "server2", "smtp1", "00000002"
    display_name: str | None = None  # the account's label in the app
    # The person's name mail is sent under ("山田 太郎"): Thunderbird's identity
    # ``fullName``, Outlook's "Display Name". Personal data no finding needs: kept for
    # ``report --redact`` to mask, not written into the reports.
    person_name: str | None = None


@dataclass
class DataStore:
    """Mail data on disk that the backup must take."""

    app: str
    kind: StoreKind
    path: str
    bytes: int | None
    profile: str | None = None
    files: int | None = None


@dataclass
class RunningApp:
    app: str
    pid: int
    name: str


@dataclass
class Problem:
    """Something detection could not read; reported, never fatal."""

    message: Message
    app: str | None = None
    # True when something could not be seen (a file unreadable, rejected, a detector
    # failed): the diagnosis is then incomplete. False for facts about the machine
    # that were fully seen, e.g. a profile that profiles.ini lists but that is gone.
    incomplete: bool = True


def unreadable_message(path: object, error: OSError) -> Message:
    """The one sentence for a file or folder that exists but cannot be read (or that we
    will not read: outside the snapshot, not a regular file, too big)."""
    if isinstance(error, UnusableFile):  # its own sentence, naming the file as the caller does
        return Message(error.message.key, {**error.message.params, "file": str(path)})
    reason = error.strerror or str(error)
    return Message("problem.file_unreadable", {"file": str(path), "reason": reason})


def unreadable(path: object, error: OSError, app: str | None = None) -> Problem:
    """That sentence as a problem of the diagnosis."""
    return Problem(unreadable_message(path, error), app)


def folder_unreadable(folder: object, error: OSError, app: str | None = None) -> Problem:
    """A folder whose contents could not be listed (the totals leave it out)."""
    if isinstance(error, UnusableFile):
        return unreadable(folder, error, app)
    reason = error.strerror or str(error)
    return Problem(
        Message("hostile.problem.folder_unreadable", {"folder": str(folder), "reason": reason}),
        app,
    )


@dataclass
class PlatformInfo:
    os: str  # windows, macos, linux
    version: str | None
    name: str | None = None  # "Debian GNU/Linux 12 (bookworm)", "macOS 14.5", ...


@dataclass
class RunAs:
    """The account the diagnosis ran as, and whether it had administrator rights."""

    user: str | None
    elevated: bool | None  # None: the system could not tell


@dataclass
class MachineFacts:
    platform: PlatformInfo
    apps: list[InstalledApp] = field(default_factory=list)
    accounts: list[MailAccount] = field(default_factory=list)
    data_stores: list[DataStore] = field(default_factory=list)
    running: list[RunningApp] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Facts a detector wants the diagnosis to know (e.g. "macos_full_disk_access": "denied").
    flags: dict[str, str] = field(default_factory=dict)
    machine: str | None = None  # the computer's name (fleet reports are told apart by it)
    ran_as: RunAs | None = None
    home: str | None = None  # the home folder diagnosed, as the machine shows it
    # A snapshot's root folder here, so paths can be shown as the machine shows them.
    snapshot_root: str | None = None
