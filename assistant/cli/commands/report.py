"""``report [--format text|json|jamf|csv] [--output FILE] [--redact]``: the diagnosis.

The exit code is decided in one place, :func:`assistant.outcome.report_outcome`
(0 nothing to do, 1 action needed, 3 failed or incomplete; 2 is a usage error).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from assistant.cli.session import Session
from assistant.errors import AssistantError, UsageError
from assistant.i18n import Translator
from assistant.outcome import EXIT_DIAGNOSIS_FAILED, report_outcome
from assistant.report_output import refuse_output_over_inputs

if TYPE_CHECKING:
    from assistant.diagnose import Diagnosis

FORMATS = ("text", "json", "jamf", "csv")
JAMF_FAILED = "<result>FAILED</result>\n"


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], tr: Translator
) -> argparse.ArgumentParser:
    parser = sub.add_parser("report", help=tr("cli.report.help"), description=tr("cli.report.help"))
    parser.add_argument("--json", action="store_true", help=tr("cli.report.json"))
    parser.add_argument("--format", choices=FORMATS, default=None, help=tr("fleet.cli.format"))
    parser.add_argument("--output", metavar="FILE", default=None, help=tr("fleet.cli.output"))
    parser.add_argument("--redact", action="store_true", help=tr("fleet.cli.redact"))
    parser.set_defaults(run=run, failure_exit=EXIT_DIAGNOSIS_FAILED)
    return parser


def chosen_format(args: argparse.Namespace) -> str:
    if args.json and args.format not in (None, "json"):
        raise UsageError("fleet.error.json_and_format", format=args.format)
    return "json" if args.json else (args.format or "text")


def run(args: argparse.Namespace, session: Session) -> int:
    form = chosen_format(args)
    output = output_path(args.output)
    config = Path(args.config) if getattr(args, "config", None) else None
    try:
        diagnosis = session.diagnose()
    except Exception:
        if form == "jamf":  # Jamf keeps only <result>: say it failed there too
            if output is not None:
                refuse_output_over_inputs(output, session.env, None, config)
            emit(session, JAMF_FAILED, output, form)
        raise
    if output is not None:  # never over the mail data or a file just read
        refuse_output_over_inputs(output, session.env, diagnosis, config)
    if args.redact:
        from assistant.redact import redact_diagnosis

        diagnosis = redact_diagnosis(diagnosis, home=session.env.home.name)
    emit(session, render(diagnosis, form, session.tr), output, form)
    return report_outcome(diagnosis)


def render(diagnosis: Diagnosis, form: str, tr: Translator) -> str:
    if form == "json":
        from assistant.report import report_json

        return json.dumps(report_json(diagnosis, tr), ensure_ascii=False, indent=2) + "\n"
    if form == "jamf":
        from assistant.report_formats import report_jamf

        return report_jamf(diagnosis)
    if form == "csv":
        from assistant.report_formats import report_csv

        return report_csv(diagnosis, tr)
    from assistant.report_text import report_text

    return report_text(diagnosis, tr)


def output_path(given: str | None) -> Path | None:
    """``--output`` as a path. ``reports/`` names a folder: ``Path`` would drop the slash
    and a file ``reports`` would be written, so it is refused in one sentence."""
    if not given:
        return None
    if given.endswith(("/", os.sep)):
        raise AssistantError("redteam.userfile.folder", file=given.rstrip("/" + os.sep) or given)
    return Path(given)


def emit(session: Session, text: str, output: Path | None, form: str) -> None:
    """To stdout, or to ``output`` (see :func:`output_file`)."""
    if output is None:
        session.out.write(text)
        return
    with output_file(output, form) as f:
        f.write(text)


def _is_stream(path: Path) -> bool:
    """A character device or a pipe (``/dev/stdout``, ``/dev/null``, a FIFO)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


@contextmanager
def output_file(path: Path, form: str) -> Iterator[TextIO]:
    """``--output FILE``: written beside it and renamed into place when whole (a collector
    never reads half a file); UTF-8, CSV with a BOM so that Excel on a Japanese Windows
    reads it as UTF-8. A new file is readable as any new file of ours (the umask), so
    the account that collects it can. A failure is one sentence naming the file."""
    from assistant.user_file import user_file_writer

    encoding = "utf-8-sig" if form == "csv" else "utf-8"
    if _is_stream(path):  # /dev/stdout, a pipe: nothing to replace, written as it comes
        try:
            with path.open("w", encoding=encoding, newline="") as stream:
                yield stream
        except OSError as exc:
            raise AssistantError(
                "fleet.error.output_failed", file=str(path), reason=exc.strerror or str(exc)
            ) from None
        return
    umask = os.umask(0o022)
    os.umask(umask)
    try:
        with user_file_writer(path, new_mode=0o666 & ~umask) as raw:
            text = io.TextIOWrapper(raw, encoding=encoding, newline="")
            yield text
            text.flush()
            text.detach()
    except OSError as exc:
        raise AssistantError(
            "fleet.error.output_failed", file=str(path), reason=exc.strerror or str(exc)
        ) from None
