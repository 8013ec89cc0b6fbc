"""Builders for macOS snapshot fixtures in the formats the Mac really writes.

Property lists are written by plistlib (XML, or binary with FMT_BINARY); the Internet
Accounts store is a real SQLite file with the Accounts framework's Core Data tables
and NSKeyedArchiver-encoded property values.
"""

from __future__ import annotations

import errno
import plistlib
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from assistant.detect.apple import protected_folders
from assistant.detect.facts import MachineFacts
from assistant.detect.machine import detect_machine
from assistant.diagnose import Diagnosis, diagnose
from assistant.environment import Environment
from assistant.matrix import SupportMatrix
from assistant.organization import load_organization

PRODUCT_NAMES = {"10.13": "Mac OS X", "10.14": "Mac OS X"}


def write_plist(path: Path, data: dict[str, Any], *, binary: bool = False) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fmt = plistlib.FMT_BINARY if binary else plistlib.FMT_XML
    path.write_bytes(plistlib.dumps(data, fmt=fmt))
    return path


def write_bytes(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@dataclass
class MacSnapshot:
    """A Mac laid out under ``root`` with the user's home at ``root/Users/hanako``."""

    root: Path
    user: str = "hanako"
    accounts: list[tuple[str, str, str | None, str | None, dict[str, object]]] = field(
        default_factory=list
    )

    @property
    def home(self) -> Path:
        return self.root / "Users" / self.user

    def env(self) -> Environment:
        return Environment.snapshot("macos", self.root, self.home)

    def system_version(self, version: str, *, binary: bool = False) -> Path:
        name = PRODUCT_NAMES.get(".".join(version.split(".")[:2]), "macOS")
        return write_plist(
            self.root / "System/Library/CoreServices/SystemVersion.plist",
            {
                "ProductName": name,
                "ProductVersion": version,
                "ProductBuildVersion": "23F79",
                "ProductCopyright": "1983-2024 Apple Inc.",
            },
            binary=binary,
        )

    def app(
        self,
        folder: str,
        name: str,
        identifier: str,
        version: str | None,
        *,
        binary: bool = False,
    ) -> Path:
        """``folder/name`` as a bundle; ``folder`` like "/Applications" or "~/Applications"."""
        base = self.home / folder[2:] if folder.startswith("~/") else self.root / folder[1:]
        bundle = base / name
        info: dict[str, Any] = {
            "CFBundleIdentifier": identifier,
            "CFBundleName": name.removesuffix(".app"),
            "CFBundlePackageType": "APPL",
            "CFBundleVersion": "20240101",
        }
        if version is not None:
            info["CFBundleShortVersionString"] = version
        write_plist(bundle / "Contents/Info.plist", info, binary=binary)
        write_bytes(bundle / "Contents/MacOS" / name.removesuffix(".app"), b"\xcf\xfa\xed\xfe")
        return bundle

    def mail_app(self) -> Path:
        return self.app("/System/Applications", "Mail.app", "com.apple.mail", "16.0", binary=True)

    def mail_message(self, version_folder: str, account: str, number: int, text: str) -> Path:
        """A message as Mail stores it: ``.emlx`` (byte count, MIME, Mail's plist)."""
        mime = f"From: a@example.com\r\nSubject: {number}\r\n\r\n{text}\r\n".encode()
        trailer = plistlib.dumps({"flags": 1})
        path = (
            self.home
            / "Library/Mail"
            / version_folder
            / account
            / "INBOX.mbox/0D1E6C3A/Data/Messages"
            / f"{number}.emlx"
        )
        return write_bytes(path, str(len(mime)).encode() + b"\n" + mime + trailer)

    def internet_account(
        self,
        type_identifier: str,
        identifier: str,
        description: str | None,
        username: str | None,
        **properties: object,
    ) -> None:
        self.accounts.append((type_identifier, identifier, description, username, properties))
        self._write_accounts_db()

    def _write_accounts_db(self) -> None:
        path = self.home / "Library/Accounts/Accounts4.sqlite"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        db = sqlite3.connect(path)
        db.executescript(ACCOUNTS4_SCHEMA)
        types: dict[str, int] = {}
        for pk, (type_id, identifier, description, username, properties) in enumerate(
            self.accounts, start=1
        ):
            if type_id not in types:
                types[type_id] = len(types) + 1
                db.execute(
                    "INSERT INTO ZACCOUNTTYPE (Z_PK, Z_ENT, ZIDENTIFIER, ZACCOUNTTYPEDESCRIPTION)"
                    " VALUES (?, 3, ?, ?)",
                    (types[type_id], type_id, type_id.rsplit(".", 1)[-1]),
                )
            db.execute(
                "INSERT INTO ZACCOUNT (Z_PK, Z_ENT, ZACTIVE, ZACCOUNTTYPE, ZACCOUNTDESCRIPTION,"
                " ZIDENTIFIER, ZUSERNAME, ZOWNINGBUNDLEID) VALUES (?, 2, 1, ?, ?, ?, ?, ?)",
                (pk, types[type_id], description, identifier, username, "com.apple.mail"),
            )
            for key, value in properties.items():
                db.execute(
                    "INSERT INTO ZACCOUNTPROPERTY (Z_ENT, ZOWNER, ZKEY, ZVALUE)"
                    " VALUES (4, ?, ?, ?)",
                    (pk, key, keyed_archive(value)),
                )
        db.commit()
        db.close()


def keyed_archive(value: object) -> bytes:
    """``value`` as NSKeyedArchiver writes a single object (binary property list)."""
    root: object = (
        {"NS.string": value, "$class": plistlib.UID(2)} if isinstance(value, str) else value
    )
    objects: list[object] = ["$null", root]
    if isinstance(value, str):
        objects.append({"$classname": "NSString", "$classes": ["NSString", "NSObject"]})
    return plistlib.dumps(
        {
            "$version": 100000,
            "$archiver": "NSKeyedArchiver",
            "$top": {"root": plistlib.UID(1)},
            "$objects": objects,
        },
        fmt=plistlib.FMT_BINARY,
    )


# The Core Data tables of ~/Library/Accounts/Accounts4.sqlite (columns as on macOS 14).
ACCOUNTS4_SCHEMA = """
CREATE TABLE ZACCOUNT ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER,
  ZACTIVE INTEGER, ZAUTHENTICATED INTEGER, ZSUPPORTSAUTHENTICATION INTEGER, ZVISIBLE INTEGER,
  ZWARMINGUP INTEGER, ZACCOUNTTYPE INTEGER, ZPARENTACCOUNT INTEGER, ZDATE TIMESTAMP,
  ZLASTCREDENTIALRENEWALREJECTIONDATE TIMESTAMP, ZACCOUNTDESCRIPTION VARCHAR,
  ZAUTHENTICATIONTYPE VARCHAR, ZCREDENTIALTYPE VARCHAR, ZIDENTIFIER VARCHAR,
  ZMODIFICATIONID VARCHAR, ZOWNINGBUNDLEID VARCHAR, ZUSERNAME VARCHAR,
  ZDATACLASSPROPERTIES BLOB );
CREATE TABLE ZACCOUNTPROPERTY ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER,
  ZOWNER INTEGER, ZKEY VARCHAR, ZVALUE BLOB );
CREATE TABLE ZACCOUNTTYPE ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER,
  ZOBSOLETE INTEGER, ZSUPPORTSAUTHENTICATION INTEGER, ZSUPPORTSMULTIPLEACCOUNTS INTEGER,
  ZVISIBILITY INTEGER, ZACCOUNTTYPEDESCRIPTION VARCHAR, ZCREDENTIALPROTECTIONPOLICY VARCHAR,
  ZCREDENTIALTYPE VARCHAR, ZIDENTIFIER VARCHAR, ZOWNINGBUNDLEID VARCHAR );
CREATE TABLE Z_PRIMARYKEY (Z_ENT INTEGER PRIMARY KEY, Z_NAME VARCHAR, Z_SUPER INTEGER,
  Z_MAX INTEGER);
"""


def detect(snapshot: MacSnapshot) -> MachineFacts:
    return detect_machine(snapshot.env())


def diagnose_snapshot(snapshot: MacSnapshot) -> Diagnosis:
    env = snapshot.env()
    return diagnose(detect_machine(env), SupportMatrix.load(), load_organization(env), env.now)


def refuse_listing(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make listing ``folder`` fail as TCC makes it fail: EPERM."""
    real = protected_folders.list_folder

    def list_folder(path: Path, within: Sequence[Path] = ()) -> list[Path]:
        if path == folder:
            raise PermissionError(errno.EPERM, "Operation not permitted", str(path))
        return real(path, within)

    monkeypatch.setattr(protected_folders, "list_folder", list_folder)
