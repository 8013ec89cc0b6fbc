"""Text that comes from outside the program shown as text, never as markup.

Error sentences name files and values from the user's machine and the organisation's
policy file; Qt renders anything that looks like HTML as rich text (a "<h1>" in a policy
value would paint a fake banner). Everything the GUI shows from a sentence goes through
:func:`plain_html` (inside a rich-text view) or a widget set to plain text.
"""

from __future__ import annotations

from html import escape


def plain_html(text: str) -> str:
    """``text`` as HTML that shows exactly these characters (line breaks kept)."""
    return escape(text).replace("\n", "<br>")
