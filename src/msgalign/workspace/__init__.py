"""The workspace: its config, narrative, the files a run reads and how each is placed, and `init`.

May import ingest, glossary, text, types and errors; never nlp or analysis (the terminology path).
"""
