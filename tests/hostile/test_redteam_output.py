"""Red-team cases for ``report --output`` and ``summarize --output``: where the file goes
and who may write it, run as root and as an unprivileged user."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_snapshots import UNPRIVILEGED, can_drop_privileges, cli, open_tree

unprivileged = pytest.mark.skipif(
    not can_drop_privileges(), reason="writing as another user needs root to switch users"
)


@unprivileged
@pytest.mark.parametrize("form", ["jamf", "csv", "json"])
def test_a_user_writes_a_report_into_a_shared_folder_of_someone_else(form: str) -> None:
    """``report --output /tmp/r.txt`` as a user: /tmp is root's (mode 1777). The new file
    used to be given its folder's owner, which only root may do: 'Operation not
    permitted' and no report. It is the user's own file now."""
    with open_tree() as base:
        shared = base / "shared"
        shared.mkdir()
        shared.chmod(0o1777)  # like /tmp: root's, everyone may add files
        out = shared / f"report.{form}"
        run = cli("--lang", "en", "--demo", "report", "--format", form, "--output", out,
                  user=UNPRIVILEGED)  # fmt: skip
        assert run.code == 1, run.err  # the demo PC needs action; nothing failed
        assert run.err == ""
        assert out.stat().st_uid != 0  # the user's file, not root's
        assert out.read_bytes().strip()


def test_output_onto_a_folder_says_it_is_a_folder(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """``--output DIR`` said "not a regular file (a device, a pipe or the like)", and a
    link to a folder of the same owner "belongs to someone else": both wrong."""
    folder = tmp_path / "reports"
    folder.mkdir()
    (tmp_path / "to-reports").symlink_to(folder)
    for given in (folder, tmp_path / "to-reports"):
        code, out, err = run_cli("--lang", "en", "--demo", "report", "--output", str(given))
        assert (code, out) == (3, "")
        assert err == (
            f"{given} is a folder, so nothing was written to it; name a file"
            f" (for example {given}/report.json).\n"
        )
    assert list(folder.iterdir()) == []
