"""The models, loaded late and once: sentence embeddings with their SQLite cache (embed, cache), the
spaCy pipeline (pipeline) and the tone classifier's weights and features (tone/).
"""
