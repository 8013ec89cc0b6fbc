"""Where detection looks: the platform, the file-system root, the home folder.

Detection reads the machine only through an :class:`Environment`, so a Windows or
macOS machine can be diagnosed from a snapshot (a folder tree, registry exports) on
any platform: that is how the tests, the demo and offline helpdesk analysis work.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, TypeVar

from assistant.boundary import HomeBoundary, confine
from assistant.platforms import PLATFORMS as PLATFORMS
from assistant.platforms import Platform as Platform

T = TypeVar("T")


@dataclass(frozen=True)
class RunningProcess:
    pid: int
    name: str
    # Read on macOS only, where an app bundle is told by its executable's path; elsewhere
    # the name decides (reading every process's path doubles the time of a look).
    exe: str = ""
    user: str | None = None  # its owner, where it can be read


def current_platform() -> Platform:
    if sys.platform == "win32":
        return "windows"
    if sys.platform == "darwin":
        return "macos"
    return "linux"


@dataclass(frozen=True)
class Environment:
    """The machine being diagnosed: live, or a snapshot laid out under ``root``."""

    platform: Platform
    root: Path
    home: Path
    live: bool
    registry_files: tuple[Path, ...] = ()
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    environ: tuple[tuple[str, str], ...] = ()
    # ``home`` is another user's (``--home`` on the live machine): this process's own
    # per-user variables and HKCU are then not theirs and are never used for them.
    other_user: bool = False
    # What one look at the machine read once for all its detectors (the registry as the
    # diagnosed user sees it): see :meth:`remembered` and :meth:`afresh`. Never compared.
    _read_once: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def remembered(self, name: str, read: Callable[[], T]) -> T:
        """What ``read()`` gives, read the first time ``name`` is asked of this
        Environment and the same object every time after."""
        if name not in self._read_once:
            self._read_once[name] = read()
        found: T = self._read_once[name]
        return found

    def afresh(self) -> Environment:
        """The same machine with nothing remembered: a new diagnosis sees it as it is now
        (a registry export rewritten, another user's hive loaded since the last one)."""
        return replace(self)

    @classmethod
    def for_this_machine(cls, home: Path | None = None) -> Environment:
        """This computer; ``home`` names another user's home folder on it (an
        administrator diagnosing a lab PC's user, or a remote session)."""
        platform = current_platform()
        if platform == "windows":  # pragma: no cover - Windows only
            root = Path(os.environ.get("SYSTEMDRIVE", "C:") + "\\")
        else:
            root = Path("/")
        if home is None:
            return cls(platform=platform, root=root, home=Path.home(), live=True)
        return cls(platform=platform, root=root, home=home, live=True, other_user=True)

    @property
    def own_session(self) -> bool:
        """True when this process's environment and HKCU belong to the diagnosed user."""
        return self.live and not self.other_user

    @classmethod
    def snapshot(
        cls,
        platform: Platform,
        root: Path,
        home: Path | None = None,
        registry_files: tuple[Path, ...] = (),
        now: datetime | None = None,
    ) -> Environment:
        """A machine described by files: ``root`` stands for ``/`` or ``C:\\``."""
        if home is None:
            home = default_snapshot_home(platform, root)
        return cls(
            platform=platform,
            root=root,
            home=home,
            live=False,
            registry_files=registry_files,
            now=now or datetime.now(UTC),
        )

    @property
    def bounds(self) -> tuple[Path, ...]:
        """The folders every read of a snapshot must stay in: its root, and its home when
        ``--home`` names a folder elsewhere. Empty for the live machine (no boundary)."""
        if self.live:
            return ()
        if self.home == self.root or self.home.is_relative_to(self.root):
            return (self.root,)
        return (self.root, self.home)

    @property
    def user_bounds(self) -> tuple[Path, ...]:
        """The folders a read of the diagnosed user's own data (profiles, prefs.js, PSTs,
        mail folders) must stay in: :attr:`bounds`, and on the live machine with another
        user's home (``--home``) that home, so their files never lead an administrator's
        run into someone else's. A user's own live run keeps no boundary."""
        if self.live and self.other_user:
            return HomeBoundary(self.home)
        return self.bounds

    def confine(self, path: Path) -> Path:
        """``path`` itself when the user's data at it stays inside :attr:`user_bounds`
        once ``..`` and links are resolved; else :class:`~assistant.boundary.OutsideSnapshot`
        or :class:`~assistant.boundary.OutsideHome` (``OSError``)."""
        confine(path, self.user_bounds)
        return path

    def path(self, native: str) -> Path:
        """Map a path as written on the diagnosed machine to where it is readable here.

        ``/usr/lib/thunderbird`` -> ``ROOT/usr/lib/thunderbird``;
        ``C:\\Users\\x\\a.pst`` -> ``ROOT/Users/x/a.pst`` (on a snapshot; unchanged live).
        """
        if self.platform == "windows":
            pure_win = PureWindowsPath(native)
            parts = pure_win.parts[1:] if pure_win.anchor else pure_win.parts
            if self.live and sys.platform == "win32":  # pragma: no cover - Windows only
                return Path(native)
            return self.root.joinpath(*parts)
        pure = PurePosixPath(native)
        parts = pure.parts[1:] if pure.is_absolute() else pure.parts
        return self.root.joinpath(*parts)

    def shown_path(self, readable: str | Path) -> str:
        """A path readable here, written as the diagnosed machine writes it: on a snapshot
        ``ROOT/Users/taro/a.pst`` -> ``C:\\Users\\taro\\a.pst`` (never the host folder)."""
        return shown_under_root(str(readable), None if self.live else str(self.root), self.platform)

    def home_path(self, *parts: str) -> Path:
        return self.home.joinpath(*parts)

    # Windows folders of the diagnosed user. On a snapshot they follow ``home`` (which
    # stands for %USERPROFILE%); on a live Windows PC they come from the environment.

    def appdata(self) -> Path:
        """``%APPDATA%`` (``AppData\\Roaming``): Thunderbird profiles, Outlook signatures."""
        return self._user_folder("APPDATA", ("AppData", "Roaming"))

    def local_appdata(self) -> Path:
        """``%LOCALAPPDATA%`` (``AppData\\Local``): Outlook data, new Outlook, packages."""
        return self._user_folder("LOCALAPPDATA", ("AppData", "Local"))

    def documents(self) -> Path:
        """The user's Documents folder as Windows creates it (``%USERPROFILE%\\Documents``).

        A Documents folder moved elsewhere (OneDrive) is in the registry's User Shell
        Folders; detection that cares reads it there and maps it with :meth:`windows_path`.
        """
        return self.home / "Documents"

    def _user_folder(self, variable: str, parts: tuple[str, ...]) -> Path:
        if self.own_session and sys.platform == "win32":  # pragma: no cover - Windows only
            value = os.environ.get(variable)
            if value:
                return Path(value)
        return self.home.joinpath(*parts)

    def windows_path(self, native: str) -> Path:
        """A Windows path as the registry writes it, ``%VARIABLES%`` expanded, made readable.

        ``%USERPROFILE%``, ``%APPDATA%``, ``%LOCALAPPDATA%`` (and ``%HOMEDRIVE%%HOMEPATH%``)
        follow ``home``; ``C:\\...`` and the system folders (``%ProgramData%``, ``%ProgramFiles%``,
        as the machine sets them when it says) map under ``root``.
        """
        if self.own_session and sys.platform == "win32":  # pragma: no cover - Windows only
            expanded = os.path.expandvars(native)
            if not _LEADING_VARIABLE.match(expanded):  # else a variable not set: as below
                return Path(expanded)
        text = native.strip().strip('"').replace("%HOMEDRIVE%%HOMEPATH%", "%USERPROFILE%")
        match = _LEADING_VARIABLE.match(text)
        if match:
            name = match.group(1).upper()
            rest = PureWindowsPath(text[match.end() :].lstrip("\\/")).parts
            user = {
                "USERPROFILE": self.home,
                "APPDATA": self.appdata(),
                "LOCALAPPDATA": self.local_appdata(),
            }.get(name)
            if user is not None:
                return user.joinpath(*rest)
            if name in _SYSTEM_FOLDERS:
                return self.path(self._system_folder(name)).joinpath(*rest)
        return self.path(text)

    def _system_folder(self, name: str) -> str:
        """A system folder as the diagnosed machine sets its variable (``%ProgramData%``
        need not be on C:), else where Windows puts it."""
        for variable in _SAME_FOLDER.get(name, (name,)):
            value = self.getenv(variable)
            if value:
                return value
        return _SYSTEM_FOLDERS[name]

    def getenv(self, name: str) -> str | None:
        """An environment variable of the diagnosed machine (live only, or given); on
        Windows its name in any case, as Windows reads it."""
        fold = str.upper if self.platform == "windows" else str
        for key, value in self.environ:
            if fold(key) == fold(name):
                return value
        if self.live and not (self.other_user and name.upper() in USER_VARIABLES):
            return os.environ.get(name)
        return None

    def processes(self) -> Iterator[RunningProcess]:
        """The current user's processes on the diagnosed machine (none for a snapshot).

        Another user's Outlook (fast user switching, a terminal server) holds that user's
        files, not this one's: it does not count. A process whose owner cannot be read
        is not this user's (one's own can always be read)."""
        if not self.live:
            return
        import psutil  # only the live machine's processes need it (30 ms to import)

        me = _current_user(psutil)
        fields = ["pid", "name", "username"]
        if self.platform == "macos":
            fields.append("exe")
        for proc in psutil.process_iter(fields):
            info = proc.info
            user = info.get("username")
            if me is not None and user != me:
                continue
            yield RunningProcess(
                pid=int(info.get("pid") or 0),
                name=str(info.get("name") or ""),
                exe=str(info.get("exe") or ""),
                user=None if user is None else str(user),
            )


def _current_user(psutil: Any) -> str | None:
    """This process's owner as psutil names every process's (``DOMAIN\\user`` on
    Windows), so the two compare; None if it cannot be told (then nothing is left out)."""
    try:
        return str(psutil.Process().username())
    except Exception:  # any failure means "cannot tell"
        return None


def shown_under_root(path: str, root: str | None, platform: str) -> str:
    """A path as the diagnosed machine shows it: a file under a snapshot's ``root``
    becomes ``C:\\Users\\...`` (Windows) or ``/Users/...``; any other path is kept.
    (For a report, which keeps the root as text rather than the Environment.)"""
    if not root:
        return path
    try:
        parts = Path(path).relative_to(Path(root)).parts
    except ValueError:
        return path
    if platform == "windows":
        return "C:\\" + "\\".join(parts)
    return "/" + "/".join(parts)


# Variables that describe the user this process runs as, not the machine.
USER_VARIABLES = frozenset(
    {
        "APPDATA",
        "LOCALAPPDATA",
        "USERPROFILE",
        "HOMEDRIVE",
        "HOMEPATH",
        "HOME",
        "USERNAME",
        "USER",
        "LOGNAME",
        "TEMP",
        "TMP",
        "ONEDRIVE",
        "XDG_CONFIG_HOME",
        "XDG_DATA_HOME",
        "XDG_CACHE_HOME",
    }
)
_LEADING_VARIABLE = re.compile(r"%([A-Za-z_()0-9]+)%")
_SYSTEM_FOLDERS = {
    "SYSTEMDRIVE": "C:\\",
    "PROGRAMFILES": "C:\\Program Files",
    "PROGRAMFILES(X86)": "C:\\Program Files (x86)",
    "PROGRAMW6432": "C:\\Program Files",
    "COMMONPROGRAMFILES": "C:\\Program Files\\Common Files",
    "PROGRAMDATA": "C:\\ProgramData",
    "ALLUSERSPROFILE": "C:\\ProgramData",
    "SYSTEMROOT": "C:\\Windows",
    "WINDIR": "C:\\Windows",
}
# Variables that name the same folder: where the machine sets only one of them.
_SAME_FOLDER = {
    "PROGRAMDATA": ("PROGRAMDATA", "ALLUSERSPROFILE"),
    "ALLUSERSPROFILE": ("ALLUSERSPROFILE", "PROGRAMDATA"),
}

_NOT_USERS = ("Public", "Shared", "Default", "Default User", "All Users")


def default_snapshot_home(platform: Platform, root: Path) -> Path:
    """The home folder of a snapshot when ``--home`` is not given: the only user's."""
    users_dir = {"windows": "Users", "macos": "Users", "linux": "home"}[platform]
    base = root / users_dir
    try:
        candidates = sorted(p for p in base.iterdir() if p.is_dir() and p.name not in _NOT_USERS)
    except OSError:
        candidates = []
    if len(candidates) == 1:
        return candidates[0]
    return root / "root" if platform == "linux" and not candidates else base / "user"
