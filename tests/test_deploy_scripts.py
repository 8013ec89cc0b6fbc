"""The deploy/ shell scripts, run as the fleet tools run them, against a stand-in for
the installed program that is the real assistant on the demo machine."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
EA = DEPLOY / "jamf" / "mail-migration-ea.sh"
WRITE_REPORT = DEPLOY / "osquery" / "write-report.sh"
RESULT = re.compile(r"<result>[^\n]*</result>\n")


def program(tmp_path: Path, extra: str = "--demo") -> Path:
    """An installed-program stand-in: ``python -m assistant --demo "$@"``."""
    path = tmp_path / "bin" / "mail-migration-assistant"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m assistant {extra} "$@"\n')
    path.chmod(0o755)
    return path


def run(script: Path, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("MMA")}
    environ["MAIL_MIGRATION_ASSISTANT_LOG_DIR"] = str(tmp_path / "logs")
    return subprocess.run(
        ["sh", str(script)], env={**environ, **env}, capture_output=True, text=True, timeout=120
    )


def test_jamf_attribute_is_one_result_line(tmp_path: Path) -> None:
    home = tmp_path / "home" / "taro"
    home.mkdir(parents=True)
    done = run(EA, tmp_path, MMA=str(program(tmp_path)), MMA_HOME=str(home))
    assert done.returncode == 0 and done.stderr == ""
    assert RESULT.fullmatch(done.stdout)
    assert done.stdout.startswith("<result>ACTION_NEEDED required=4 basic_auth=4 problems=0 ")
    assert "machine=ISC-PC-0123</result>" in done.stdout


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        ("missing", "<result>NOT_INSTALLED</result>\n"),
        ("root", "<result>NO_USER</result>\n"),
        ("no home", "<result>NO_USER</result>\n"),
        ("broken policy", "<result>FAILED</result>\n"),
        ("crashes", "<result>FAILED exit=3</result>\n"),
    ],
)
def test_jamf_attribute_says_why_there_is_no_verdict(
    tmp_path: Path, setup: str, expected: str
) -> None:
    env = {"MMA": str(program(tmp_path)), "MMA_HOME": str(tmp_path)}
    if setup == "missing":
        env["MMA"] = str(tmp_path / "not-installed")
    elif setup == "root":
        env.pop("MMA_HOME")
        env["MMA_USER"] = "root"
    elif setup == "no home":
        env["MMA_HOME"] = str(tmp_path / "gone")
    elif setup == "broken policy":  # the assistant itself prints FAILED and exits 3
        bad = tmp_path / "bad.toml"
        bad.write_text("[helpdesk\n", encoding="utf-8")
        env["MMA"] = str(program(tmp_path, f"--demo --config {bad}"))
    elif setup == "crashes":
        crash = tmp_path / "crash"
        crash.write_text("#!/bin/sh\necho 'Traceback' >&2\nexit 3\n")
        crash.chmod(0o755)
        env["MMA"] = str(crash)
    done = run(EA, tmp_path, **env)
    assert (done.returncode, done.stdout) == (0, expected)


def test_the_fixed_path_report_for_osquery(tmp_path: Path) -> None:
    report = tmp_path / "var" / "lib" / "mail-migration-assistant" / "report.json"
    home = tmp_path / "home" / "taro"
    home.mkdir(parents=True)
    env = {"MMA": str(program(tmp_path)), "MMA_REPORT": str(report), "MMA_HOME": str(home)}
    done = run(WRITE_REPORT, tmp_path, **env)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["machine"] == "ISC-PC-0123" and data["outcome"]["status"] == "action_needed"
    assert sorted(p.name for p in report.parent.iterdir()) == ["report.json"]
    # A usage error is not a report: the script fails with it.
    env["MMA"] = str(program(tmp_path, "--demo --no-such-option"))
    assert run(WRITE_REPORT, tmp_path, **env).returncode == 2


def test_the_osquery_configuration_names_the_fixed_paths() -> None:
    config = json.loads((DEPLOY / "osquery" / "osquery.conf").read_text(encoding="utf-8"))
    query = config["schedule"]["mail_migration_report"]["query"]
    readme = (DEPLOY / "README.md").read_text(encoding="utf-8")
    paths = re.findall(r"'([^']+report\.json)'", query)
    assert len(paths) == 3
    for path in paths:
        assert f"`{path}`" in readme


@pytest.mark.parametrize("script", sorted(DEPLOY.glob("intune/*.ps1")), ids=lambda p: p.name)
def test_powershell_scripts_stay_powershell_5_compatible(script: Path) -> None:
    """PowerShell is not installable here: the checks a reader would do by eye."""
    text = script.read_text(encoding="utf-8")
    assert text.startswith("<#\n.SYNOPSIS")
    assert "$home =" not in text.lower()  # $HOME is read-only in PowerShell
    for ps7_only in ("??", " ? ", "&&", "||", "-Parallel"):
        assert ps7_only not in text
    assert text.count("{") == text.count("}") and text.count("(") == text.count(")")
    assert "'--format'" in text and "report" in text
