"""The shared glossary: its values (types), loading with file:line errors (load), matching forms in
prose (index) and the one fixer that rewrites a hit (fix).

May import text, types and errors only: no model ever loads for terminology.
"""
