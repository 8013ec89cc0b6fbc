"""A restore in words for the user: shared by the ``restore`` command and the wizard
(plain Python, no Qt)."""

from __future__ import annotations

from collections.abc import Callable

from assistant.backup.restore import RestoreResult
from assistant.i18n import Translator
from assistant.sizes import human_size


def describe_restore(
    result: RestoreResult, tr: Translator, shown: Callable[[str], str] = str
) -> list[str]:
    """The result as sentences: what was put where, what was moved aside and where to,
    names changed for the volume, links not restored. ``shown`` writes a path as the
    user's machine shows it (the wizard's ``/home/u/…`` for a snapshot's host folder)."""
    lines: list[str] = []
    if result.error is not None:
        lines.append(tr.render(result.error))
    if result.status == "completed":
        lines.append(
            tr("mailbackup.restore.completed", count=result.files, size=human_size(result.bytes))
        )
    elif result.kept is not None:
        lines.append(tr("restore.failed_kept", count=len(result.restored)))
    else:
        lines.append(tr(f"mailbackup.restore.{result.status}", count=len(result.restored)))
    for item in result.restored:
        lines.append(
            tr("mailbackup.restore.placed", name=item.name, target=shown(str(item.target)))
        )
        if item.moved_aside is not None:
            lines.append(
                tr(
                    "mailbackup.restore.moved_aside",
                    target=shown(str(item.target)),
                    aside=shown(str(item.moved_aside)),
                )
            )
    if result.renamed:
        names = ", ".join(f"{old} → {new}" for old, new in result.renamed)
        lines.append(tr("mailbackup.restore.renamed", count=len(result.renamed), names=names))
    if result.links_not_restored:
        lines.append(
            tr("mailbackup.restore.links_not_restored", links=", ".join(result.links_not_restored))
        )
    return lines
