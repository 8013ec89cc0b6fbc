"""Loading and checking the TOML data files, with errors that name the file and the key."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from assistant.errors import DataFileError


def load_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except FileNotFoundError:
        raise DataFileError("error.data_file_missing", file=str(path)) from None
    except OSError as exc:
        raise DataFileError(
            "error.data_file_unreadable", file=str(path), reason=exc.strerror or str(exc)
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError("error.data_file_syntax", file=str(path), reason=str(exc)) from None
    except UnicodeDecodeError:
        raise DataFileError("error.data_file_encoding", file=str(path)) from None


def require(
    table: Mapping[str, Any],
    key: str,
    kind: type | tuple[type, ...],
    *,
    file: Path,
    where: str = "",
) -> Any:
    """``table[key]`` checked for presence and type; else one sentence naming file and key."""
    full_key = f"{where}.{key}" if where else key
    if key not in table:
        raise DataFileError("error.data_file_key_missing", file=str(file), key=full_key)
    value = table[key]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        raise DataFileError(
            "error.data_file_key_type", file=str(file), key=full_key, expected=_kind_name(kind)
        )
    return value


def optional(
    table: Mapping[str, Any],
    key: str,
    kind: type | tuple[type, ...],
    default: Any,
    *,
    file: Path,
    where: str = "",
) -> Any:
    if key not in table:
        return default
    return require(table, key, kind, file=file, where=where)


def _kind_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = {str: "text", int: "integer", bool: "true/false", list: "list", dict: "table"}
    return " / ".join(names.get(k, k.__name__) for k in kinds)
