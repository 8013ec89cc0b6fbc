"""The organisation's support matrix (resources/support_matrix.toml) -> verdicts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import Version

from assistant.datafile import load_toml, optional, require
from assistant.errors import DataFileError
from assistant.i18n import Message
from assistant.resources import resource_path
from assistant.versions import normalise_version


class Verdict(StrEnum):
    SUPPORTED = "supported"
    UPDATE_REQUIRED = "update_required"
    UNSUPPORTED = "unsupported"
    CONTACT_HELPDESK = "contact_helpdesk"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class MatrixRule:
    verdict: Verdict
    versions: SpecifierSet | None = None
    editions: tuple[str, ...] = ()
    guide: str | None = None
    rules_guide: bool = False
    notes: tuple[str, ...] = ()

    def matches(self, version: Version | None, edition: str | None) -> bool:
        if self.editions and (edition is None or edition not in self.editions):
            return False
        if self.versions is not None:
            return version is not None and self.versions.contains(version, prereleases=True)
        return True


@dataclass(frozen=True)
class MatrixApp:
    app_id: str
    name: str
    version_of: str  # "app", "edition" or "macos"
    rules: tuple[MatrixRule, ...]
    otherwise: MatrixRule
    editions_by_major: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SupportVerdict:
    """The matrix's answer for one app at one version (or edition)."""

    app_id: str
    app_name: str
    version_text: str | None
    version: str | None
    edition: str | None
    verdict: Verdict
    guide: str | None
    rules_guide: bool
    notes: tuple[Message, ...]


class SupportMatrix:
    def __init__(self, apps: dict[str, MatrixApp], source: Path) -> None:
        self.apps = apps
        self.source = source

    @classmethod
    def load(cls, path: Path | None = None) -> SupportMatrix:
        path = path or resource_path("support_matrix.toml")
        data = load_toml(path)
        apps_table = require(data, "apps", dict, file=path)
        apps = {
            app_id: _parse_app(
                app_id, require(apps_table, app_id, dict, file=path, where="apps"), path
            )
            for app_id in apps_table
        }
        return cls(apps, path)

    def app_ids(self) -> list[str]:
        return list(self.apps)

    def verdict(
        self,
        app_id: str,
        version_text: str | None,
        edition: str | None = None,
        contact: Mapping[str, object] | None = None,
    ) -> SupportVerdict:
        """``contact``: what the notes may insert besides the app and version (the
        organisation's helpdesk: :meth:`Organization.helpdesk_params`)."""
        found = self._verdict(app_id, version_text, edition)
        if not contact:
            return found
        notes = tuple(Message(n.key, {**contact, **n.params}) for n in found.notes)
        return replace(found, notes=notes)

    def _verdict(
        self, app_id: str, version_text: str | None, edition: str | None
    ) -> SupportVerdict:
        app = self.apps.get(app_id)
        if app is None:
            return SupportVerdict(
                app_id,
                app_id,
                version_text,
                None,
                edition,
                Verdict.UNKNOWN,
                None,
                False,
                (Message("matrix.note.unknown_app", {"app": app_id}),),
            )
        version = normalise_version(version_text) if version_text else None
        if app.version_of == "edition" and edition is None and version is not None:
            edition = app.editions_by_major.get(version.major)
        needs_version = any(rule.versions is not None for rule in app.rules)
        if app.version_of == "edition" and edition is None:
            key = "matrix.note.edition_unknown" if version_text else "matrix.note.no_version"
            return self._unknown(app, version_text, version, edition, key)
        if needs_version and version is None and app.version_of != "edition":
            key = "matrix.note.bad_version" if version_text else "matrix.note.no_version"
            return self._unknown(app, version_text, version, edition, key)
        rule = next((r for r in app.rules if r.matches(version, edition)), app.otherwise)
        return SupportVerdict(
            app_id=app.app_id,
            app_name=app.name,
            version_text=version_text,
            version=str(version) if version is not None else None,
            edition=edition,
            verdict=rule.verdict,
            guide=rule.guide,
            rules_guide=rule.rules_guide,
            notes=tuple(
                Message(key, {"version": version_text or "", "app": app.name}) for key in rule.notes
            ),
        )

    @staticmethod
    def _unknown(
        app: MatrixApp,
        version_text: str | None,
        version: Version | None,
        edition: str | None,
        key: str,
    ) -> SupportVerdict:
        return SupportVerdict(
            app.app_id,
            app.name,
            version_text,
            str(version) if version else None,
            edition,
            Verdict.UNKNOWN,
            app.otherwise.guide,
            False,
            (Message(key, {"version": version_text or "", "app": app.name}),),
        )


def _parse_app(app_id: str, table: dict[str, Any], path: Path) -> MatrixApp:
    where = f"apps.{app_id}"
    name = require(table, "name", str, file=path, where=where)
    version_of = optional(table, "version_of", str, "app", file=path, where=where)
    if version_of not in ("app", "edition", "macos"):
        raise DataFileError(
            "error.data_file_key_value", file=str(path), key=f"{where}.version_of", value=version_of
        )
    default_guide = optional(table, "guide", str, None, file=path, where=where)
    rules = tuple(
        _parse_rule(rule, path, f"{where}.rules[{i}]", default_guide)
        for i, rule in enumerate(optional(table, "rules", list, [], file=path, where=where))
    )
    otherwise = _parse_rule(
        require(table, "otherwise", dict, file=path, where=where),
        path,
        f"{where}.otherwise",
        default_guide,
    )
    by_major_table = optional(table, "editions_by_major", dict, {}, file=path, where=where)
    editions_by_major: dict[int, str] = {}
    for major, edition in by_major_table.items():
        if not major.isdigit() or not isinstance(edition, str):
            raise DataFileError(
                "error.data_file_key_value",
                file=str(path),
                key=f"{where}.editions_by_major.{major}",
                value=edition,
            )
        editions_by_major[int(major)] = edition
    return MatrixApp(app_id, name, version_of, rules, otherwise, editions_by_major)


def _parse_rule(table: Any, path: Path, where: str, default_guide: str | None) -> MatrixRule:
    if not isinstance(table, dict):
        raise DataFileError("error.data_file_key_type", file=str(path), key=where, expected="table")
    verdict_text = require(table, "verdict", str, file=path, where=where)
    try:
        verdict = Verdict(verdict_text)
    except ValueError:
        raise DataFileError(
            "error.data_file_key_value", file=str(path), key=f"{where}.verdict", value=verdict_text
        ) from None
    versions = None
    if "versions" in table:
        spec_text = require(table, "versions", str, file=path, where=where)
        try:
            versions = SpecifierSet(spec_text)
        except InvalidSpecifier:
            raise DataFileError(
                "error.data_file_key_value",
                file=str(path),
                key=f"{where}.versions",
                value=spec_text,
            ) from None
    editions = optional(table, "editions", list, [], file=path, where=where)
    if not all(isinstance(e, str) for e in editions):
        raise DataFileError(
            "error.data_file_key_type",
            file=str(path),
            key=f"{where}.editions",
            expected="list of text",
        )
    notes = optional(table, "notes", list, [], file=path, where=where)
    guide = table.get("guide", default_guide)
    if guide is not None and not isinstance(guide, str):
        raise DataFileError(
            "error.data_file_key_type", file=str(path), key=f"{where}.guide", expected="text"
        )
    if guide == "":
        guide = None
    return MatrixRule(
        verdict=verdict,
        versions=versions,
        editions=tuple(editions),
        guide=guide,
        rules_guide=bool(optional(table, "rules_guide", bool, False, file=path, where=where)),
        notes=tuple(str(n) for n in notes),
    )
