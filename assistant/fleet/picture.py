"""The fleet picture, built while reports stream past: memory stays bounded.

Counts (per outcome, per app/version/verdict, per app on basic auth) are small maps
whose size follows the variety of apps and versions, not the number of machines. The
two lists that do grow with the fleet — accounts still on basic auth and machines that
failed to report — are spooled to temporary files (in memory up to
:data:`SPOOL_IN_MEMORY`, then on disk) and streamed back when the picture is printed.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from assistant.fleet.collected import CollectedReport, UnreadableReport
from assistant.i18n import Message

SPOOL_IN_MEMORY = 1024 * 1024
STATUSES = ("nothing_to_do", "action_needed", "incomplete", "unreadable")


@dataclass(frozen=True)
class BasicAuthRow:
    machine: str
    file: str
    app: str
    email: str
    protocol: str
    host: str


@dataclass(frozen=True)
class FailedRow:
    """A machine that failed to report: an incomplete report, or a file we could not read."""

    file: str
    machine: str  # "" when the file could not be read
    status: str  # "incomplete" or "unreadable"
    reason: Message


class _Spool:
    """Rows of JSON lines in a spooled temporary file."""

    def __init__(self) -> None:
        # Kept open for the picture's life; FleetPicture.close() closes it.
        self._file: IO[str] = tempfile.SpooledTemporaryFile(  # noqa: SIM115
            max_size=SPOOL_IN_MEMORY, mode="w+", encoding="utf-8", newline="\n"
        )
        self.count = 0

    def add(self, row: list[Any]) -> None:
        self._file.write(json.dumps(row, ensure_ascii=False) + "\n")
        self.count += 1

    def rows(self) -> Iterator[list[Any]]:
        self._file.seek(0)
        for line in self._file:
            yield json.loads(line)
        self._file.seek(0, 2)

    def close(self) -> None:
        self._file.close()


class FleetPicture:
    def __init__(self) -> None:
        self.reports = 0
        self.by_status: Counter[str] = Counter()
        # (app, edition, version, verdict) -> machines
        self.by_app: Counter[tuple[str, str, str, str]] = Counter()
        self.verdicts: Counter[str] = Counter()
        self.basic_auth_by_app: Counter[str] = Counter()
        self.machines_on_basic_auth = 0
        self._basic = _Spool()
        self._failed = _Spool()

    def add(self, item: CollectedReport | UnreadableReport) -> None:
        self.reports += 1
        if isinstance(item, UnreadableReport):
            self.by_status["unreadable"] += 1
            self._failed.add(
                [item.file, "", "unreadable", item.reason.key, dict(item.reason.params)]
            )
            return
        self.by_status[item.status] += 1
        for app in item.apps:
            self.by_app[(app.app, app.edition, app.version, app.verdict)] += 1
            self.verdicts[app.verdict] += 1
        if item.basic_auth:
            self.machines_on_basic_auth += 1
        for account in item.basic_auth:
            self.basic_auth_by_app[account.app] += 1
            self._basic.add(
                [
                    item.machine,
                    item.file,
                    account.app,
                    account.email,
                    account.protocol,
                    account.host,
                ]
            )
        if item.status == "incomplete":
            reason = Message("fleet.incomplete", {"problems": item.problems})
            self._failed.add(
                [item.file, item.machine, "incomplete", reason.key, dict(reason.params)]
            )

    def add_all(self, items: Iterable[CollectedReport | UnreadableReport]) -> FleetPicture:
        for item in items:
            self.add(item)
        return self

    @property
    def basic_auth_accounts(self) -> int:
        return self._basic.count

    @property
    def failed_count(self) -> int:
        return self._failed.count

    def basic_auth(self) -> Iterator[BasicAuthRow]:
        for row in self._basic.rows():
            yield BasicAuthRow(*row)

    def failed(self) -> Iterator[FailedRow]:
        for file, machine, status, key, params in self._failed.rows():
            yield FailedRow(file, machine, status, Message(key, params))

    def apps(self) -> list[tuple[tuple[str, str, str, str], int]]:
        """(app, edition, version, verdict) -> machines, by app, then most machines."""
        return sorted(self.by_app.items(), key=lambda item: (item[0][0], -item[1], item[0]))

    def close(self) -> None:
        self._basic.close()
        self._failed.close()
