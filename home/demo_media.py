"""Images, portraits and brochure PDFs of the demo site, drawn here so the demo needs no downloads.

Everything is drawn from a seed, so the same seed gives the same bytes, and kept small:
the demo is loaded for many tests.
"""

import unicodedata
from datetime import UTC, datetime
from io import BytesIO

from fpdf import FPDF
from PIL import Image, ImageDraw

# Covalis' palette: the brand green of the stylesheet and warm accents.
GREEN = (0, 89, 79)
DARK_GREEN = (0, 61, 54)
SAND = (240, 226, 196)
CORAL = (214, 104, 83)
OCHRE = (214, 163, 74)
SLATE = (52, 73, 94)
MIST = (221, 232, 229)

# Background gradient (top, bottom) and two accents per picture, chosen by seed.
PALETTES = [
    (GREEN, SAND, CORAL, SAND),
    (SLATE, MIST, OCHRE, (255, 255, 255)),
    (DARK_GREEN, MIST, CORAL, OCHRE),
    (CORAL, SAND, GREEN, (255, 255, 255)),
    (SLATE, SAND, CORAL, MIST),
]


def _gradient(width: int, height: int, top: tuple, bottom: tuple) -> Image.Image:
    # A one-pixel column stretched sideways: far cheaper than scaling the whole square.
    mask = Image.linear_gradient("L").resize((1, height)).resize((width, height), Image.Resampling.NEAREST)
    return Image.composite(Image.new("RGB", (width, height), bottom), Image.new("RGB", (width, height), top), mask)


