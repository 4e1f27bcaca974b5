"""The cross-team alignment report: one self-contained HTML page (and a Markdown summary) from a check."""
