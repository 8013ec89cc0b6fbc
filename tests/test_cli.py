from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.parametrize(
    ("argv", "code", "verdict"),
    [
        (["check", "thunderbird", "102.1.0"], 1, "update_required"),
        (["check", "thunderbird", "102.2.0"], 0, "supported"),
        (["check", "apple-mail", "10.13.6"], 1, "unsupported"),
        (["check", "apple-mail", "14.5"], 0, "supported"),
        (["check", "outlook-windows", "2016"], 0, "supported"),
        (["check", "outlook-windows", "16.0.17928.20114", "--edition", "365"], 0, "supported"),
        (["check", "outlook-windows", "16.0.17928.20114"], 1, "unknown"),
        (["check", "outlook-mac", "16.89"], 1, "contact_helpdesk"),
        (["check", "thunderbird", "not-a-version"], 1, "unknown"),
    ],
)
def test_check_json_and_exit_codes(run_cli, argv: list[str], code: int, verdict: str) -> None:  # type: ignore[no-untyped-def]
    got, out, err = run_cli(*argv, "--json")
    assert (got, err) == (code, "")
    data = json.loads(out)
    assert data["app"] == argv[1]
    assert data["version"] == argv[2]
    assert data["verdict"] == verdict


def test_check_names_an_edition_given_as_the_version_once(run_cli) -> None:  # type: ignore[no-untyped-def]
    _, by_year, _ = run_cli("--lang", "en", "check", "outlook-windows", "2016")
    _, by_build, _ = run_cli(
        "--lang", "en", "check", "outlook-windows", "16.0.1", "--edition", "365"
    )
    assert by_year.splitlines()[0] == "Outlook for Windows 2016: supported"
    assert by_build.splitlines()[0] == "Outlook for Windows 365 16.0.1: supported"


def test_check_text_in_both_languages(run_cli) -> None:  # type: ignore[no-untyped-def]
    _, out_ja, _ = run_cli("--lang", "ja", "check", "thunderbird", "102.1.0")
    _, out_en, _ = run_cli("check", "thunderbird", "102.1.0", "--lang", "en")
    assert "更新が必要" in out_ja and "ヘルプ" in out_ja
    assert "update required" in out_en and "About Thunderbird" in out_en


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "thunderbird"],
        ["check", "eudora", "7"],
        ["frobnicate"],
        ["report", "--lang", "fr"],
        ["report", "--root", "/does/not/exist", "--platform", "linux"],
        ["report", "--platform", "windows"],
    ],
)
def test_usage_errors_are_one_sentence_exit_2(run_cli, argv: list[str]) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli(*argv, "--lang", "en") if "--lang" not in argv else run_cli(*argv)
    assert code == 2
    assert out == ""
    assert err.strip() and err.count("\n") == 1 and "Traceback" not in err


def test_global_options_before_or_after_the_command(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "root"
    (root / "home" / "u").mkdir(parents=True)
    before = run_cli("--platform", "linux", "--root", str(root), "--lang", "en", "report", "--json")
    after = run_cli("report", "--json", "--platform", "linux", "--root", str(root), "--lang", "en")
    assert before[0] == after[0] == 0
    strip = lambda text: {k: v for k, v in json.loads(text).items() if k != "generated_at"}  # noqa: E731
    assert strip(before[1]) == strip(after[1])
    assert json.loads(before[1])["language"] == "en"


def test_python_dash_m_entry_point_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "check", "thunderbird", "153.7.0esr", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["verdict"] == "supported"


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["backup", "--dest", "x"], "backup"),
        (["--lang", "ja", "verify", "B"], "verify"),
        (["--root", "backup", "--platform=linux", "report"], "report"),  # a value, then a word
        (["--demo", "--registry", "a.reg", "check", "thunderbird", "91"], "check"),
        (["--lang", "en"], None),
        (["--", "restore", "B"], "restore"),
    ],
)
def test_the_command_is_the_first_word_that_is_no_option_value(
    argv: list[str], command: str | None
) -> None:
    from assistant.cli.parser import command_in

    assert command_in(argv) == command


def test_a_command_line_naming_one_command_parses_like_the_whole_parser() -> None:
    from assistant.cli.parser import build_parser
    from assistant.i18n import Translator

    tr = Translator("en")
    argv = ["--lang", "en", "backup", "--source", "a", "--source", "b", "--json"]
    assert vars(build_parser(tr, argv).parse_args(argv)) == vars(build_parser(tr).parse_args(argv))


