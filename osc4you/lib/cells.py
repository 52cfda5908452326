"""Text written into spreadsheet cells (CSV and XLSX) that can never run as a formula.

Names come from GitHub profiles and git authors, so anyone can make theirs
``=HYPERLINK("http://x","y")``. Spreadsheet programs read a CSV cell that starts with one of
``= + - @``, a tab or a carriage return as a formula; OWASP's rule (CSV Injection) is to put a
single quote first, which the programs show as text. XLSX cells carry a type of their own:
writers mark text as a string there instead (``camps.reports.xlsx``).
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(text: str) -> str:
    """``text`` as a CSV cell that a spreadsheet shows as text, never evaluates."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
