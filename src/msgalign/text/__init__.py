"""Plain-text building blocks with no knowledge of files, glossaries or models: sentence splitting,
glossary-form matching, spans and excerpts, and the one quantity extractor (quantities, claims).
"""
