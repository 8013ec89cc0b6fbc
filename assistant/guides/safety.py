"""What may ever be handed to the system to open: the one gate before the PDF viewer.

Only two kinds of target pass:

- a ``.pdf`` file that, with every symlink resolved, lies inside the bundled guides
  folder or the organisation's official guides folder, and whose content is a PDF;
- an ``https`` URL whose host the organisation profile allows (``web.allowed_hosts``).

Everything else — another folder, ``..``, another scheme, an executable, a file that
only pretends to be a PDF — is refused with one sentence. A missing or broken PDF is a
``GuideUnavailable`` whose message offers Outlook on the web instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePath
from urllib.parse import urlsplit

from assistant.errors import AssistantError
from assistant.guides.catalog import bundled_pdf_folder
from assistant.organization import Organization


class GuideRefused(AssistantError):
    """The target is not something this assistant opens."""


class GuideUnavailable(AssistantError):
    """The guide's PDF is missing or broken; the message names Outlook on the web."""


@dataclass(frozen=True)
class ApprovedTarget:
    """A target that passed the checks. Only this module creates them; the GUI opens
    nothing else."""

    path: Path | None = None
    url: str | None = None

    def __str__(self) -> str:
        return str(self.path) if self.path is not None else str(self.url)


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
# File signatures of programs: Windows PE, ELF, Mach-O (thin and fat), scripts.
_EXECUTABLE_MAGIC = (
    b"MZ",
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"#!",
)


def guide_roots(org: Organization) -> list[Path]:
    """The folders guides may be opened from, resolved (symlinks followed)."""
    roots = [bundled_pdf_folder().resolve()]
    if org.official_guides_folder is not None:
        roots.append(org.official_guides_folder.resolve())
    return roots


def approve(target: str, org: Organization) -> ApprovedTarget:
    """``target`` (a path or a URL) checked; raises ``GuideRefused``/``GuideUnavailable``."""
    match = _SCHEME.match(target)
    if match and len(match.group(1)) > 1:  # "C:\..." is a Windows drive, not a scheme
        return approve_url(target, org)
    return approve_file(Path(target), org)


def approve_url(url: str, org: Organization) -> ApprovedTarget:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise GuideRefused("guide.refused.bad_url", target=url) from None
    if parts.scheme.lower() != "https":
        raise GuideRefused("guide.refused.scheme", target=url, scheme=parts.scheme)
    host = (parts.hostname or "").rstrip(".")
    if parts.username is not None or parts.password is not None or port not in (None, 443):
        raise GuideRefused("guide.refused.bad_url", target=url)
    if host not in org.allowed_hosts:
        raise GuideRefused(
            "guide.refused.host", target=url, host=host or "-", hosts=", ".join(org.allowed_hosts)
        )
    return ApprovedTarget(url=url)


def approve_file(path: Path, org: Organization) -> ApprovedTarget:
    """A guide PDF inside one of the guide folders, checked to really be a PDF."""
    if ".." in PurePath(path).parts:
        raise GuideRefused("guide.refused.parent", target=str(path))
    if ":" in path.name:  # NTFS alternate data streams, "file.pdf:evil.exe"
        raise GuideRefused("guide.refused.not_pdf", target=str(path))
    try:
        resolved = path.resolve(strict=True)
    except FileNotFoundError:
        raise GuideUnavailable(
            "guide.error.missing", file=str(path), portal=org.portal_url
        ) from None
    except (OSError, RuntimeError):  # a symlink loop, a permission error on the way
        raise GuideUnavailable(
            "guide.error.unreadable", file=str(path), portal=org.portal_url
        ) from None
    if not any(resolved.is_relative_to(root) for root in guide_roots(org)):
        raise GuideRefused("guide.refused.outside", target=str(path))
    if resolved.suffix.lower() != ".pdf" or path.suffix.lower() != ".pdf":
        raise GuideRefused("guide.refused.not_pdf", target=str(path))
    if not resolved.is_file():
        raise GuideRefused("guide.refused.not_pdf", target=str(path))
    check_pdf_content(resolved, org, shown=str(path))
    return ApprovedTarget(path=resolved)


def check_pdf_content(path: Path, org: Organization, shown: str | None = None) -> None:
    """The file starts like a PDF and ends like one; programs are refused outright."""
    shown = shown or str(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(1024)
            f.seek(max(0, size - 2048))
            tail = f.read()
    except OSError:
        raise GuideUnavailable(
            "guide.error.unreadable", file=shown, portal=org.portal_url
        ) from None
    if head.startswith(_EXECUTABLE_MAGIC):
        raise GuideRefused("guide.refused.executable", target=shown)
    if b"%PDF-" not in head or b"%%EOF" not in tail:
        raise GuideUnavailable("guide.error.broken", file=shown, portal=org.portal_url)
