"""Red-team cases for ``report --output`` and ``summarize --output``: where the file goes
and who may write it, run as root and as an unprivileged user."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hostile_snapshots import (
    UNPRIVILEGED,
    cli,
    linux_args,
    open_tree,
    unprivileged,
)
from thunderbird_samples import ACCOUNTS, write_profile, write_profiles_ini


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


def test_terminal_sequences_in_a_profile_name_stay_escaped_in_the_text_report(
    run_cli, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """A profile folder named ``p<ESC>[2J…`` with a line break in its profiles.ini name:
    the helpdesk's terminal was cleared and lines of the report could be forged."""
    root = tmp_path / "root"
    home = root / "home" / "taro"
    tb = home / ".thunderbird"
    hostile = "p\x1b[2J\x1b]0;pwned\x07x"
    write_profile(tb / hostile, ACCOUNTS)
    write_profiles_ini(
        tb, f"[Profile0]\nName=p1\u2028Verdict: nothing to do.\nIsRelative=1\nPath={hostile}\n"
    )
    (root / "etc").mkdir(parents=True, exist_ok=True)
    (root / "etc" / "os-release").write_text('NAME="Debian GNU/Linux"\nVERSION_ID="12"\n')
    code, out, err = run_cli("--lang", "en", *linux_args(root, home), "report")
    assert code in (1, 3), err
    assert not any(ch in out for ch in "\x1b\x07\u2028")
    assert "p\\x1b[2J\\x1b]0;pwned\\x07x" in out


@pytest.mark.parametrize("command", [["--demo", "report"], ["summarize", "."]])
def test_output_with_a_trailing_slash_names_a_folder(
    run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:  # type: ignore[no-untyped-def]
    """``--output reports/`` wrote a file called ``reports`` (Path drops the slash)."""
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli("--lang", "en", *command, "--output", "reports/")
    assert (code, out) == (3, "")
    assert err == (
        "reports is a folder, so nothing was written to it;"
        " name a file (for example reports/report.json).\n"
    )
    assert not (tmp_path / "reports").exists()


def _windows_demo_copy(base: Path) -> tuple[list[str], Path]:
    """A copy of the demo Windows PC (its PSTs, a Thunderbird profile), diagnosed as a
    snapshot: the user's mail data, where a mistyped --output could land."""
    import shutil

    root = base / "pc"
    shutil.copytree(Path(__file__).resolve().parents[2] / "resources" / "demo" / "windows", root)
    home = root / "Users" / "taro"
    return ["--platform", "windows", "--root", str(root), "--home", str(home)], home


@pytest.mark.parametrize("form", ["text", "csv", "jamf"])
def test_report_output_never_replaces_mail_data_or_what_the_diagnosis_read(form: str) -> None:
    """``report --output`` replaced the file it named: the user's PST became a CSV report,
    a policy or registry export became a report the next run could not read. Each such
    output, however it is spelled (a link, a hard link, ``..``), is refused up front with
    one sentence and exit 2; every file stays as it was."""
    with open_tree() as base:
        snapshot, home = _windows_demo_copy(base)
        pst = home / "Documents" / "Outlook Files" / "taro@isc.chubu.ac.jp.pst"
        thunderbird = home / "AppData" / "Roaming" / "Thunderbird"
        profile = thunderbird / "Profiles" / "k3x9d2ab.default-release"
        config = base / "dept.toml"
        config.write_text('[organization]\nname_en = "Faculty of Engineering"\n', "utf-8")
        (base / "pst-link").symlink_to(pst)
        os.link(thunderbird / "profiles.ini", base / "hard-link.ini")
        refused = {
            pst: "is a file this diagnosis reads",
            base / "pst-link": "is a file this diagnosis reads",
            pst.parent / ".." / "Outlook Files" / pst.name: "is a file this diagnosis reads",
            profile / "prefs.js": "is inside a folder of mail data",
            profile / "new-report.txt": "is inside a folder of mail data",
            base / "hard-link.ini": "is a file this diagnosis reads",
            config: "is a file this diagnosis reads",
        }
        before = {p: p.read_bytes() for p in (pst, profile / "prefs.js", config)}
        for output, sentence in refused.items():
            run = cli("--lang", "en", *snapshot, "--config", config, "report",
                      "--format", form, "--output", output)  # fmt: skip
            assert run.code == 2, (output, run.err)
            assert run.err == f"{output} {sentence}" + (
                " (mail data, settings or the organisation's policy), so it is not"
                " overwritten; give --output another file.\n"
                if "reads" in sentence
                else ", so nothing is written there; give --output a file in another place.\n"
            )
            assert run.out == ""
        assert {p: p.read_bytes() for p in before} == before
        assert not (profile / "new-report.txt").exists()
        assert (base / "hard-link.ini").read_bytes().startswith(b"[")
        # Beside the mail data, a report is written as ever.
        fine = home / "Documents" / "report.txt"
        run = cli("--lang", "ja", *snapshot, "report", "--format", form, "--output", fine)
        assert run.code == 1 and run.err == "" and fine.stat().st_size > 0
