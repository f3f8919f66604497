"""Draws the site's link-preview image (og:image), theme/static/img/og-image.png, 1200 x 630.

Run once by hand when the site's name changes; the build only copies the PNG. Needs Pillow, which
the site itself does not (python -m pip install pillow in a scratch environment), and a local
DejaVu Sans (Debian's fonts-dejavu-core): no font is fetched from anywhere.

    python scripts/make_og_image.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "theme" / "static" / "img" / "og-image.png"
FONTS = Path("/usr/share/fonts/truetype/dejavu")
SIZE = (1200, 630)
INK, PAPER, BLUE, GREY = "#ffffff", "#0b0c0c", "#1d70b8", "#dddddd"
MARGIN = 80


def wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(trial, font=font) <= width:
            lines[-1] = trial
        else:
            lines.append(word)
    return lines


def main() -> int:
    bold = ImageFont.truetype(str(FONTS / "DejaVuSans-Bold.ttf"), 64)
    small_bold = ImageFont.truetype(str(FONTS / "DejaVuSans-Bold.ttf"), 30)
    regular = ImageFont.truetype(str(FONTS / "DejaVuSans.ttf"), 34)
    image = Image.new("RGB", SIZE, PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, SIZE[0], 16), fill=BLUE)
    draw.text((MARGIN, 90), "VAWG Action Plan", font=small_bold, fill=INK)
    y = 160
    for line in wrap(draw, "Freedom from Violence and Abuse: the Action Plan", bold, SIZE[0] - 2 * MARGIN):
        draw.text((MARGIN, y), line, font=bold, fill=INK)
        y += 80
    y += 30
    blurb = (
        "Every action of the UK government's December 2025 plan on its own page: "
        "who delivers it, by when, with what money."
    )
    for line in wrap(draw, blurb, regular, SIZE[0] - 2 * MARGIN):
        draw.text((MARGIN, y), line, font=regular, fill=GREY)
        y += 46
    draw.rectangle((MARGIN, SIZE[1] - 60, MARGIN + 120, SIZE[1] - 52), fill=BLUE)
    image.save(OUT, format="PNG", optimize=True)
    print(f"{OUT.relative_to(ROOT)}: {OUT.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
