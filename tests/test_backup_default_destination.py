"""The default destination never lies inside the assistant's own bundled files."""

from __future__ import annotations

from pathlib import Path

import platformdirs

from assistant.backup.destination import default_backup_parent, writable_backup_parent
from assistant.demo import demo_environment
from assistant.environment import Environment
from assistant.resources import resource_root


def test_demo_backups_go_to_the_real_users_documents() -> None:
    env = demo_environment()
    bundled = resource_root().resolve()
    assert bundled in default_backup_parent(env).resolve().parents  # the snapshot's Documents
    assert writable_backup_parent(env) == Path(platformdirs.user_documents_dir())


def test_a_snapshot_keeps_its_own_documents(tmp_path: Path) -> None:
    (tmp_path / "home" / "u").mkdir(parents=True)
    env = Environment.snapshot(platform="linux", root=tmp_path, home=tmp_path / "home" / "u")
    assert writable_backup_parent(env) == tmp_path / "home" / "u" / "Documents"
