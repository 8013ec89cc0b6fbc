"""Red-team cases for ``summarize``: hostile report files in a collection folder, as the
fleet's machines (anyone who can drop a file on the share) could make them."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from fleet_samples import demo_report
from hostile_snapshots import REPO, UNPRIVILEGED, cli, open_tree, unprivileged


def test_a_number_of_five_thousand_digits_is_one_unreadable_file(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Python refuses to read an integer of more than 4,300 digits (a ValueError, not a
    JSONDecodeError): the whole summary used to end with 'unexpected error'."""
    (tmp_path / "good.json").write_text(demo_report(), encoding="utf-8")
    big = json.loads(demo_report())
    (tmp_path / "big.json").write_text(
        json.dumps(big)[:-1] + ', "bytes": ' + "9" * 5000 + "}", encoding="utf-8"
    )
    code, out, err = run_cli("--lang", "en", "summarize", str(tmp_path))
    assert (code, err) == (0, "")
    assert "big.json): not valid JSON" in out
    assert "(reports: 2)" in out


@unprivileged
def test_a_named_file_in_a_folder_the_user_may_not_enter_is_one_line() -> None:
    """``summarize private/a.json`` where ``private`` is closed to the user: Python 3.11's
    is_dir() raised PermissionError before the file was even tried."""
    with open_tree() as base:
        (base / "good.json").write_text(demo_report(), encoding="utf-8")
        (base / "good.json").chmod(0o644)
        private = base / "private"
        private.mkdir(mode=0o700)
        (private / "a.json").write_text(demo_report(), encoding="utf-8")
        run = cli("--lang", "en", "summarize", base / "good.json", private / "a.json",
                  user=UNPRIVILEGED)  # fmt: skip
        assert (run.code, run.err) == (0, ""), run.err
        assert "a.json): cannot be read (Permission denied)" in run.out


def test_line_breaks_and_terminal_sequences_in_a_report_stay_on_their_line(
    run_cli, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """A report whose values hold a line break could forge lines of the text summary
    (a fake "failed to report" line), and ESC could drive the reader's terminal."""
    report = json.loads(demo_report())
    report["machine"] = "PC-1\n  (unknown computer) (forged.json): not valid JSON\x1b[2J"
    report["apps"][0]["version"] = "16.0\u202egnp.exe"
    for account in report["accounts"]:
        account["status"] = "needs_migration"
        account["host"] = "outlook.office365.com\r\nInjected line"
    (tmp_path / "hostile.json").write_text(json.dumps(report), encoding="utf-8")
    schema = {"schema": "\x1b]0;owned\x07", "apps": []}
    (tmp_path / "schema.json").write_text(json.dumps(schema), encoding="utf-8")
    code, out, err = run_cli("--lang", "en", "summarize", str(tmp_path))
    assert (code, err) == (0, "")
    assert not any(ch in out for ch in "\x1b\x07\r\u202e")
    lines = out.splitlines()
    assert not any(
        line.lstrip().startswith(("(unknown computer) (forged", "Injected")) for line in lines
    )
    assert "PC-1\\n  (unknown computer) (forged.json)" in out
    assert "outlook.office365.com\\r\\nInjected line" in out


def test_links_in_a_collection_folder_are_not_followed(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Anyone who can drop a file on the collection share could link ``x.json`` to a
    root-only report elsewhere (it was read and counted as a machine) or make a device
    whose opening acts; in a folder only regular files are opened now. A file named on
    the command line is still followed: that is the reader's own choice."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "secret.json").write_text(demo_report(), encoding="utf-8")
    share = tmp_path / "share"
    share.mkdir()
    (share / "pc1.json").write_text(demo_report(), encoding="utf-8")
    (share / "x.json").symlink_to(elsewhere / "secret.json")
    code, out, err = run_cli("--lang", "en", "summarize", str(share))
    assert (code, err) == (0, "")
    assert "(reports: 2)" in out
    assert "x.json): a link inside the collection folder, not followed" in out
    assert "action needed 1," in out  # only pc1 counts as a machine
    code, out, err = run_cli("--lang", "en", "summarize", str(share / "x.json"))
    assert "action needed 1," in out


def test_the_summary_being_written_is_not_read_as_a_report(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """``summarize DIR --output DIR/fleet.json``: the second run read the first run's
    summary as a machine that failed to report."""
    (tmp_path / "pc1.json").write_text(demo_report(), encoding="utf-8")
    for _ in range(2):
        code, _out, err = run_cli("--lang", "en", "summarize", str(tmp_path), "--output",
                                  str(tmp_path / "fleet.json"))  # fmt: skip
        assert (code, err) == (0, "")
    text = (tmp_path / "fleet.json").read_text(encoding="utf-8")
    assert "(reports: 1)" in text
    assert "failed to report: 0" in text


def _spelling(kind: str, report: Path) -> Path:
    """Another name for ``report``: as the helpdesk might type it, or a link to it."""
    if kind == "same":
        return report
    if kind == "relative":  # cli() runs in the repository
        return Path(os.path.relpath(report, REPO))
    if kind == "dots":
        return report.parent / ".." / report.parent.name / "." / report.name
    link = report.with_name(f"{kind}.json")
    if kind == "hardlink":
        os.link(report, link)
    else:
        link.symlink_to(report.name)
    return link


@pytest.mark.parametrize("kind", ["same", "relative", "dots", "hardlink", "symlink"])
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_output_is_never_one_of_the_reports_read(tmp_path: Path, kind: str, lang: str) -> None:
    """``summarize a.json b.json --output a.json`` read a.json and then replaced it with
    the summary: a machine's report gone. Refused in one sentence, nothing written."""
    report = tmp_path / "a.json"
    report.write_text(demo_report(), encoding="utf-8")
    other = tmp_path / "b.json"
    other.write_text(demo_report(), encoding="utf-8")
    before = report.read_bytes()
    run = cli("--lang", lang, "summarize", report, other, "--output", _spelling(kind, report))
    assert (run.code, run.out) == (2, "")
    assert run.err.count("\n") == 1 and str(report) in run.err, run.err
    assert ("集計するレポート" if lang == "ja" else "reports being summarized") in run.err
    assert report.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.stem in ("a", "b")) == [
        "a.json",
        "b.json",
    ]


def test_the_output_is_never_a_report_in_the_folder_read(tmp_path: Path) -> None:
    """``summarize DIR --output DIR/pc1.json``: pc1.json was passed over as 'the summary
    being written' and then replaced by it. An earlier summary is still passed over."""
    report = tmp_path / "pc1.json"
    report.write_text(demo_report(), encoding="utf-8")
    before = report.read_bytes()
    run = cli("--lang", "en", "summarize", tmp_path, "--output", report)
    assert (run.code, run.out) == (2, "")
    assert (
        run.err == f"{report} is one of the reports being summarized; give --output another file.\n"
    )
    assert report.read_bytes() == before
    summary = tmp_path / "fleet.json"
    for _ in range(2):
        run = cli("--lang", "en", "summarize", tmp_path, "--output", summary)
        assert (run.code, run.err) == (0, "")
    assert "(reports: 1)" in summary.read_text(encoding="utf-8")
