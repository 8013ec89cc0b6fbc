"""The one place that decides where the registry of the diagnosed machine comes from.

- ``--registry FILE.reg`` (``env.registry_files``): those exports, merged in order;
- a live Windows PC: ``winreg``;
- anything else (a snapshot without exports): an empty registry.

Another user's home (``Environment.other_user``) reads HKCU from their own hive.

A malformed export is a problem naming the file and the line; the file is left out
(half an export could make a Click-to-Run Outlook look like an MSI one) and the other
exports are still used.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from assistant.datafile import REGISTRY_LIMIT, read_data_file
from assistant.detect.facts import Problem, unreadable
from assistant.detect.registry.exported import ExportedRegistry
from assistant.detect.registry.model import Registry
from assistant.detect.registry.regfile import RegExportError, parse_export
from assistant.environment import Environment


@dataclass(frozen=True)
class LoadedRegistry:
    registry: Registry
    problems: tuple[Problem, ...] = ()
    source: str = "none"  # "live", "export" or "none"


def registry_for(env: Environment) -> LoadedRegistry:
    """The registry of ``env``'s machine (exports are read once per file version); when
    the diagnosed home is another user's, HKCU is theirs (see ``other_user``).

    Built once per Environment and shared by all its detectors (a diagnosis starts from
    :meth:`Environment.afresh`, so the next one sees the registry as it is then)."""
    return env.remembered("registry", lambda: _registry_seen_by_user(env))


def _registry_seen_by_user(env: Environment) -> LoadedRegistry:
    loaded = _machine_registry(env)
    if not env.other_user or env.platform != "windows":
        return loaded
    from assistant.detect.registry.other_user import other_user_registry

    registry, problems = other_user_registry(loaded.registry, env)
    return LoadedRegistry(registry, loaded.problems + problems, loaded.source)


def _machine_registry(env: Environment) -> LoadedRegistry:
    if env.registry_files:
        return _load_exports(tuple(_stamp(path) for path in env.registry_files))
    if env.live and env.platform == "windows" and sys.platform == "win32":  # pragma: no cover
        from assistant.detect.registry.live import LiveRegistry

        return LoadedRegistry(LiveRegistry(), source="live")
    return LoadedRegistry(ExportedRegistry(), source="none")


def _stamp(path: Path) -> tuple[Path, int, int]:
    try:
        stat = path.stat()
    except OSError:
        return path, -1, -1
    return path, stat.st_mtime_ns, stat.st_size


@lru_cache(maxsize=8)
def _load_exports(files: tuple[tuple[Path, int, int], ...]) -> LoadedRegistry:
    registry = ExportedRegistry()
    problems: list[Problem] = []
    for path, _, _ in files:
        try:
            data = read_data_file(path, REGISTRY_LIMIT)
        except OSError as exc:
            problems.append(unreadable(path, exc))
            continue
        try:
            operations = parse_export(data, str(path))
        except RegExportError as exc:
            problems.append(Problem(exc.message))
            continue
        registry.apply(operations)
    return LoadedRegistry(registry, tuple(problems), source="export")
