"""macOS application bundles: ``Name.app/Contents/Info.plist`` in the Applications folders.

An app is recognised by its ``CFBundleIdentifier`` (a renamed ``Thunderbird 2.app`` is
still Thunderbird); when its Info.plist cannot be read, by the bundle's usual file
name, so a damaged app is still reported (with its version unknown) rather than lost.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.boundary import confine
from assistant.detect.apple.plist_file import PlistProblem, load_plist, text_value
from assistant.detect.facts import InstalledApp, MachineFacts, Problem, unreadable_message
from assistant.environment import Environment
from assistant.i18n import Message

# Where apps are installed, as on the Mac. Office 2011 installed into its own folder;
# Apple's own apps live in /System/Applications since macOS 10.15.
SYSTEM_FOLDERS: tuple[str, ...] = (
    "/Applications",
    "/Applications/Microsoft Office 2011",
    "/System/Applications",
)


@dataclass(frozen=True)
class AppBundle:
    """One ``.app`` folder and what its Info.plist says (None where it says nothing)."""

    path: Path
    identifier: str | None = None
    short_version: str | None = None  # CFBundleShortVersionString, e.g. "115.3.1"
    build_version: str | None = None  # CFBundleVersion
    display_name: str | None = None
    problem: Message | None = None  # why Info.plist could not be read

    @property
    def info_plist(self) -> Path:
        return self.path / "Contents" / "Info.plist"


def application_folders(env: Environment) -> list[Path]:
    return [env.path(native) for native in SYSTEM_FOLDERS] + [env.home_path("Applications")]


def read_bundle(path: Path, within: Sequence[Path] = ()) -> AppBundle:
    info = path / "Contents" / "Info.plist"
    try:
        data = load_plist(info, within=within)
    except FileNotFoundError:
        return AppBundle(path, problem=Message("macos.problem.no_info_plist", {"file": str(info)}))
    except PermissionError as exc:
        return AppBundle(path, problem=unreadable_message(info, exc))
    except PlistProblem as problem:
        return AppBundle(path, problem=problem.message)
    return AppBundle(
        path=path,
        identifier=text_value(data, "CFBundleIdentifier"),
        short_version=text_value(data, "CFBundleShortVersionString"),
        build_version=text_value(data, "CFBundleVersion"),
        display_name=text_value(data, "CFBundleDisplayName") or text_value(data, "CFBundleName"),
    )


def bundles_in(folder: Path, within: Sequence[Path] = ()) -> list[Path]:
    """The ``.app`` bundles in ``folder``; none when it cannot be listed or leads out of
    the snapshot (``within``)."""
    try:
        confine(folder, within)
        return sorted(p for p in folder.iterdir() if p.suffix == ".app" and p.is_dir())
    except OSError:
        return []


def find_bundles(
    env: Environment, identifiers: Iterable[str], file_names: Iterable[str] = ()
) -> list[AppBundle]:
    """Bundles whose identifier is one of ``identifiers`` (compared case-insensitively),
    plus those named one of ``file_names`` whose Info.plist could not be read."""
    wanted = {i.lower() for i in identifiers}
    names = set(file_names)
    found: list[AppBundle] = []
    seen: set[Path] = set()
    for folder in application_folders(env):
        for path in bundles_in(folder, env.bounds):
            try:
                real = path.resolve()
            except OSError:
                real = path
            if real in seen:
                continue
            seen.add(real)
            bundle = read_bundle(path, env.bounds)
            if _is_wanted(bundle, wanted, names):
                found.append(bundle)
    return found


def _is_wanted(bundle: AppBundle, identifiers: set[str], names: set[str]) -> bool:
    if bundle.identifier is not None:
        return bundle.identifier.lower() in identifiers
    return bundle.path.name in names


def bundle_findings(bundle: AppBundle, app_id: str) -> tuple[list[Problem], list[Message]]:
    """What to report about ``bundle`` when its version is unknown: the problem with
    the file (for the report's problems) and the note for the app's own line."""
    file = str(bundle.info_plist)
    if bundle.problem is not None:
        problem = bundle.problem
    elif bundle.short_version is None:
        problem = Message("macos.problem.no_bundle_version", {"file": file})
    else:
        return [], []
    note = Message("macos.note.version_unknown", {"file": file})
    return [Problem(problem, app_id)], [note]


def bundle_app(
    bundle: AppBundle,
    facts: MachineFacts,
    app_id: str,
    name: str,
    *,
    build_key: str,
    edition: str | None = None,
) -> None:
    """Add the app ``bundle`` is, with its version, build and any problem reading it."""
    problems, notes = bundle_findings(bundle, app_id)
    facts.problems += problems
    details = {"bundle_id": bundle.identifier} if bundle.identifier else {}
    if bundle.build_version:
        details[build_key] = bundle.build_version
    facts.apps.append(
        InstalledApp(
            app_id=app_id,
            name=name,
            version=bundle.short_version,
            install_path=str(bundle.path),
            source="app-bundle",
            edition=edition,
            notes=notes,
            details=details,
        )
    )
