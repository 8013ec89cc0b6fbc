"""``summarize`` over generated fleets, broken and foreign files included."""

from __future__ import annotations

import csv
import io
import json
import os
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fleet_samples import THUNDERBIRD, demo_report, machine_report, write_fleet

from assistant.fleet.collected import MAX_REPORT_BYTES, read_report
from assistant.fleet.picture import FleetPicture
from assistant.fleet.render import CSV_COLUMNS


def expected_counts(count: int, broken_every: int) -> dict[str, int]:
    """What the fleet holds, computed from the generator's rules independently."""
    counts = {"nothing_to_do": 0, "action_needed": 0, "incomplete": 0, "unreadable": 0}
    base = json.loads(demo_report())
    for i in range(count):
        if broken_every and i % broken_every == broken_every - 1:
            counts["unreadable"] += 1
        else:
            counts[machine_report(i, base)["outcome"]["status"]] += 1
    return counts


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_a_fleet_with_broken_files_in_every_form(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fleet = tmp_path / "collected"
    broken = write_fleet(fleet, 300, broken_every=25, per_folder=100)
    assert broken == 12
    code, out, err = run_cli("--lang", "en", "summarize", str(fleet), "--format", "csv")
    assert (code, err) == (0, "")
    rows = csv_rows(out)
    assert tuple(rows[0]) == CSV_COLUMNS
    outcome = {r["status"]: int(r["count"]) for r in rows if r["section"] == "outcome"}
    assert outcome == expected_counts(300, 25)
    failed = [r for r in rows if r["section"] == "failed"]
    assert len(failed) == outcome["unreadable"] + outcome["incomplete"]
    reasons = {r["reason"] for r in failed if r["status"] == "unreadable"}
    assert reasons == {
        "not valid JSON (broken or cut short)",
        "not a Mail Migration Assistant report",
        "not UTF-8 text",
    }
    # Every app row counts machines; Thunderbird's versions are the generator's.
    tb = {
        (r["version"], r["verdict"])
        for r in rows
        if r["section"] == "app" and r["app"] == "thunderbird"
    }
    assert tb == set(THUNDERBIRD)
    readable = 300 - broken
    assert sum(int(r["count"]) for r in rows if r["section"] == "app") == 2 * readable
    basic = [r for r in rows if r["section"] == "basic_auth"]
    assert basic and all(r["email"].endswith("@isc.chubu.ac.jp") for r in basic)
    assert {r["machine"] for r in basic} <= {f"LAB-PC-{i:05d}" for i in range(300) if i % 3}

    code, text, _ = run_cli("--lang", "ja", "summarize", str(fleet))
    assert code == 0
    assert text.startswith("メール移行アシスタント：全体の状況（レポート300件）\n")
    assert f"■診断できなかったコンピューター：{len(failed)}件" in text
    assert "Thunderbird 91.13.0 — 更新が必要" in text


def test_the_html_page_is_self_contained_and_escaped(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    base = json.loads(demo_report("en"))
    report = machine_report(1, base)
    report["machine"] = '<script>alert("x")</script>'
    report["accounts"][0]["email"] = "a&b<i>@isc.chubu.ac.jp"
    (tmp_path / "evil.json").write_text(json.dumps(report), encoding="utf-8")
    (tmp_path / "<i>broken.json").write_text("{", encoding="utf-8")
    page = tmp_path / "out" / "fleet.html"
    page.parent.mkdir()
    code, out, err = run_cli("--lang", "en", "summarize", str(tmp_path), "--format", "html",
                             "--output", str(page))  # fmt: skip
    assert (code, out, err) == (0, "", "")
    html = page.read_text(encoding="utf-8")
    assert "<script" not in html and "&lt;script&gt;" in html
    assert "a&amp;b&lt;i&gt;@isc.chubu.ac.jp" in html and "&lt;i&gt;broken.json" in html

    class Links(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.found: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.found += [f"{tag} {k}" for k, v in attrs if k in ("src", "href")]
            if tag in ("script", "link", "img", "iframe"):
                self.found.append(tag)

    parser = Links()
    parser.feed(html)
    assert parser.found == []  # nothing fetched from anywhere
    assert "url(" not in html and "@import" not in html
    assert [p.name for p in page.parent.iterdir()] == ["fleet.html"]  # no temporary left


def test_one_bad_input_is_one_line(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    with big.open("wb") as f:
        f.truncate(MAX_REPORT_BYTES + 1)
    fifo = tmp_path / "collector.json"
    os.mkfifo(fifo)  # would block a plain open(): refused without reading
    other_schema = tmp_path / "v2.json"
    other_schema.write_text('{"schema": 2, "apps": []}', encoding="utf-8")
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000, encoding="utf-8")
    keys = {
        path.name: getattr(read_report(path), "reason").key  # noqa: B009
        for path in (big, fifo, other_schema, deep, tmp_path / "gone.json")
    }
    assert keys == {
        "big.json": "fleet.unreadable.too_big",
        "collector.json": "fleet.unreadable.not_a_file",
        "v2.json": "fleet.unreadable.schema",
        "deep.json": "fleet.unreadable.not_json",
        "gone.json": "fleet.unreadable.os",
    }


def test_old_reports_without_outcome_are_judged_like_new_ones() -> None:
    base = json.loads(demo_report("en"))
    for field in ("outcome", "machine"):
        base.pop(field)
    collected = read_report_from(base)
    assert collected.status == "action_needed" and collected.machine == "old"
    base["problems"] = [{"text": "x"}]
    assert read_report_from(base).status == "incomplete"


def read_report_from(data: dict) -> object:  # type: ignore[type-arg]
    from assistant.fleet.collected import from_json

    return from_json("/x/old.json", data)


def test_the_lists_that_grow_are_spooled_not_held(tmp_path: Path) -> None:
    fleet = tmp_path / "f"
    write_fleet(fleet, 120, per_folder=50)
    from assistant.fleet.collected import read_reports

    picture = FleetPicture()
    try:
        picture.add_all(read_reports([fleet]))
        assert picture.reports == 120
        rows = list(picture.basic_auth())
        assert len(rows) == picture.basic_auth_accounts == 80 * 4
        assert list(picture.basic_auth()) == rows  # read back twice, same rows
    finally:
        picture.close()


@pytest.mark.parametrize("form", ["text", "csv", "html"])
def test_an_empty_folder_is_an_empty_picture(run_cli, tmp_path: Path, form: str) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("--lang", "en", "summarize", str(tmp_path), "--format", form)
    assert code == 0 and err == "" and out


def test_an_output_that_cannot_be_written_is_one_sentence(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "no-such-folder" / "fleet.csv"
    code, out, err = run_cli("--lang", "en", "summarize", str(tmp_path), "--output", str(target))
    assert code == 3 and out == ""
    assert err.count("\n") == 1 and str(target) in err


def test_a_hard_linked_duplicate_is_one_machine(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A collector that keeps ``latest.json`` as a hard link beside ``PC-1.json`` (or a
    folder named twice, or a report named and in a folder named): one file, one
    machine. Two files with the same content are still two reports."""
    base = json.loads(demo_report("en"))
    share = tmp_path / "share"
    (share / "pc1").mkdir(parents=True)
    first = share / "pc1" / "2026-11-25.json"
    first.write_text(json.dumps(machine_report(1, base)), encoding="utf-8")
    os.link(first, share / "pc1" / "latest.json")
    copy = share / "pc2.json"
    copy.write_text(json.dumps(machine_report(4, base)), encoding="utf-8")
    os.link(copy, tmp_path / "outside.json")
    (share / "pc3.json").write_text(first.read_text(encoding="utf-8"), encoding="utf-8")
    # pc1 (two names, and its folder named too), pc2 (and its link outside), pc3.
    for inputs in (
        [share],
        [share, share],
        [share, share / "pc1", tmp_path / "outside.json"],
        [share / "pc1" / "latest.json", share / ".." / "share"],
    ):
        code, out, err = run_cli("--lang", "en", "summarize", *map(str, inputs), "--format", "csv")
        assert (code, err) == (0, "")
        rows = csv_rows(out)
        outcome = {r["status"]: int(r["count"]) for r in rows if r["section"] == "outcome"}
        assert outcome == {"nothing_to_do": 0, "action_needed": 3, "incomplete": 0,
                           "unreadable": 0}, inputs  # fmt: skip
