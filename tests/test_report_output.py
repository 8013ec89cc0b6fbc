"""``report --output`` (whole files only), the policy files in effect, and failures that
still give Jamf its one result line."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from assistant.user_file import user_file_writer


def lab_root(tmp_path: Path, policy: str) -> list[str]:
    """A Linux snapshot with a machine-wide policy file."""
    root = tmp_path / "root"
    (root / "home" / "student").mkdir(parents=True)
    policy_file = root / "etc" / "mail-migration-assistant" / "organization.toml"
    policy_file.parent.mkdir(parents=True)
    policy_file.write_text(policy, encoding="utf-8")
    return ["--platform", "linux", "--root", str(root)]


def test_policy_layers_under_a_test_root(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    snapshot = lab_root(tmp_path, '[helpdesk]\nphone = "052-000-0000"\n')
    config = tmp_path / "dept.toml"
    config.write_text('[organization]\nname_en = "Faculty of Engineering"\n', encoding="utf-8")
    code, out, err = run_cli("--lang", "en", *snapshot, "--config", str(config), "report", "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["policy_files"] == [
        {"kind": "bundled", "path": "organization.toml"},
        {"kind": "machine", "path": "/etc/mail-migration-assistant/organization.toml"},
        {"kind": "config", "path": str(config)},
    ]
    assert data["organization"]["helpdesk"]["phone"] == "052-000-0000"  # from the machine
    assert data["organization"]["name"] == "Faculty of Engineering"  # from --config
    code, text, _ = run_cli("--lang", "ja", *snapshot, "--config", str(config), "report")
    line = next(x for x in text.splitlines() if x.startswith("  有効な設定ファイル："))
    assert line == (
        "  有効な設定ファイル：同梱の既定値（organization.toml）＜"
        "コンピューター全体の設定（/etc/mail-migration-assistant/organization.toml）＜"
        f"--configで指定（{config}）"
    )


def test_a_broken_policy_file_gives_jamf_its_failed_line(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    snapshot = lab_root(tmp_path, "[helpdesk\n")
    code, out, err = run_cli("--lang", "en", *snapshot, "report", "--format", "jamf")
    assert code == 3 and out == "<result>FAILED</result>\n"
    assert err.count("\n") == 1 and "organization.toml" in err


@pytest.mark.parametrize("form", ["text", "json", "jamf", "csv"])
def test_output_replaces_the_file_whole(run_cli, tmp_path: Path, form: str) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "collected" / f"report.{form}"
    target.parent.mkdir()
    target.write_text("the previous report\n", encoding="utf-8")
    target.chmod(0o640)
    code, out, err = run_cli("--demo", "report", "--format", form, "--output", str(target))
    assert (code, out, err) == (1, "", "")
    data = target.read_bytes()
    assert b"the previous report" not in data and data.endswith(b"\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # the collector's mode is kept
    assert [p.name for p in target.parent.iterdir()] == [target.name]
    if form == "csv":
        assert data.startswith(b"\xef\xbb\xbfmachine,")  # a BOM: Excel reads UTF-8
    if form == "json":
        assert json.loads(data)["machine"] == "ISC-PC-0123"


def test_output_into_a_missing_folder_is_one_sentence(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "share" / "report.json"
    code, out, err = run_cli("--lang", "ja", "--demo", "report", "--json", "--output", str(target))
    assert code == 3 and out == ""
    assert err.count("\n") == 1 and str(target) in err and err.startswith("レポートを")


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), user_file_writer(target) as f:
        f.write(b"half a rep")
        raise RuntimeError("the disk went away")
    assert target.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["report.json"]


def test_a_new_file_follows_the_umask(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    old = os.umask(0o022)
    try:
        run_cli("--demo", "report", "--json", "--output", str(tmp_path / "r.json"))
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "r.json").stat().st_mode) == 0o644  # a collector can read it


def _device_like_dev_null(path: Path) -> Path:
    """A character device node with /dev/null's numbers, made in the test's folder."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, AttributeError):
        pytest.skip("making a device node needs root (CAP_MKNOD)")
    return path


def test_output_to_a_device_writes_into_it_and_never_replaces_it(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # Run as root, `report --output /dev/null` once replaced /dev/null with a regular file.
    null = _device_like_dev_null(tmp_path / "null")
    code, out, err = run_cli("--demo", "report", "--json", "--output", str(null))
    assert (code, out, err) == (1, "", "")
    assert stat.S_ISCHR(null.stat().st_mode)
    assert os.listdir(tmp_path) == ["null"]  # no temporary left beside it


def test_output_to_a_pipe_streams_the_whole_report(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import threading

    if not hasattr(os, "mkfifo"):
        pytest.skip("this system has no named pipes")
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    code, _out, err = run_cli("--demo", "report", "--json", "--output", str(pipe))
    reader.join(timeout=60)
    assert (code, err) == (1, "")
    assert json.loads(received[0])["machine"] == "ISC-PC-0123"
    assert stat.S_ISFIFO(pipe.lstat().st_mode)


def test_the_safe_writer_refuses_to_replace_a_device(tmp_path: Path) -> None:
    from assistant.errors import AssistantError
    from assistant.user_file import replace_user_file

    null = _device_like_dev_null(tmp_path / "null")
    with pytest.raises(AssistantError) as caught:
        replace_user_file(null, b"prefs")
    assert caught.value.message.key == "userfile.not_regular"
    assert stat.S_ISCHR(null.stat().st_mode) and os.listdir(tmp_path) == ["null"]
