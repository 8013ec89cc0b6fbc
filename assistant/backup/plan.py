"""What to back up and whether it can be done now: sources, sizes, free space, refusals.

Refusals are one sentence each: the destination inside a source (or a source inside the
destination), the app that owns the data running, not enough free space.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from assistant.backup.cloud import synced_folder_of
from assistant.backup.destination import PARTIAL_SUFFIX, refuse_file_as_destination
from assistant.backup.destination_advice import synced_service
from assistant.backup.manifest import MANIFEST_NAME, ManifestSource
from assistant.backup.names import name_key, windows_problem
from assistant.backup.scan import LOCK_FILE_NAMES, FolderBatch, SourceScan, scan_source
from assistant.backup.volume import Volume, volume_of
from assistant.detect.facts import MachineFacts, RunningApp
from assistant.detect.thunderbird.lock import profile_in_use as thunderbird_profile_in_use
from assistant.errors import AssistantError
from assistant.i18n import Message
from assistant.sizes import human_size

# The data stores worth a backup. OSTs are left out: they are caches of the server.
BACKED_UP_KINDS = ("pst", "thunderbird_profile", "apple_mail", "outlook_mac_profile")
# Which running app holds which kind of store open.
OWNERS = {
    "pst": ("outlook-windows",),
    "thunderbird_profile": ("thunderbird",),
    "apple_mail": ("apple-mail",),
    "outlook_mac_profile": ("outlook-mac",),
}

ProfileInUse = Callable[[Path], bool]
VolumeReader = Callable[[Path], Volume]


@dataclass(frozen=True)
class SourceRequest:
    """Something the user wants backed up, as readable here."""

    path: Path
    app: str | None = None
    kind: str | None = None


@dataclass
class BackupPlan:
    scans: list[SourceScan]
    dest_parent: Path
    name: str
    free_bytes: int | None  # None: the volume reports no size (unknown, not zero)
    needed_bytes: int
    volume: Volume | None = None
    # Said before the copy starts, without stopping it (space unknown, no privacy).
    notices: list[Message] = field(default_factory=list)

    @property
    def files(self) -> int:
        return sum(s.files for s in self.scans)

    @property
    def bytes(self) -> int:
        return sum(s.bytes for s in self.scans)

    @property
    def partial_dir(self) -> Path:
        return self.dest_parent / (self.name + PARTIAL_SUFFIX)

    @property
    def final_dir(self) -> Path:
        return self.dest_parent / self.name


def sources_from_facts(facts: MachineFacts, app: str | None = None) -> list[SourceRequest]:
    """The detected data stores of ``app`` (or of every app) that a backup should take.

    A data store's path is already readable here (detection mapped it under the snapshot
    root), so it is used as it is."""
    found: list[SourceRequest] = []
    for store in facts.data_stores:
        if store.kind not in BACKED_UP_KINDS or (app is not None and store.app != app):
            continue
        found.append(SourceRequest(path=Path(store.path), app=store.app, kind=store.kind))
    return found


def margin_bytes(total: int) -> int:
    """Room kept free beyond the data: 5 % and at least 16 MiB (file-system overhead)."""
    return max(total // 20, 16 * 1024 * 1024)


def inside(inner: Path, outer: Path) -> bool:
    """``inner`` is ``outer`` or lies under it (paths compared as given)."""
    return inner == outer or outer in inner.parents


def check_not_in_use(
    request: SourceRequest, running: Sequence[RunningApp], profile_in_use: ProfileInUse
) -> None:
    owners = OWNERS.get(request.kind or "", ())
    if request.app is not None and request.app not in owners:
        owners = (*owners, request.app)
    if request.kind is None and request.path.suffix.lower() == ".pst":
        owners = ("outlook-windows",)
    for app in running:
        if app.app in owners:
            raise AssistantError(
                "mailbackup.error.app_running",
                app=Message(f"mailbackup.app.{app.app}"),
                path=str(request.path),
            )
    looks_like_profile = request.kind == "thunderbird_profile" or (
        request.kind is None
        and request.path.is_dir()
        and any(
            (request.path / name).exists() or (request.path / name).is_symlink()
            for name in LOCK_FILE_NAMES
        )
    )
    if looks_like_profile and profile_in_use(request.path):
        raise AssistantError("mailbackup.error.profile_in_use", path=str(request.path))


def _where(request: SourceRequest) -> tuple[Path, Path, str | None]:
    """(the source as named, absolute with ``.`` and ``..`` resolved; where its contents
    are read; the link it is, if it is one). A source that is a symbolic link (a profile
    folder moved elsewhere and linked back) is backed up with its target's contents and
    recorded as the link it is."""
    given = Path(os.path.abspath(request.path))  # noqa: PTH100 - lexical: keep a link a link
    if not given.is_symlink():
        return given, given, None
    return given, Path(os.path.realpath(given)), str(given.readlink())


def _names(given: Sequence[Path]) -> list[str]:
    """Each source's name in the backup: its own, made unique (``NAME-2``, ...)."""
    used: set[str] = {MANIFEST_NAME.casefold()}
    names: list[str] = []
    for path in given:
        base = path.name or "source"
        name, number = base, 1
        while name.casefold() in used:
            number += 1
            name = f"{base}-{number}"
        used.add(name.casefold())
        names.append(name)
    return names


