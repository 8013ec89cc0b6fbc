"""Draw the application icon and write it in the forms each platform needs.

    .venv/bin/python build/make_icons.py          # rewrite resources/icons/*
    .venv/bin/python build/make_icons.py --check  # exit 1 when the committed files differ

The design: a white envelope on a rounded navy square, with a green shield and a white
tick in front of it (the mail is kept safe while it moves). Drawn once at 1024 px and
scaled down, so every size comes from the same drawing. The colours are constants below,
so another organisation can re-brand the icon by editing them and running this script.

Outputs (all committed, the spec and the .desktop file read them):
  mail-migration-assistant.png       512 px, the window icon and the Linux desktop icon
  mail-migration-assistant-256.png   256 px, for freedesktop's hicolor/256x256
  mail-migration-assistant.ico       16-256 px, Windows (exe, installer, shortcuts)
  mail-migration-assistant.icns      16-1024 px, macOS (the .app)
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "icons"
NAME = "mail-migration-assistant"

SIZE = 1024
BACKGROUND = (23, 58, 112)  # navy
ENVELOPE = (255, 255, 255)
ENVELOPE_LINE = (23, 58, 112)
SHIELD = (46, 160, 90)  # green: "safe"
SHIELD_EDGE = (255, 255, 255)
TICK = (255, 255, 255)

ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]


def draw() -> Image.Image:
    """The icon at 4x SIZE, scaled down once at the end for smooth edges."""
    s = 4 * SIZE
    image = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    margin = s * 0.06
    pen.rounded_rectangle(
        (margin, margin, s - margin, s - margin), radius=s * 0.18, fill=BACKGROUND
    )

    # The envelope: a body and the flap's V.
    left, top, right, bottom = s * 0.17, s * 0.26, s * 0.83, s * 0.70
    line = round(s * 0.022)
    pen.rounded_rectangle((left, top, right, bottom), radius=s * 0.03, fill=ENVELOPE)
    middle = ((left + right) / 2, top + (bottom - top) * 0.55)
    pen.line([(left + line, top + line), middle, (right - line, top + line)], ENVELOPE_LINE, line)

    # The shield, bottom right, over the envelope's corner.
    cx, cy, w, h = s * 0.70, s * 0.66, s * 0.30, s * 0.34
    outline = [
        (cx - w / 2, cy - h / 2 + h * 0.10),
        (cx, cy - h / 2),
        (cx + w / 2, cy - h / 2 + h * 0.10),
        (cx + w / 2, cy + h * 0.02),
        (cx, cy + h / 2),
        (cx - w / 2, cy + h * 0.02),
    ]
    edge = s * 0.025
    grown = [(x + (x - cx) * edge / (w / 2), y + (y - cy) * edge / (h / 2)) for x, y in outline]
    pen.polygon(grown, fill=SHIELD_EDGE)
    pen.polygon(outline, fill=SHIELD)
    tick = [(cx - w * 0.24, cy), (cx - w * 0.05, cy + h * 0.17), (cx + w * 0.26, cy - h * 0.16)]
    pen.line(tick, TICK, round(s * 0.035), joint="curve")
    return image.resize((SIZE, SIZE), Image.Resampling.LANCZOS)


def encoded(master: Image.Image) -> dict[str, bytes]:
    """File name -> bytes, every output drawn from the one master image."""

    def save(image: Image.Image, fmt: str, **options: object) -> bytes:
        buffer = io.BytesIO()
        image.save(buffer, fmt, **options)
        return buffer.getvalue()

    small = master.resize((256, 256), Image.Resampling.LANCZOS)
    return {
        f"{NAME}.png": save(master.resize((512, 512), Image.Resampling.LANCZOS), "PNG"),
        f"{NAME}-256.png": save(small, "PNG"),
        f"{NAME}.ico": save(master, "ICO", sizes=ICO_SIZES),
        f"{NAME}.icns": save(master, "ICNS"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed files")
    args = parser.parse_args(argv)
    files = encoded(draw())
    if args.check:
        stale = [n for n, data in files.items() if not (OUT / n).is_file()]
        stale += [
            n for n, data in files.items() if n not in stale and (OUT / n).read_bytes() != data
        ]
        for name in stale:
            print(f"{OUT / name}: out of date, run build/make_icons.py", file=sys.stderr)
        return 1 if stale else 0
    OUT.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (OUT / name).write_bytes(data)
        print(f"{OUT / name}: {len(data)} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
