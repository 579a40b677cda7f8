"""Reading PDFs in tests: their text page by page, their fonts, and how much ink a page has."""

import ctypes

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

ARABIC = r"[\u0600-\u06FF]"


def pages(data: bytes) -> list[str]:
    document = pdfium.PdfDocument(data)
    return [document[i].get_textpage().get_text_range() for i in range(len(document))]


def fonts(data: bytes) -> set[str]:
    """Base names of the fonts the text is set in, without the subset tag ("ABCDEF+")."""
    document, names = pdfium.PdfDocument(data), set()
    for index in range(len(document)):
        for item in document[index].get_objects():
            if item.type == pdfium_c.FPDF_PAGEOBJ_TEXT:
                font = pdfium_c.FPDFTextObj_GetFont(item.raw)
                size = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
                buffer = ctypes.create_string_buffer(size)
                pdfium_c.FPDFFont_GetBaseFontName(font, buffer, size)
                names.add(buffer.value.decode().split("+", 1)[-1])
    return names


def ink(data: bytes, page: int = 0) -> float:
    """The share of a page's pixels that are not white, rendered at 50 dpi in grey."""
    bitmap = pdfium.PdfDocument(data)[page].render(scale=50 / 72, grayscale=True)
    pixels = bytes(bitmap.buffer)
    return sum(1 for value in pixels if value < 200) / len(pixels)
