"""The backup job: copy a plan into ``NAME.partial/``, verify, then rename it to ``NAME/``.

A folder without ``.partial`` is complete and verified. A cancelled or failed backup
removes its ``.partial`` folder and says so; cancelled is not failed.
"""

# The engine works on plain strings from os_path() (speed, \\?\ long paths), not Path.
# ruff: noqa: PTH102

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from assistant.backup.backup_contents import BackupContents
from assistant.backup.copy import (
    CHUNK,
    SMALL_FILE,
    CopiedFile,
    CopyEngine,
    SourceOpener,
    Writer,
    open_source,
)
from assistant.backup.copy_errors import copy_mismatch
from assistant.backup.copy_helper import CopyHelper, second_process
from assistant.backup.destination import make_private_folder
from assistant.backup.final_name import RETRY_DELAYS, give_final_name
from assistant.backup.longpath import os_path
from assistant.backup.manifest import Manifest, open_manifest
from assistant.backup.manifest_writer import EntriesDigest, ManifestWriter
from assistant.backup.plan import BackupPlan
from assistant.backup.progress import (
    DEFAULT_REPORTS_PER_SECOND,
    Cancelled,
    CancelToken,
    ProgressCallback,
    ProgressMeter,
)
from assistant.backup.scan import FileEntry, walk_source
from assistant.backup.small_files import SmallFiles
from assistant.backup.to_disk import FlushAlong, flush_while
from assistant.errors import AssistantError
from assistant.i18n import Message

log = logging.getLogger(__name__)

Status = Literal["completed", "cancelled", "failed"]


@dataclass
class BackupResult:
    status: Status
    backup_dir: Path | None  # the finished backup (completed only)
    files: int
    bytes: int
    seconds: float
    manifest: Manifest | None = None  # all but the files, which are in manifest.json
    error: Message | None = None
    partial_dir: Path | None = None
    partial_removed: bool = False
    changed_during_copy: list[str] = field(default_factory=list)
    # Complete and verified, but the folder kept its ``.partial`` name (rename refused).
    kept_unrenamed: bool = False
    # False: the folder could not be made readable by the user only (None: not asked,
    # or the plan already said the volume has no permissions).
    private: bool | None = None

    def as_json(self) -> dict[str, object]:
        manifest = self.manifest
        return {
            "status": self.status,
            "backup_dir": None if self.backup_dir is None else str(self.backup_dir),
            "files": self.files,
            "bytes": self.bytes,
            "seconds": round(self.seconds, 3),
            "partial_dir": None if self.partial_dir is None else str(self.partial_dir),
            "partial_removed": self.partial_removed,
            "changed_during_copy": list(self.changed_during_copy),
            "skipped": [] if manifest is None else [vars(s) for s in manifest.skipped],
            "links": [] if manifest is None else [vars(link) for link in manifest.links],
            "error_key": None if self.error is None else self.error.key,
            "kept_unrenamed": self.kept_unrenamed,
            "private": self.private,
        }


