"""The application context lives in the core: the CLI wraps it, the GUI uses it directly."""

from __future__ import annotations

import argparse
import ast
import io
from pathlib import Path

import pytest

from assistant.app_context import AppContext, MachineChoice, environment_for
from assistant.errors import UsageError
from assistant.i18n import Translator

ROOT = Path(__file__).resolve().parents[1]


def _imported_modules(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_the_gui_never_imports_the_command_line() -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(m for m in _imported_modules(path) if "cli" in m)
        for path in (ROOT / "assistant" / "gui").rglob("*.py")
    }
    assert {name: mods for name, mods in offenders.items() if mods} == {}


def test_the_core_context_imports_no_qt_and_no_cli() -> None:
    modules = _imported_modules(ROOT / "assistant" / "app_context.py")
    assert not any(m.startswith(("PySide6", "assistant.cli", "assistant.gui")) for m in modules)


def test_the_demo_context_diagnoses_the_sample_pc_in_the_chosen_language() -> None:
    context = AppContext(MachineChoice(demo=True), Translator("ja"))
    diagnosis = context.diagnose()
    assert context.env.platform == "windows" and not context.env.live
    assert {f.app.app_id for f in diagnosis.apps} >= {"outlook-windows", "thunderbird"}
    context.set_language("en")
    assert context.language == "en" and context.tr("verdict.supported") == "supported"


@pytest.mark.parametrize(
    ("choice", "key"),
    [
        (MachineChoice(demo=True, root="/"), "error.demo_with_snapshot"),
        (MachineChoice(platform="linux"), "error.snapshot_needs_root"),
        (MachineChoice(root="/no/such/folder/here", platform="linux"), "error.not_a_folder"),
    ],
)
def test_a_bad_machine_choice_is_one_sentence(choice: MachineChoice, key: str) -> None:
    with pytest.raises(UsageError) as caught:
        environment_for(choice)
    assert caught.value.message.key == key


def test_the_cli_session_is_the_context_with_the_terminal_around_it(tmp_path: Path) -> None:
    from assistant.cli.session import Session

    (tmp_path / "home" / "u").mkdir(parents=True)
    args = argparse.Namespace(
        demo=False,
        root=str(tmp_path),
        platform="linux",
        home=None,
        registry=None,
        config=None,
        lang="en",
    )
    out = io.StringIO()
    session = Session(args=args, tr=Translator("en"), out=out)
    assert isinstance(session, AppContext) and session.args is args and session.out is out
    assert session.env.root == tmp_path and session.env.home == tmp_path / "home" / "u"
