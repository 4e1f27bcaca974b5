"""msgalign: an offline messaging-alignment linter for go-to-market teams."""

__version__ = "0.1.0"