@pytest.fixture
def parsers_built(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """The ``prog`` of every argparse parser built from now on, in order."""
    import argparse

    built: list[str | None] = []
    real = argparse.ArgumentParser.__init__

    def counted(self: argparse.ArgumentParser, *args: object, **kwargs: object) -> None:
        built.append(kwargs.get("prog"))  # type: ignore[arg-type]
        real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(argparse.ArgumentParser, "__init__", counted)
    return built


def test_a_start_builds_only_the_parsers_it_uses(run_cli, parsers_built: list[str | None]) -> None:  # type: ignore[no-untyped-def]
    """Every start (the GUI's too) parses its command line: the program's parser and the
    named command's, nothing thrown away to find which command that is."""
    built = parsers_built
    code, out, _ = run_cli("--lang", "en", "check", "thunderbird", "102.2.0")
    assert code == 0 and "supported" in out
    assert built == ["mail-migration-assistant", "mail-migration-assistant check"]


@pytest.mark.parametrize(
    "argv",
    [[], ["--lang", "ja"], ["--lang=en", "--demo"], ["--demo", "--home", "h", "--config", "c"]],
)
def test_a_start_with_no_command_builds_only_the_guis_parser(
    argv: list[str], request: pytest.FixtureRequest
) -> None:
    """No command (the desktop's shortcut and the macOS app start the GUI with no words):
    the program's parser and the gui command's, parsing as the whole parser does."""
    from assistant.cli.parser import build_parser
    from assistant.i18n import Translator

    tr = Translator("en")
    whole = vars(build_parser(tr).parse_args(argv))
    built: list[str | None] = request.getfixturevalue("parsers_built")  # counted from here
    assert vars(build_parser(tr, argv).parse_args(argv)) == whole
    assert whole["command"] is None
    assert built == ["mail-migration-assistant", "mail-migration-assistant gui"]


def test_no_words_read_as_the_parser_reads_them() -> None:
    from assistant.cli.parser import build_parser, no_words
    from assistant.i18n import Translator

    assert vars(no_words()) == vars(build_parser(Translator("en"), []).parse_args([]))
    assert vars(no_words()) == vars(build_parser(Translator("en")).parse_args([]))


@pytest.mark.parametrize("argv", [["--help"], ["--lang", "en", "-h"], ["--hel"], ["--bogus"]])
def test_help_or_an_unknown_word_without_a_command_still_knows_every_command(
    argv: list[str],
) -> None:
    from assistant.cli import commands
    from assistant.cli.parser import build_parser
    from assistant.i18n import Translator

    parser = build_parser(Translator("en"), argv)
    listed = parser.format_help()
    assert all(name in listed for name in commands.NAMES)


def test_the_words_taken_as_option_values_are_the_parsers() -> None:
    from assistant.cli.parser import GLOBAL_OPTIONS, TAKES_VALUE, build_parser
    from assistant.i18n import Translator

    parser = build_parser(Translator("en"), ["report"])
    with_value = {
        flag
        for action in parser._actions
        if action.nargs != 0
        for flag in action.option_strings
        if flag in GLOBAL_OPTIONS
    }
    assert with_value == TAKES_VALUE
    assert "--home" in TAKES_VALUE and "--demo" not in TAKES_VALUE


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("en", "Give --home the home folder to diagnose (it cannot be empty)."),
        ("ja", "--homeには診断するホームフォルダーを指定してください（空の値は使えません）。"),
    ],
)
@pytest.mark.parametrize(
    "given",
    [
        ["--home", "", "report"],
        ["report", "--home="],
        ["--platform", "linux", "--root", ".", "--home", "", "report", "--json"],
    ],
)
def test_an_empty_home_is_a_usage_error(  # type: ignore[no-untyped-def]
    run_cli, lang: str, sentence: str, given: list[str]
) -> None:
    """``--home ""`` used to diagnose the current folder as the home (a live run) or the
    snapshot's only user; it names no folder at all."""
    code, out, err = run_cli("--lang", lang, *given)
    assert (code, out, err) == (2, "", sentence + "\n")


@pytest.mark.parametrize(
    ("given", "sentence"),
    [
        (["--root", "", "report"], "Give --root the snapshot's folder (it cannot be empty)."),
        (["report", "--config="],
         "Give --config the organisation's settings file (TOML; it cannot be empty)."),
        (["--platform", "windows", "--root", ".", "--registry", "", "report"],
         "Give --registry a registry export (.reg; it cannot be empty)."),
    ],
)  # fmt: skip
def test_an_empty_root_config_or_registry_is_a_usage_error(  # type: ignore[no-untyped-def]
    run_cli, given: list[str], sentence: str
) -> None:
    """Each meant the current folder: ``--root ""`` diagnosed it as a whole snapshot."""
    code, out, err = run_cli("--lang", "en", *given)
    assert (code, out, err) == (2, "", sentence + "\n")