@dataclass
class BackupJob:
    plan: BackupPlan
    progress: ProgressCallback | None = None
    cancel: CancelToken = field(default_factory=CancelToken)
    reports_per_second: float = DEFAULT_REPORTS_PER_SECOND
    opener: SourceOpener = open_source
    writer: Writer = os.write
    chunk_size: int = CHUNK
    durable: bool = True  # flush to disk before the rename
    # A second process copies small files too: None decides by the number of files.
    second_process: bool | None = None
    rename_delays: Sequence[float] = RETRY_DELAYS  # the final rename, tried again after these
    clock: Callable[[], float] = time.monotonic  # what progress reports are timed by
    # A digest of the manifest's entries as written, for the read-back (see _check_complete).
    _written: EntriesDigest = field(default_factory=EntriesDigest, init=False, repr=False)

    def run(self) -> BackupResult:
        started = time.monotonic()
        plan = self.plan
        meter = ProgressMeter(
            "copy", plan.bytes, plan.files, self.progress, self.reports_per_second, self.clock
        )
        partial = plan.partial_dir
        manifest = Manifest(
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
            sources=[s.source for s in plan.scans],
        )
        try:
            plan.dest_parent.mkdir(parents=True, exist_ok=True)
            private = make_private_folder(partial)
        except OSError as exc:
            error = Message(
                "mailbackup.error.cannot_create",
                {"folder": str(partial), "reason": exc.strerror or str(exc)},
            )
            return BackupResult("failed", None, 0, 0, time.monotonic() - started, error=error)
        writer: ManifestWriter | None = None
        try:
            writer = ManifestWriter(partial, manifest)
            self._copy_all(partial, manifest, writer, meter)
            writer.seal(manifest.links, manifest.skipped, manifest.changed_during_copy)
            self._written = writer.entries
            if self.durable:  # the disk writes the rest while the manifest is read back
                flush_while(partial, lambda: self._check_complete(partial, manifest))
            else:
                self._check_complete(partial, manifest)
            final = plan.final_dir
            if final.exists():
                raise AssistantError("mailbackup.error.already_exists", folder=str(final))
        except Cancelled:
            removed = _remove(partial, writer)
            return self._ended("cancelled", manifest, writer, started, partial, removed, None)
        except AssistantError as exc:
            removed = _remove(partial, writer)
            return self._ended("failed", manifest, writer, started, partial, removed, exc.message)
        except OSError as exc:
            log.exception("backup failed")
            removed = _remove(partial, writer)
            error = Message(
                "mailbackup.error.os",
                {"file": exc.filename or str(partial), "reason": exc.strerror or str(exc)},
            )
            return self._ended("failed", manifest, writer, started, partial, removed, error)
        except BaseException:
            _remove(partial, writer)  # an unexpected error: no half backup left behind either
            raise
        # From here the backup is whole and verified: whatever happens, it is not removed.
        outcome = give_final_name(partial, final, delays=self.rename_delays)
        if outcome == "lost":
            error = Message("mailbackup.error.rename_lost", {"folder": str(final)})
            return BackupResult(
                "failed", None, 0, 0, time.monotonic() - started, manifest=manifest, error=error
            )
        meter.finish()
        return BackupResult(
            "completed",
            final if outcome == "renamed" else partial,
            writer.file_count,
            writer.total_bytes,
            time.monotonic() - started,
            manifest=manifest,
            changed_during_copy=list(manifest.changed_during_copy),
            kept_unrenamed=outcome == "kept",
            private=private if plan.volume is None or plan.volume.has_permissions else None,
        )

    def _ended(
        self,
        status: Status,
        manifest: Manifest,
        writer: ManifestWriter | None,
        started: float,
        partial: Path,
        removed: bool,
        error: Message | None,
    ) -> BackupResult:
        return BackupResult(
            status,
            None,
            0 if writer is None else writer.file_count,
            0 if writer is None else writer.total_bytes,
            time.monotonic() - started,
            manifest=manifest,
            error=error,
            partial_dir=partial,
            partial_removed=removed,
            changed_during_copy=list(manifest.changed_during_copy),
        )

    def _copy_all(
        self, partial: Path, manifest: Manifest, writer: ManifestWriter, meter: ProgressMeter
    ) -> None:
        """Walk each source again, folder by folder, copying as it goes: each file's line
        goes to the manifest once its copy is read back."""
        root = os_path(partial)
        sep = os.sep
        folder_times: list[tuple[str, int]] = []  # set last: creating files changes them
        flush_along = FlushAlong(partial) if self.durable else contextlib.nullcontext()

        def record(done: list[tuple[FileEntry, CopiedFile]]) -> None:
            for entry, copied in done:
                writer.add(entry.rel, copied.size, copied.mtime_ns, copied.sha256)
                if copied.changed_during_copy:
                    manifest.changed_during_copy.append(entry.rel)

        with (
            flush_along,
            CopyEngine(
                self.cancel,
                meter,
                opener=self.opener,
                writer=self.writer,
                chunk_size=self.chunk_size,
                early_writeback=self.durable,
                read_back_apart=self.plan.volume is not None and self.plan.volume.read_back_apart,
            ) as engine,
            SmallFiles(engine, self.cancel, helper=self._second_process()) as small,  # closed first
        ):
            for scan in self.plan.scans:
                for batch in walk_source(scan.path, scan.source):
                    self.cancel.raise_if_cancelled()
                    manifest.links.extend(batch.links)
                    manifest.skipped.extend(batch.skipped)
                    if batch.rel is not None:
                        folder_path = root + sep + batch.rel.replace("/", sep)
                        os.mkdir(folder_path, 0o700)
                        folder_times.append((folder_path, batch.mtime_ns))
                    for entry in batch.files:
                        dest = root + sep + entry.rel.replace("/", sep)
                        if entry.size <= SMALL_FILE:
                            done = small.copy(entry, dest)
                        else:  # after every file before it, on this thread
                            done = small.finish()
                            done.append((entry, engine.copy_file(entry, dest)))
                        record(done)
                    record(small.end_folder())
            record(small.finish())
            for folder_path, mtime_ns in reversed(folder_times):
                os.utime(folder_path, ns=(mtime_ns, mtime_ns))
        self.cancel.raise_if_cancelled()

    def _second_process(self) -> CopyHelper | None:
        volume = self.plan.volume
        return second_process(
            self.plan.files,
            self.second_process,
            opener=self.opener,
            writer=self.writer,
            read_back_apart=volume is not None and volume.read_back_apart,
        )

    def _check_complete(self, partial: Path, manifest: Manifest) -> None:
        """The manifest, read back from the disk with the rules verify and restore use,
        says what was copied (a backup called verified can be verified and restored), and
        every file it lists is in the backup folder (their contents were read back as they
        were written): nothing removed them meanwhile, an antivirus say.

        Streamed: the entries read back are compared with those written through a digest
        of them, not kept."""
        stored = open_manifest(partial)
        volume = self.plan.volume
        contents = BackupContents(partial, volume is not None and volume.case_insensitive)
        read_back = EntriesDigest()
        for item in stored.files():
            read_back.add(*item)
            if contents.holds(item.path) is None:
                raise copy_mismatch(item.path)
        head = stored.head
        if (head.sources, head.links, read_back.hexdigest()) != (
            manifest.sources,
            manifest.links,
            self._written.hexdigest(),
        ):  # pragma: no cover - escape_name and the reader disagree
            raise AssistantError("mailbackup.error.manifest_not_read_back", file=str(partial))


def _remove(partial: Path, writer: ManifestWriter | None) -> bool:
    """Remove a ``.partial`` folder this job created; True when it is gone."""
    if writer is not None:
        writer.close()
    shutil.rmtree(os_path(partial), ignore_errors=True)
    return not os.path.lexists(os_path(partial))
