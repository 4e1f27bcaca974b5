"""One run's analysis: `run.Analysis` computes and caches the products every rule shares (sentences,
vectors, term hits, pillar scores, semantic candidates, tone, claims). The product modules are written
against `resources.Resources`, a protocol, so none imports the class that caches them.
"""