def plan_backup(
    requests: Sequence[SourceRequest],
    dest_parent: Path,
    name: str,
    running: Sequence[RunningApp] = (),
    *,
    profile_in_use: ProfileInUse = thunderbird_profile_in_use,
    volume_reader: VolumeReader = volume_of,
    synced: Sequence[tuple[str, Path]] = (),
) -> BackupPlan:
    """Check everything that can be checked before copying, and count what is to copy.
    ``synced``: the user's sync-client folders (``cloud.synced_folders``)."""
    if not requests:
        raise AssistantError("mailbackup.error.nothing_to_back_up")
    refuse_file_as_destination(dest_parent)
    dest_real = Path(os.path.realpath(dest_parent))
    wheres = []  # each source's place, looked at once
    for request in requests:
        if not request.path.exists():  # a link to nothing too: there is nothing to copy
            raise AssistantError("mailbackup.error.source_missing", path=str(request.path))
        where = _where(request)
        wheres.append(where)
        given, source_real = where[0], Path(os.path.realpath(where[1]))
        if inside(dest_real, source_real):
            raise AssistantError(
                "mailbackup.error.dest_inside_source", dest=str(dest_parent), source=str(given)
            )
        if inside(source_real, dest_real):
            raise AssistantError(
                "mailbackup.error.source_inside_dest", dest=str(dest_parent), source=str(given)
            )
        check_not_in_use(request, running, profile_in_use)
    volume = volume_reader(dest_real)
    fit = _Fit(volume, dest_parent)
    scans = []
    names = _names([given for given, _, _ in wheres])
    for request, (given, read_from, link), name_in_backup in zip(
        requests, wheres, names, strict=True
    ):
        source = ManifestSource(
            name=name_in_backup,
            origin=str(given),
            is_folder=read_from.is_dir(),
            app=request.app,
            kind=request.kind,
            link=link,
        )
        fit.name(name_in_backup, name_in_backup)
        scans.append(scan_source(read_from, source, fit))
    free, needed, notices = _space(fit.bytes, volume, dest_parent)
    notices.extend(_cloud_notices(scans, dest_parent, synced))
    return BackupPlan(scans, dest_parent, name, free, needed, volume=volume, notices=notices)


class _Fit:
    """The checks of each folder's contents against the destination, made during the
    pre-scan (nothing per file is kept): a name the destination cannot hold (one Windows
    refuses, on FAT, exFAT, NTFS, SMB; two in one folder that differ only in case where
    case is ignored), a file too large for it (4 GiB on FAT32); and the space the files
    take there, in whole clusters."""

    def __init__(self, volume: Volume, dest_parent: Path) -> None:
        self.volume = volume
        self.dest_parent = dest_parent
        self.bytes = 0

    def __call__(self, batch: FolderBatch) -> None:
        volume = self.volume
        seen: dict[str, str] = {}
        limit = volume.max_file_bytes
        for entry in batch.files:
            self.name(entry.rel, entry.path, seen)
            if limit is not None and entry.size > limit:
                raise AssistantError(
                    "mailbackup.error.too_large_for_volume",
                    file=entry.path,
                    size=human_size(entry.size),
                    fs=volume.display_name,
                    folder=str(self.dest_parent),
                )
            self.bytes += volume.space_for(entry.size)
        for rel in batch.folders:
            self.name(rel, rel, seen)

    def name(self, rel: str, shown: str, seen: dict[str, str] | None = None) -> None:
        """``rel``'s last name, among the names ``seen`` in its folder so far."""
        volume = self.volume
        last = rel.rsplit("/", 1)[-1]
        if volume.windows_names and windows_problem(last):
            raise AssistantError(
                "mailbackup.error.name_not_allowed",
                file=shown,
                fs=volume.display_name,
                folder=str(self.dest_parent),
            )
        if volume.case_insensitive and seen is not None:
            other = seen.setdefault(name_key(last, True), rel)
            if other != rel:
                raise AssistantError(
                    "mailbackup.error.names_differ_by_case",
                    first=other,
                    second=rel,
                    fs=volume.display_name,
                    folder=str(self.dest_parent),
                )


def _space(total: int, volume: Volume, dest_parent: Path) -> tuple[int | None, int, list[Message]]:
    """Free and needed space (``total``: what the files take there), or a refusal."""
    notices: list[Message] = []
    needed = total + margin_bytes(total)
    free = volume.free_bytes
    if free is None:
        notices.append(Message("mailbackup.notice.space_unknown", {"folder": str(dest_parent)}))
    elif free < needed:
        raise AssistantError(
            "mailbackup.error.not_enough_space",
            folder=str(dest_parent),
            needed=human_size(needed),
            free=human_size(free),
        )
    if not volume.has_permissions:
        notices.append(
            Message(
                "mailbackup.notice.not_private",
                {"folder": str(dest_parent), "fs": volume.display_name},
            )
        )
    return free, needed, notices


def _cloud_notices(
    scans: Sequence[SourceScan], dest_parent: Path, synced: Sequence[tuple[str, Path]]
) -> list[Message]:
    """Cloud-only files in the sources (reading them downloads them), and a destination
    inside a synced folder."""
    notices: list[Message] = []
    placeholders = [rel for scan in scans for rel in scan.cloud_only]
    if placeholders:
        shown = ", ".join(placeholders[:5]) + (" …" if len(placeholders) > 5 else "")
        notices.append(
            Message(
                "mailbackup.notice.cloud_only",
                {"count": len(placeholders), "files": shown},
            )
        )
    # The sync client's own folder as the machine names it (OneDrive's variables,
    # iCloud Drive's folder), else a folder name a sync service owns (Dropbox, ...).
    inside = synced_folder_of(dest_parent, synced)
    service = inside[0] if inside is not None else synced_service(dest_parent)
    if service is not None:
        notices.append(
            Message(
                "mailbackup.notice.dest_synced", {"folder": str(dest_parent), "service": service}
            )
        )
    return notices
