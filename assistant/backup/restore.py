"""Put a backup back where it came from (or under another folder), never destroying anything.

Where each source may go is decided first (``restore_targets``: only the known places of
the kinds of mail data we back up, inside the user's home; else ``--to``), then the manifest
is read through once: every entry checked, each source laid out (``restore_layout``). It
is read once more as the sources are copied, all of them in that one pass. Each source is
copied next to its target as ``NAME.restoring`` (``restore_files``: small files copied as
a backup copies them, on two lanes, one of them a second process for a large restore),
every file checked against the manifest's SHA-256 as it is read and compared after it is
written, given the owner, group and mode of what it replaces, and flushed to the disk;
only then is whatever is at the target moved aside (``NAME.before-restore-DATE``) and the
restored copy renamed into place. If that last rename fails, what was moved aside is put
back; if even that fails, the error names where each one is.
"""

# The engine works on plain strings from os_path() (speed, \\?\ long paths), not Path.
# ruff: noqa: PTH102, PTH103, PTH104, PTH108, PTH211

from __future__ import annotations

import logging
import os
import shutil
import time
from collections.abc import Iterable, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

from assistant.backup.backup_contents import BackupContents
from assistant.backup.copy import CopyEngine, SourceOpener, Writer, open_source
from assistant.backup.copy_errors import in_restore_words
from assistant.backup.copy_helper import second_process
from assistant.backup.longpath import os_path
from assistant.backup.manifest import ManifestFile, StoredManifest, open_manifest
from assistant.backup.plan import ProfileInUse, SourceRequest, check_not_in_use
from assistant.backup.progress import (
    DEFAULT_REPORTS_PER_SECOND,
    Cancelled,
    CancelToken,
    ProgressCallback,
    ProgressMeter,
)
from assistant.backup.restore_files import RestoredFiles
from assistant.backup.restore_layout import (
    RestoreLayout,
    SourceLayout,
    VolumesOf,
    files_by_source,
    lay_out,
)
from assistant.backup.restore_targets import RestoreTarget, restore_targets
from assistant.backup.to_disk import flush_to_disk
from assistant.detect.facts import RunningApp
from assistant.detect.thunderbird.lock import profile_in_use as thunderbird_profile_in_use
from assistant.environment import Environment
from assistant.errors import AssistantError
from assistant.i18n import Message
from assistant.user_file import make_folders, owners_like

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RestoredSource:
    name: str
    target: Path
    moved_aside: Path | None  # where what was at the target went


@dataclass
class RestoreResult:
    status: Literal["completed", "cancelled", "failed"]
    restored: list[RestoredSource] = field(default_factory=list)
    files: int = 0
    bytes: int = 0
    seconds: float = 0.0
    error: Message | None = None
    links_not_restored: list[str] = field(default_factory=list)
    kept: Path | None = None  # a restored copy left beside its target (see StuckRestore)
    # Names the target volume refuses (Windows' rules), restored under a safe form:
    # (the manifest's path, the path written).
    renamed: list[tuple[str, str]] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {
            "status": self.status,
            "restored": [
                {
                    "name": r.name,
                    "target": str(r.target),
                    "moved_aside": None if r.moved_aside is None else str(r.moved_aside),
                }
                for r in self.restored
            ],
            "files": self.files,
            "bytes": self.bytes,
            "seconds": round(self.seconds, 3),
            "links_not_restored": self.links_not_restored,
            "kept": None if self.kept is None else str(self.kept),
            "renamed": [{"from": old, "to": new} for old, new in self.renamed],
            "error_key": None if self.error is None else self.error.key,
        }


class StuckRestore(AssistantError):
    """The restored copy could not take its place and what was there could not go back."""

    def __init__(self, target: Path, aside: Path, staging: Path, exc: OSError) -> None:
        super().__init__(
            "restore.error.stuck",
            target=str(target),
            aside=str(aside),
            staging=str(staging),
            reason=exc.strerror or str(exc),
        )
        self.staging = staging


