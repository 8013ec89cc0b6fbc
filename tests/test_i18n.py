"""Both languages complete, placeholders consistent, every key the code uses exists."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from assistant.i18n import LANGUAGES, catalog, placeholders, system_language

ROOT = Path(__file__).resolve().parent.parent
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)+$")


def test_every_message_has_both_languages_and_same_placeholders() -> None:
    for key, entry in catalog().items():
        assert set(entry) == set(LANGUAGES), key
        assert all(entry[lang].strip() for lang in LANGUAGES), key
        assert _neutral(placeholders(entry["ja"])) == _neutral(placeholders(entry["en"])), key


def _neutral(names: set[str]) -> set[str]:
    """``helpdesk_ja`` and ``helpdesk_en`` are the same parameter in its two languages."""
    return {re.sub(r"_(ja|en)$", "", name) for name in names}


def _string_constants() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "assistant").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.add(node.value)
    return found


def test_every_literal_key_used_in_code_exists() -> None:
    prefixes = {key.split(".")[0] for key in catalog()}
    used = {
        s
        for s in _string_constants()
        if KEY_PATTERN.match(s) and s.split(".")[0] in prefixes and " " not in s
    }
    missing = sorted(
        k for k in used if k not in catalog() and not any(c.startswith(k + ".") for c in catalog())
    )
    assert not missing


def test_matrix_notes_exist() -> None:
    from assistant.matrix import SupportMatrix

    matrix = SupportMatrix.load()
    for app in matrix.apps.values():
        for rule in (*app.rules, app.otherwise):
            for note in rule.notes:
                assert note in catalog(), note


def test_enumerated_keys_exist() -> None:
    for group, values in {
        "verdict": ["supported", "update_required", "unsupported", "contact_helpdesk", "unknown"],
        "auth": ["password", "oauth2", "other", "unknown"],
        "status": ["needs_migration", "ok", "not_applicable"],
        "store": ["pst", "ost", "thunderbird_profile", "apple_mail", "outlook_mac_profile"],
        "severity": ["required", "recommended", "info"],
        "source": [
            "linux-package",
            "manual",
            "snap",
            "flatpak",
            "flatpak-user",
            "unpacked",
            "path",
            "app-bundle",
            "registry",
            "package-folder",
            "profile",
        ],
    }.items():
        for value in values:
            assert f"{group}.{value}" in catalog()


def test_system_language() -> None:
    assert system_language({"LANG": "ja_JP.UTF-8"}) == "ja"
    assert system_language({"LANG": "en_US.UTF-8"}) == "en"
    assert system_language({"LANGUAGE": "ja:en", "LANG": "en_US.UTF-8"}) == "ja"
    assert system_language({"LC_ALL": "de_DE.UTF-8"}) == "en"
