"""``summarize REPORT.json… | DIR [--format text|csv|html] [--output FILE]``.

Reads the reports fleet tools collected, one file at a time, and prints the fleet
picture. A broken or foreign file is one line of the picture, never a failure: exit 0
when the picture was written, 2 on a usage error (also ``--output`` naming one of the
reports read), 3 when it could not be written.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from assistant.cli.session import Session
from assistant.i18n import Translator

if TYPE_CHECKING:
    from assistant.fleet.picture import FleetPicture

FORMATS = ("text", "csv", "html")
EXIT_WRITE_FAILED = 3


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], tr: Translator
) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "summarize", help=tr("fleet.cli.summarize"), description=tr("fleet.cli.summarize")
    )
    parser.add_argument("inputs", nargs="+", metavar="REPORT.json|DIR", help=tr("fleet.cli.inputs"))
    parser.add_argument(
        "--format", choices=FORMATS, default="text", help=tr("fleet.cli.summary_format")
    )
    parser.add_argument("--output", metavar="FILE", default=None, help=tr("fleet.cli.output"))
    parser.set_defaults(run=run, failure_exit=EXIT_WRITE_FAILED)
    return parser


def run(args: argparse.Namespace, session: Session) -> int:
    from assistant.cli.commands.report import output_path
    from assistant.fleet.collected import read_reports, refuse_output_among_inputs
    from assistant.fleet.picture import FleetPicture

    output = output_path(args.output)
    inputs = [Path(p) for p in args.inputs]
    refuse_output_among_inputs(inputs, output)
    picture = FleetPicture()
    try:
        picture.add_all(read_reports(inputs, skip=output))
        if output is None:
            write(picture, args.format, session.tr, session.out)
        else:
            write_file(picture, args.format, session.tr, output)
    finally:
        picture.close()
    return 0


def write(picture: FleetPicture, form: str, tr: Translator, out: TextIO) -> None:
    from assistant.fleet.html_page import write_html
    from assistant.fleet.render import write_csv, write_text

    {"text": write_text, "csv": write_csv, "html": write_html}[form](picture, tr, out)


def write_file(picture: FleetPicture, form: str, tr: Translator, path: Path) -> None:
    from assistant.cli.commands.report import output_file

    with output_file(path, form) as out:
        write(picture, form, tr, out)