def _rename_failed(key: str, target: Path, exc: OSError) -> AssistantError:
    return AssistantError(key, target=str(target), reason=exc.strerror or str(exc))


def sibling_name(target: Path, label: str) -> Path:
    """``target`` + ``label``, or with `` (2)``, ... when that exists already."""
    candidate, number = target.with_name(target.name + label), 1
    while os.path.lexists(os_path(candidate)):
        number += 1
        candidate = target.with_name(f"{target.name}{label} ({number})")
    return candidate


@dataclass
class RestoreJob:
    backup_dir: Path
    to: Path | None = None  # None: where each source came from (if allowed there)
    progress: ProgressCallback | None = None
    cancel: CancelToken = field(default_factory=CancelToken)
    running: Sequence[RunningApp] = ()
    profile_in_use: ProfileInUse = thunderbird_profile_in_use
    reports_per_second: float = DEFAULT_REPORTS_PER_SECOND
    opener: SourceOpener = open_source
    writer: Writer = os.write
    now: datetime = field(default_factory=datetime.now)
    env: Environment = field(default_factory=Environment.for_this_machine)
    # A second process copies small files too: None decides by the number of files.
    second_process: bool | None = None

    # What plan() found, for run() (the manifest is read once for both).
    _planned: tuple[StoredManifest, RestoreLayout] | None = field(
        default=None, init=False, repr=False
    )
    _volumes: VolumesOf = field(default_factory=VolumesOf, init=False, repr=False)

    def plan(self) -> list[RestoreTarget]:
        """Where each source will go, checked (see ``restore_targets``); raises
        AssistantError before anything is written (not a backup, not allowed there, app
        running, a damaged entry in the manifest)."""
        return [source.target for source in self._plan()[1].sources]

    def _plan(self) -> tuple[StoredManifest, RestoreLayout]:
        manifest = open_manifest(self.backup_dir)
        targets = restore_targets(manifest.head, self.to, self.env)
        self._check_not_in_use(targets)
        # Every entry read once, each source laid out: a damaged entry is found before
        # anything is written.
        self._planned = manifest, lay_out(manifest, targets, self._volumes)
        return self._planned

    def _check_not_in_use(self, targets: list[RestoreTarget]) -> None:
        for target in targets:
            if target.path.exists():
                request = SourceRequest(target.path, target.source.app, target.source.kind)
                check_not_in_use(request, self.running, self.profile_in_use)

    def run(self) -> RestoreResult:
        """Raises AssistantError before anything is written (see ``plan``). After ``plan``
        the manifest is not read again; whether an app uses a target is (one may have
        started meanwhile)."""
        started = time.monotonic()
        if self._planned is None:
            manifest, layout = self._plan()
        else:
            manifest, layout = self._planned
            self._check_not_in_use([source.target for source in layout.sources])
        result = RestoreResult("completed")
        meter = ProgressMeter(
            "restore",
            manifest.total_bytes,
            manifest.file_count,
            self.progress,
            self.reports_per_second,
        )
        backup_volume = self._volumes(self.backup_dir)
        contents = BackupContents(self.backup_dir, backup_volume.case_insensitive)
        helper = second_process(
            manifest.file_count,
            self.second_process,
            opener=self.opener,
            writer=self.writer,
            read_back_apart=False,
        )
        staging: Path | None = None
        try:
            with (
                CopyEngine(
                    self.cancel,
                    meter,
                    opener=self.opener,
                    writer=self.writer,
                    early_writeback=True,
                ) as engine,
                closing(files_by_source(manifest, layout)) as each_source,
                RestoredFiles(engine, self.cancel, helper) as restored,  # closed first
            ):
                for source, files in each_source:
                    target = source.target.path
                    make_folders(target.parent)
                    staging = sibling_name(target, ".restoring")
                    self._copy_source(restored, contents, manifest, source, files, staging, result)
                    # The user's owner, group and mode (we may run elevated), then on the
                    # disk before it takes the place of what is there now: after a power
                    # cut the restored mail is whole, or still aside, never empty.
                    owners_like(os_path(staging), os_path(target))
                    flush_to_disk(staging)
                    aside = self._put_in_place(staging, target)
                    staging = None
                    result.restored.append(RestoredSource(source.source.name, target, aside))
                    flush_to_disk(target.parent, names_only=True)
        except Cancelled:
            result.status = "cancelled"
        except StuckRestore as exc:
            result.status, result.error, result.kept = "failed", exc.message, exc.staging
        except AssistantError as exc:
            result.status, result.error = "failed", exc.message
        except OSError as exc:
            log.exception("restore failed")
            result.status = "failed"
            result.error = Message(
                "mailbackup.error.os",
                {"file": exc.filename or str(self.backup_dir), "reason": exc.strerror or str(exc)},
            )
        finally:
            if staging is not None and result.kept is None:
                shutil.rmtree(os_path(staging), ignore_errors=True)
                if os.path.lexists(os_path(staging)):
                    os.unlink(os_path(staging))
        meter.finish()
        result.seconds = time.monotonic() - started
        return result

    def _put_in_place(self, staging: Path, target: Path) -> Path | None:
        """Move what is at ``target`` aside and the restored copy in; returns where the old
        one went. When the second rename fails the old one is put back; when that fails
        too, the error names exactly where each is (and the restored copy is kept)."""
        if not os.path.lexists(os_path(target)):
            aside = None
        else:
            aside = sibling_name(target, f".before-restore-{self.now:%Y%m%d-%H%M%S}")
            try:
                os.rename(os_path(target), os_path(aside))
            except OSError as exc:
                raise _rename_failed("restore.error.not_moved_aside", target, exc) from exc
        try:
            os.rename(os_path(staging), os_path(target))
        except OSError as exc:
            if aside is None:
                raise _rename_failed("restore.error.not_placed", target, exc) from exc
            try:
                os.rename(os_path(aside), os_path(target))
            except OSError:
                log.exception("putting %s back failed", aside)
                raise StuckRestore(target, aside, staging, exc) from exc
            raise _rename_failed("restore.error.put_back", target, exc) from exc
        return aside

    def _copy_source(
        self,
        restored: RestoredFiles,
        contents: BackupContents,
        manifest: StoredManifest,
        layout: SourceLayout,
        files: Iterable[ManifestFile],
        staging: Path,
        result: RestoreResult,
    ) -> None:
        backup_root = os_path(self.backup_dir)
        stage = os_path(staging)
        source = layout.source
        prefix = source.name + "/"
        # Names the target volume refuses (Windows' rules) get a safe form, recorded.
        forms = layout.forms
        result.renamed.extend((prefix + old, prefix + new) for old, new in sorted(forms.items()))

        def inside(rel: str) -> str:
            """A manifest path of this source -> its path inside the staging copy."""
            if rel == source.name:
                return stage
            within = rel[len(prefix) :]
            return stage + os.sep + forms.get(within, within)

        if source.is_folder:
            os.mkdir(stage, 0o700)
            for folder in sorted(layout.folders):
                if folder != source.name:
                    os.makedirs(inside(folder).replace("/", os.sep), exist_ok=True)
        try:
            for item in files:
                held = contents.holds(item.path) or item.path
                path = backup_root + os.sep + held.replace("/", os.sep)
                restored.copy(item, path, inside(item.path).replace("/", os.sep))
            restored.finish()
        except AssistantError as exc:
            raise in_restore_words(exc) from exc
        finally:
            result.files, result.bytes = restored.files, restored.bytes
        for link in manifest.head.links:
            if link.path.startswith(prefix):
                try:
                    os.symlink(link.target, inside(link.path).replace("/", os.sep))
                except OSError:
                    result.links_not_restored.append(link.path)
