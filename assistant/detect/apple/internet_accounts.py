"""The mail accounts in macOS Internet Accounts (``~/Library/Accounts/Accounts4.sqlite``).

Since macOS 10.12 Apple Mail keeps its accounts in the Accounts framework's Core Data
store rather than in ``MailData/Accounts.plist``. Tables used (Core Data names):
``ZACCOUNT`` (``ZIDENTIFIER`` = the account's folder name under ``~/Library/Mail/V*``,
``ZACCOUNTDESCRIPTION``, ``ZUSERNAME``, ``ZACTIVE``, ``ZACCOUNTTYPE``),
``ZACCOUNTTYPE`` (``ZIDENTIFIER`` such as ``com.apple.account.POP``) and
``ZACCOUNTPROPERTY`` (``ZOWNER``, ``ZKEY``, ``ZVALUE``: an NSKeyedArchiver property
list, e.g. ``Hostname``, ``PortNumber``, ``AuthenticationScheme``).

The database is read from a private copy (with its ``-wal`` journal, so recent
changes are seen): nothing of the user's is locked or written.
"""

from __future__ import annotations

import contextlib
import os
import plistlib
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from assistant.datafile import open_regular
from assistant.detect.facts import Protocol
from assistant.i18n import Message

SQLITE_HEADER = b"SQLite format 3\x00"

# Account type identifier -> protocol as the report names it.
MAIL_ACCOUNT_TYPES: dict[str, Protocol] = {
    "com.apple.account.POP": "pop3",
    "com.apple.account.IMAP": "imap",
    "com.apple.account.SMTP": "smtp",
    "com.apple.account.Exchange": "exchange",
}
PROPERTY_KEYS = ("Hostname", "PortNumber", "AuthenticationScheme", "IdentityEmailAddress")


class AccountsDatabaseProblem(Exception):
    def __init__(self, message: Message) -> None:
        super().__init__(message.key)
        self.message = message


@dataclass
class InternetAccount:
    identifier: str | None
    type_identifier: str
    description: str | None
    username: str | None
    active: bool
    properties: dict[str, object] = field(default_factory=dict)

    @property
    def protocol(self) -> Protocol | None:
        return MAIL_ACCOUNT_TYPES.get(self.type_identifier)


def unarchive(value: object) -> object:
    """The root object of an NSKeyedArchiver blob when it is a plain value (text,
    number, truth value); the value itself when it is not archived; else None."""
    if isinstance(value, str | int | float | bool):
        return value
    if not isinstance(value, bytes):
        return None
    try:
        archive = plistlib.loads(value)
    except Exception:  # not a property list: maybe plain UTF-8 text
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return None
    if not isinstance(archive, dict) or archive.get("$archiver") != "NSKeyedArchiver":
        return archive if isinstance(archive, str | int | float | bool) else None
    objects = archive.get("$objects")
    top = archive.get("$top")
    if not isinstance(objects, list) or not isinstance(top, dict):
        return None
    root = top.get("root")
    if not isinstance(root, plistlib.UID) or not 0 <= root.data < len(objects):
        return None
    obj = objects[root.data]
    if isinstance(obj, dict) and isinstance(obj.get("NS.string"), str):
        return obj["NS.string"]
    if isinstance(obj, str | int | float | bool) and obj != "$null":
        return obj
    return None


def read_internet_accounts(path: Path, *, within: Sequence[Path] = ()) -> list[InternetAccount]:
    """Mail accounts (POP, IMAP, SMTP, Exchange) in ``path`` (inside ``within``).

    Raises FileNotFoundError, PermissionError (macOS privacy protection),
    :class:`AccountsDatabaseProblem` (one sentence naming the file) or another OSError
    (not a regular file, outside the snapshot: :func:`assistant.datafile.open_regular`).
    """
    with _private_copy(path, within) as copy:
        with copy.open("rb") as f:
            header = f.read(len(SQLITE_HEADER))
        if header != SQLITE_HEADER:
            raise AccountsDatabaseProblem(
                Message("macos.problem.accounts_db_not_sqlite", {"file": str(path)})
            )
        try:
            return _query(copy)
        except sqlite3.Error as exc:
            raise AccountsDatabaseProblem(
                Message(
                    "macos.problem.accounts_db_unreadable", {"file": str(path), "reason": str(exc)}
                )
            ) from exc


@contextlib.contextmanager
def _private_copy(path: Path, within: Sequence[Path]) -> Iterator[Path]:
    """The database and its journals copied aside, each read as a regular file only."""
    with tempfile.TemporaryDirectory(prefix="mma-accounts-") as tmp:
        target = Path(tmp) / path.name
        _copy_regular(path, target, within)
        for suffix in ("-wal", "-shm"):
            journal = path.with_name(path.name + suffix)
            with contextlib.suppress(FileNotFoundError):
                _copy_regular(journal, target.with_name(target.name + suffix), within)
        yield target


def _copy_regular(source: Path, target: Path, within: Sequence[Path]) -> None:
    with os.fdopen(open_regular(source, within=within), "rb") as f, target.open("wb") as out:
        shutil.copyfileobj(f, out)


def _query(path: Path) -> list[InternetAccount]:
    connection = sqlite3.connect(path)
    try:
        rows = connection.execute(
            "SELECT a.Z_PK, a.ZIDENTIFIER, a.ZACCOUNTDESCRIPTION, a.ZUSERNAME, a.ZACTIVE,"
            " t.ZIDENTIFIER FROM ZACCOUNT a JOIN ZACCOUNTTYPE t ON t.Z_PK = a.ZACCOUNTTYPE"
            " ORDER BY a.Z_PK"
        ).fetchall()
        accounts: dict[int, InternetAccount] = {}
        for pk, identifier, description, username, active, type_id in rows:
            if not isinstance(type_id, str) or type_id not in MAIL_ACCOUNT_TYPES:
                continue
            accounts[int(pk)] = InternetAccount(
                identifier=_text(identifier),
                type_identifier=type_id,
                description=_text(description),
                username=_text(username),
                active=active != 0,
            )
        if accounts:
            slots = ",".join("?" for _ in PROPERTY_KEYS)
            for owner, key, value in connection.execute(
                f"SELECT ZOWNER, ZKEY, ZVALUE FROM ZACCOUNTPROPERTY WHERE ZKEY IN ({slots})",  # noqa: S608 - fixed placeholders
                PROPERTY_KEYS,
            ):
                account = accounts.get(owner) if isinstance(owner, int) else None
                decoded = unarchive(value)
                if account is not None and decoded is not None:
                    account.properties[str(key)] = decoded
        return list(accounts.values())
    finally:
        connection.close()


def _text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None
