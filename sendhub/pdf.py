"""Every PDF the portal makes goes through here: tagged PDF/UA-1 (structure tree, marked content,
document language, title shown in the viewer's title bar).

The title is the HTML document's `<title>` and the language its `<html lang>`: a template that
makes a PDF must set both (the meeting pack names its hub and date).
"""

from __future__ import annotations


def render_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """Render HTML to a tagged PDF (PDF/UA-1)."""
    from weasyprint import HTML  # imported here: pages that need no PDF start without pango

    return HTML(string=html, base_url=base_url).write_pdf(pdf_variant="pdf/ua-1")
