"""What a restore learns from a backup's manifest before it writes anything, in one pass.

The pass reads every file entry once: a damaged entry stops the restore before anything
is written. On the way it keeps, for each source, the folders its files are in (made
before they are copied) and, where the target volume refuses some names (Windows'
rules), the form each changed name takes there. It also notes whether the files come
source by source in the order of the sources, as a backup writes them: then the copy
reads the manifest once more for all the sources together (``files_by_source``); a
manifest in another order (hand-made) is read once for each source instead.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

from assistant.backup.manifest import ManifestFile, ManifestSource, StoredManifest
from assistant.backup.names import windows_forms
from assistant.backup.restore_targets import RestoreTarget
from assistant.backup.volume import Volume, existing_ancestor, volume_of


@dataclass
class SourceLayout:
    """One source to restore: where it goes, and what the pass found of its files."""

    target: RestoreTarget
    windows_names: bool  # its volume refuses some names (Windows' rules)
    folders: set[str] = field(default_factory=set)  # manifest paths of its files' folders
    # A path inside the source -> the form written there, for the names that change.
    forms: dict[str, str] = field(default_factory=dict)

    @property
    def source(self) -> ManifestSource:
        return self.target.source


@dataclass
class RestoreLayout:
    sources: list[SourceLayout]
    in_source_order: bool  # the files come source by source, in the sources' order


class VolumesOf:
    """``volume_of``, asked once per volume (told apart by device number) rather than
    once per place on it."""

    def __init__(self) -> None:
        self._known: dict[int, Volume] = {}

    def __call__(self, path: Path) -> Volume:
        device = existing_ancestor(path).stat().st_dev
        volume = self._known.get(device)
        if volume is None:
            volume = self._known[device] = volume_of(path)
        return volume


def owner_of(path: str) -> str:
    """The name of the source a manifest path belongs to: its first name."""
    return path.split("/", 1)[0]


def lay_out(
    manifest: StoredManifest, targets: list[RestoreTarget], volumes: VolumesOf
) -> RestoreLayout:
    """Read every file entry of ``manifest`` once (raises on a damaged one) and lay out
    the source of each target."""
    layouts = [SourceLayout(t, volumes(t.path.parent).windows_names) for t in targets]
    of_name: dict[str, list[SourceLayout]] = {}
    for layout in layouts:  # (two sources of one name only in a hand-made manifest)
        of_name.setdefault(layout.source.name, []).append(layout)
    names: dict[int, list[str]] = {id(s): [] for s in layouts if s.windows_names}
    runs: list[str] = []  # the sources in the order their files come, one per run
    with closing(manifest.files()) as files:
        for item in files:
            owner = owner_of(item.path)
            mine = of_name.get(owner)
            if mine is None:
                continue  # restored by no source
            if not runs or runs[-1] != owner:
                runs.append(owner)
            if item.path == owner:
                continue  # a single-file source
            folder = item.path.rpartition("/")[0]
            for layout in mine:
                layout.folders.add(folder)
                listed = names.get(id(layout))
                if listed is not None:
                    listed.append(item.path[len(owner) + 1 :])
    for layout in layouts:
        listed = names.pop(id(layout), None)
        if listed is not None:
            layout.forms = {old: new for old, new in windows_forms(listed).items() if old != new}
    order = [layout.source.name for layout in layouts]
    seen = set(runs)
    in_order = len(of_name) == len(order) and runs == [n for n in order if n in seen]
    return RestoreLayout(layouts, in_order)


def files_by_source(
    manifest: StoredManifest, layout: RestoreLayout
) -> Generator[tuple[SourceLayout, Iterable[ManifestFile]]]:
    """Each source with its files, in the sources' order, each source's files taken
    whole before the next is asked for: the manifest read once for all of them when its
    files come in that order, else once for each."""
    if not layout.in_source_order:
        for source in layout.sources:
            yield source, _files_of(manifest, source.source.name)
        return
    known = {source.source.name for source in layout.sources}
    with closing(manifest.files()) as files:
        runs = ((o, run) for o, run in groupby(files, key=lambda f: owner_of(f.path)) if o in known)
        pending = next(runs, None)
        for source in layout.sources:
            if pending is not None and pending[0] == source.source.name:
                yield source, pending[1]
                pending = next(runs, None)
            else:
                yield source, ()


def _files_of(manifest: StoredManifest, name: str) -> Iterator[ManifestFile]:
    with closing(manifest.files()) as files:
        yield from (f for f in files if owner_of(f.path) == name)
