"""Glossary authoring: import terms from other tools (Vale, textlint, prh) and suggest terms from a corpus."""
