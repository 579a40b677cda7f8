"""Where a redirect may go: only to a path on this site."""

from urllib.parse import urlsplit


def same_site_path(target: str | None) -> str | None:
    """``target`` if it is a path on this site, judged as a browser will read the Location it becomes.

    Browsers drop tabs and newlines from a URL and read a backslash as a
    slash, so ``/\\t/evil.example`` and ``/\\\\evil.example`` both lead to another
    site: they are cleaned the same way first, then refused.
    """
    if not target:
        return None
    cleaned = "".join(ch for ch in target if ch.isprintable()).replace("\\", "/").strip()
    parts = urlsplit(cleaned)
    if parts.scheme or parts.netloc or not cleaned.startswith("/") or cleaned.startswith("//"):
        return None
    return cleaned
