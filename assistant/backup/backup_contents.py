"""What a backup folder holds, compared with its manifest one folder at a time.

The manifest lists the files of a folder together (``walk_source`` order), so the check
lists one folder when the manifest reaches it and keeps only that folder's names: memory
grows with the largest folder and the number of folders, not with the number of files.
A manifest in another order (hand-made, or from a future version) is still checked
right, by keeping every path it lists.

Names are matched as the backup's volume keeps them (``names``): under Unicode
normalisation (HFS+ hands names back decomposed), and ignoring case where the volume
does; the path used to read a file is the spelling the volume lists.
"""

# The engine works on plain strings from os_path() (speed, \\?\ long paths), not Path.
from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from assistant.backup.longpath import os_path
from assistant.backup.manifest import MANIFEST_NAME
from assistant.backup.names import Listing, name_key


def files_in_backup(backup_dir: Path, unreadable: list[str] | None = None) -> set[str]:
    """Every file under the backup folder, as manifest paths (``manifest.json`` excepted).

    A folder that cannot be listed goes to ``unreadable`` (its manifest path + "/")."""
    found: set[str] = set()
    stack: list[tuple[str, str]] = [(os_path(backup_dir), "")]
    while stack:
        folder, rel = stack.pop()
        try:
            it = os.scandir(folder)
        except OSError:
            if unreadable is None:
                raise
            unreadable.append(f"{rel}/")
            continue
        with it:
            for entry in it:
                entry_rel = f"{rel}/{entry.name}" if rel else entry.name
                if entry.is_dir(follow_symlinks=False):
                    stack.append((entry.path, entry_rel))
                elif entry_rel != MANIFEST_NAME:
                    found.add(entry_rel)
    return found


class BackupContents:
    """Feed it every path of the manifest, in the manifest's order, with ``holds``; then
    ``extras`` lists what the folder holds that the manifest does not. A folder that
    cannot be listed goes to ``unreadable`` (its path + "/")."""

    def __init__(
        self,
        backup_dir: Path,
        case_insensitive: bool = False,
        unreadable: list[str] | None = None,
    ) -> None:
        self._root = os_path(backup_dir)
        self._case = case_insensitive
        self._unreadable = unreadable
        self._folder: str | None = None  # the key of the folder the manifest is in now
        self._spelled: str | None = None  # that folder as the manifest spells it
        self._actual = ""  # that folder's path as the volume spells it
        self._present: dict[str, str] = {}  # its files: key of the name -> the name
        self._listed: set[str] = set()  # the keys the manifest gave for it so far
        self._grouped: set[str] = set()  # the keys of the folders the manifest was in
        self._folders: dict[str, str] = {"": ""}  # key -> spelling, of the folders seen
        self._subfolders: dict[str, list[str]] = {}  # spelling -> its folders' spellings
        self._extras: list[str] = []
        self._in_order = True  # False once the manifest came back to a folder it had left

    def _key(self, name: str) -> str:
        return name_key(name, self._case)

    def holds(self, path: str) -> str | None:
        """The backup's spelling of the file ``path`` (a manifest path), or None."""
        folder, _, name = path.rpartition("/")
        # The manifest's next file is most often in the same folder: its key is known.
        cached = self._folder
        key = cached if cached is not None and folder == self._spelled else self._key(folder)
        if key != self._folder:
            self._leave_folder()
            if key in self._grouped:
                self._in_order = False
            self._grouped.add(key)
            self._folder = key
            self._spelled = folder
            actual = self._find_folder(folder)
            self._actual = folder if actual is None else actual
            self._present = {} if actual is None else self._list(actual)
        name_key_ = self._key(name)
        self._listed.add(name_key_)
        held = self._present.get(name_key_)
        if held is None:
            return None
        return f"{self._actual}/{held}" if self._actual else held

    def extras(self, all_paths: Callable[[], Iterable[str]]) -> list[str]:
        """The files the backup holds and the manifest does not list, sorted.
        ``all_paths`` reads the manifest's paths again, for a manifest not in folder order."""
        self._leave_folder()
        if not self._in_order:
            found = files_in_backup(Path(self._root), self._unreadable)
            return Listing(found, self._case).not_named(all_paths())
        extras = list(self._extras)
        pending = [""]
        while pending:
            folder = pending.pop()
            if self._key(folder) not in self._grouped:  # no listed file is in it
                # (listed again if it was listed only to find a folder below it)
                extras.extend(
                    f"{folder}/{name}" if folder else name
                    for name in self._list(folder).values()
                    if folder or name != MANIFEST_NAME
                )
            elif folder not in self._subfolders:
                self._list(folder)
            pending.extend(self._subfolders[folder])
        return sorted(extras)

    def _leave_folder(self) -> None:
        if self._folder is None:
            return
        folder = self._actual
        for key, name in self._present.items():
            if key not in self._listed and (folder or name != MANIFEST_NAME):
                self._extras.append(f"{folder}/{name}" if folder else name)
        self._folder = self._spelled = None
        self._present, self._listed = {}, set()

    def _find_folder(self, folder: str) -> str | None:
        """``folder`` (a manifest path) as the volume spells it, or None when it is not
        there: found by listing the folders above it where the spelling differs."""
        key = self._key(folder)
        known = self._folders.get(key)
        if known is not None or not folder:
            return known
        parent = self._find_folder(folder.rpartition("/")[0])
        if parent is None:
            return None
        if parent not in self._subfolders:
            self._list(parent)
        return self._folders.get(key)

    def _list(self, folder: str) -> dict[str, str]:
        """The files in ``folder`` (the volume's spelling): key -> name; its folders are
        remembered."""
        names: dict[str, str] = {}
        subfolders: list[str] = []
        path = self._root + os.sep + folder.replace("/", os.sep) if folder else self._root
        try:
            with os.scandir(path) as it:
                for entry in it:
                    if entry.is_dir(follow_symlinks=False):
                        child = f"{folder}/{entry.name}" if folder else entry.name
                        subfolders.append(child)
                        self._folders.setdefault(self._key(child), child)
                    else:
                        names[self._key(entry.name)] = entry.name
        except (FileNotFoundError, NotADirectoryError):
            pass  # gone: every file the manifest lists in it is missing
        except OSError:
            if self._unreadable is not None and f"{folder}/" not in self._unreadable:
                self._unreadable.append(f"{folder}/")
        self._subfolders[folder] = subfolders
        return names
