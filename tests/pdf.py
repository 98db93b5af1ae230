"""What every PDF the portal makes must be: tagged (PDF/UA-1, sendhub/pdf.py), in British
English, with a descriptive title that the reader's title bar shows."""

from __future__ import annotations

from io import BytesIO

from pypdf import PdfReader


def assert_accessible_pdf(data: bytes, *title_parts: str) -> str:
    """Check the structure a screen reader needs; return the document's title."""
    reader = PdfReader(BytesIO(data))
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog, "untagged: no structure tree"
    assert catalog["/StructTreeRoot"].get_object().get("/K") is not None, "the structure tree is empty"
    assert bool(catalog["/MarkInfo"]["/Marked"]), "not marked as tagged"
    assert str(catalog["/Lang"]).lower() == "en-gb", catalog.get("/Lang")
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"]), "the viewer would show the file name"
    title = reader.metadata.title or ""
    for part in title_parts:
        assert part in title, f"{part!r} not in the PDF's title {title!r}"
    assert "pdfuaid:part" in _xmp(reader), "no PDF/UA identification in the XMP metadata"
    return title


def _xmp(reader: PdfReader) -> str:
    stream = reader.trailer["/Root"].get("/Metadata")
    return stream.get_object().get_data().decode("utf-8", "replace") if stream is not None else ""
