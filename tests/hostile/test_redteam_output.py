"""Red-team cases for ``report --output`` and ``summarize --output``: where the file goes
and who may write it, run as root and as an unprivileged user."""

from __future__ import annotations

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
