"""QR codes as small inline SVG: one path of horizontal runs, no image library, crisp when printed."""

import qrcode
from django.utils.html import format_html

QUIET_ZONE = 4  # modules of white space around the code, as the QR standard asks


def qr_path(data: str) -> tuple[int, str]:
    """The code's size in modules (with its quiet zone) and an SVG path drawing its dark modules."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=QUIET_ZONE)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()  # includes the quiet zone
    parts = []
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if not row[x]:
                x += 1
                continue
            start = x
            while x < len(row) and row[x]:
                x += 1
            parts.append(f"M{start} {y}h{x - start}v1h{start - x}z")
    return len(matrix), "".join(parts)


def qr_svg(data: str, label: str, css_class: str = "qr") -> str:
    """An accessible inline SVG QR code: `label` is what a screen reader hears instead of the picture."""
    size, path = qr_path(data)
    return format_html(
        '<svg class="{}" role="img" aria-label="{}" viewBox="0 0 {} {}" xmlns="http://www.w3.org/2000/svg" '
        'shape-rendering="crispEdges"><rect width="100%" height="100%" fill="#fff"/>'
        '<path fill="#000" d="{}"/></svg>',
        css_class,
        label,
        size,
        size,
        path,
    )