def picture_jpeg(*, width: int, height: int, seed: int) -> bytes:
    """A calm abstract picture as a small JPEG: a gradient with rings, cards or bars, by seed."""
    top, bottom, accent, second = PALETTES[seed % len(PALETTES)]
    image = _gradient(width, height, top, bottom)
    draw = ImageDraw.Draw(image)
    line = max(height // 60, 2)
    motif = (seed // len(PALETTES) + seed) % 3
    if motif == 0:  # rings, as on a whiteboard
        for index in range(5):
            radius = height // (3 + index % 3)
            x = (seed * 97 + index * width // 4) % width
            y = (seed * 53 + index * height // 3) % height
            colour = accent if index % 2 else second
            draw.ellipse([x - radius, y - radius, x + radius, y + radius], outline=colour, width=line)
    elif motif == 1:  # sticky notes on a wall
        for index in range(7):
            w = width // (6 + index % 3)
            x = (seed * 61 + index * width // 6) % (width - w)
            y = (seed * 37 + index * height // 5) % (height - w)
            colour = accent if index % 3 == 0 else second
            draw.rounded_rectangle(
                [x, y, x + w, y + w], radius=w // 10, fill=colour if index % 2 else None, outline=colour, width=line
            )
    else:  # a growing bar chart
        bars = 6
        gap = width // (bars * 3)
        bar = (width - gap * (bars + 1)) // bars
        for index in range(bars):
            level = 0.25 + 0.6 * ((index * 7 + seed * 3) % 10) / 10 + index * 0.02
            x = gap + index * (bar + gap)
            y = int(height * (1 - min(level, 0.92)))
            draw.rounded_rectangle(
                [x, y, x + bar, height + 10], radius=bar // 6, fill=accent if index == bars - 2 else second
            )
    buffer = BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return buffer.getvalue()


# Per author: background, skin, hair, shirt, hair style, glasses.
PORTRAITS = {
    1: (SAND, (224, 172, 138), (110, 62, 38), GREEN, "long", False),
    2: (MIST, (198, 140, 104), (40, 36, 34), SLATE, "short", True),
    3: ((246, 214, 204), (241, 194, 160), (196, 138, 66), DARK_GREEN, "bob", False),
}


def portrait_jpeg(*, style: int, size: int = 320) -> bytes:
    """A flat, friendly portrait illustration (head and shoulders) for an author."""
    background, skin, hair, shirt, hair_style, glasses = PORTRAITS[style]
    image = Image.new("RGB", (size, size), background)
    draw = ImageDraw.Draw(image)
    s = size / 320  # the drawing is designed at 320 px

    def box(x0, y0, x1, y1):
        return [int(x0 * s), int(y0 * s), int(x1 * s), int(y1 * s)]

    if hair_style == "long":
        draw.rounded_rectangle(box(92, 90, 228, 250), radius=int(60 * s), fill=hair)
    draw.ellipse(box(48, 230, 272, 420), fill=shirt)  # shoulders
    draw.rectangle(box(140, 190, 180, 240), fill=skin)  # neck
    draw.ellipse(box(108, 92, 212, 212), fill=skin)  # face
    if hair_style == "short":
        draw.chord(box(104, 82, 216, 170), start=180, end=360, fill=hair)
    elif hair_style == "bob":
        draw.chord(box(98, 80, 222, 200), start=170, end=370, fill=hair)
        draw.rectangle(box(98, 138, 116, 196), fill=hair)
        draw.rectangle(box(204, 138, 222, 196), fill=hair)
    else:
        draw.chord(box(104, 84, 216, 180), start=180, end=360, fill=hair)
    eye = (40, 40, 40)
    draw.ellipse(box(135, 145, 145, 155), fill=eye)
    draw.ellipse(box(175, 145, 185, 155), fill=eye)
    draw.arc(box(140, 160, 180, 190), start=20, end=160, fill=(150, 70, 60), width=max(int(3 * s), 1))
    if glasses:
        draw.ellipse(box(124, 136, 156, 164), outline=eye, width=max(int(3 * s), 1))
        draw.ellipse(box(164, 136, 196, 164), outline=eye, width=max(int(3 * s), 1))
        draw.line(box(156, 150, 164, 150), fill=eye, width=max(int(3 * s), 1))
    buffer = BytesIO()
    image.save(buffer, format="JPEG", quality=82)
    return buffer.getvalue()


def logo_png() -> bytes:
    """The word mark: a green rounded square with a sand-coloured ring."""
    image = Image.new("RGBA", (192, 192), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle([0, 0, 191, 191], radius=36, fill=GREEN)
    draw.ellipse([44, 44, 148, 148], outline=SAND, width=18)
    buffer = BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _pdf_text(text: str) -> str:
    """Text the PDF's built-in font can show (Windows-1252): other letters lose their accents."""
    try:
        text.encode("windows-1252")
        return text
    except UnicodeEncodeError:
        return "".join(
            char if _encodable(char) else unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
            for char in text
        )


def _encodable(char: str) -> bool:
    try:
        char.encode("windows-1252")
    except UnicodeEncodeError:
        return False
    return True


class _Brochure(FPDF):
    """A4 pages with a thin brand band on top and the course and page number at the foot."""

    def __init__(self, title: str) -> None:
        super().__init__(format="A4")
        self.core_fonts_encoding = "windows-1252"
        self.course_title = title
        self.set_title(title)
        self.set_author("Covalis")
        self.set_creation_date(datetime(2026, 1, 1, tzinfo=UTC))  # the same text gives the same bytes
        self.set_margins(22, 26, 22)
        self.set_auto_page_break(auto=True, margin=22)

    def header(self) -> None:
        if self.page_no() == 1:
            return
        self.set_fill_color(*GREEN)
        self.rect(0, 0, 210, 8, style="F")

    def footer(self) -> None:
        if self.page_no() == 1:
            return
        self.set_y(-15)
        self.set_font("Helvetica", "", 8)
        self.set_text_color(90, 90, 90)
        self.cell(140, 5, _pdf_text(f"Covalis – {self.course_title}"), align="L")
        self.cell(0, 5, str(self.page_no()), align="R")

    def chapter(self, heading: str, paragraphs: list[str]) -> None:
        self.set_text_color(*GREEN)
        self.set_font("Helvetica", "B", 18)
        self.multi_cell(0, 9, _pdf_text(heading), new_x="LMARGIN", new_y="NEXT")
        self.ln(3)
        self.set_text_color(30, 30, 30)
        for paragraph in paragraphs:
            if not paragraph:
                self.ln(4)
                continue
            if paragraph.startswith("## "):
                self.ln(2)
                self.set_font("Helvetica", "B", 12)
                self.multi_cell(0, 6.5, _pdf_text(paragraph[3:]), new_x="LMARGIN", new_y="NEXT")
                continue
            self.set_font("Helvetica", "", 11)
            self.multi_cell(0, 6, _pdf_text(paragraph), new_x="LMARGIN", new_y="NEXT")
            self.ln(2.5)


def brochure_pdf(
    *,
    title: str,
    sections: list[tuple[str, list[str]]],
    subtitle: str = "",
    facts: list[tuple[str, str]] | None = None,
) -> bytes:
    """A printable brochure: a cover with the key facts, then one page per section.

    A paragraph starting with ``## `` is a sub-heading within its section.
    """
    pdf = _Brochure(title)
    pdf.add_page()
    pdf.set_fill_color(*GREEN)
    pdf.rect(0, 0, 210, 150, style="F")
    pdf.set_fill_color(*SAND)
    pdf.ellipse(150, 95, 90, 90, style="F")
    pdf.set_fill_color(*GREEN)
    pdf.ellipse(165, 110, 60, 60, style="F")
    pdf.set_text_color(255, 255, 255)
    pdf.set_xy(22, 34)
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(0, 6, "COVALIS TRAININGEN")
    pdf.set_xy(22, 48)
    pdf.set_font("Helvetica", "B", 26)
    pdf.multi_cell(130, 12, _pdf_text(title), new_x="LMARGIN", new_y="NEXT")
    if subtitle:
        pdf.set_x(22)
        pdf.ln(3)
        pdf.set_font("Helvetica", "", 13)
        pdf.multi_cell(125, 7, _pdf_text(subtitle), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(30, 30, 30)
    pdf.set_y(168)
    for label, value in facts or []:
        pdf.set_x(22)
        pdf.set_font("Helvetica", "B", 11)
        pdf.cell(42, 8, _pdf_text(label))
        pdf.set_font("Helvetica", "", 11)
        pdf.multi_cell(0, 8, _pdf_text(value), new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(262)
    pdf.set_font("Helvetica", "", 9)
    pdf.set_text_color(90, 90, 90)
    pdf.multi_cell(
        0,
        5,
        "Covalis - Oudegracht 100, 3511 AX Utrecht - 030 123 45 67 - info@covalis.nl",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    for heading, paragraphs in sections:
        pdf.add_page()
        pdf.chapter(heading, paragraphs)
    return bytes(pdf.output())
