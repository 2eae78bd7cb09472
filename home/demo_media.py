"""Images and the brochure PDF of the demo site, drawn here so the demo needs no downloads."""

from datetime import UTC, datetime
from io import BytesIO

from fpdf import FPDF
from PIL import Image, ImageDraw

# Covalis' palette: the brand green of the stylesheet and two warm accents.
GREEN = (0, 89, 79)
SAND = (240, 226, 196)
CORAL = (214, 104, 83)


def picture_jpeg(*, width: int, height: int, seed: int) -> bytes:
    """A calm abstract picture (gradient with overlapping discs) as a small JPEG."""
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        mix = y / max(height - 1, 1)
        draw.line([(0, y), (width, y)], fill=tuple(int(g + (s - g) * mix) for g, s in zip(GREEN, SAND, strict=True)))
    for index in range(5):
        radius = height // (3 + index % 3)
        x = (seed * 97 + index * width // 4) % width
        y = (seed * 53 + index * height // 3) % height
        colour = CORAL if index % 2 else SAND
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], outline=colour, width=max(height // 60, 2))
    buffer = BytesIO()
    image.save(buffer, format="JPEG", quality=80, optimize=True)
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


def brochure_pdf(*, title: str, sections: list[tuple[str, list[str]]]) -> bytes:
    """A printable brochure: a cover, then one titled section after another."""
    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.set_author("Covalis")
    pdf.set_creation_date(datetime(2026, 1, 1, tzinfo=UTC))  # the same text gives the same bytes
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    pdf.set_fill_color(*GREEN)
    pdf.rect(0, 0, 210, 110, style="F")
    pdf.set_text_color(255, 255, 255)
    pdf.set_xy(20, 40)
    pdf.set_font("Helvetica", "B", 26)
    pdf.multi_cell(170, 12, title)
    pdf.set_font("Helvetica", "", 14)
    pdf.set_x(20)
    pdf.multi_cell(170, 8, "Brochure - Covalis trainingen")
    pdf.set_text_color(30, 30, 30)
    pdf.set_y(125)
    for heading, paragraphs in sections:
        if pdf.get_y() > 230:
            pdf.add_page()
        pdf.set_font("Helvetica", "B", 15)
        pdf.multi_cell(0, 9, heading)
        pdf.ln(1)
        pdf.set_font("Helvetica", "", 11)
        for paragraph in paragraphs:
            pdf.multi_cell(0, 6, paragraph)
            pdf.ln(2)
        pdf.ln(4)
    return bytes(pdf.output())
