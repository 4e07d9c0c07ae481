"""The index on disk: generations, a pointer file, a writer that waits for the lock.

Layout (the backend's ``PATH``)::

    CURRENT            name of the live generation (replaced atomically by os.replace)
    BUILDING           name of a generation being rebuilt (by ONE writer, for the whole rebuild)
    BUILDING.journal   live changes made meanwhile, replayed into it before the swap
    gen-<stamp>/       a Whoosh index

Whoosh allows one writer per index across processes: :meth:`IndexStore.writer` waits for the
lock with back-off (``SEARCH_LOCK_TIMEOUT``) so that gunicorn workers and the task worker queue
up instead of failing with ``LockError``.
"""

import contextlib
import fcntl
import json
import os
import shutil
import threading
import time
import uuid
from pathlib import Path

from django.conf import settings
from whoosh.index import LockError, create_in, exists_in, open_dir
from whoosh.writing import SegmentWriter

from .bulk import RebuildWriter
from .codec import InliningCodec
from .schema import Weighting, build_schema

LOCK_TIMEOUT = float(getattr(settings, "SEARCH_LOCK_TIMEOUT", 60))
JOURNAL = "BUILDING.journal"  # live changes made while a rebuild runs


def apply_changes(writer, changes):
    """Apply ``changes`` in one writer; the last change of a document wins (update_document
    replaces committed documents only, not the ones this writer has just added)."""
    last = {}
    for action, value in changes:
        last[value if action == "delete" else value["doc_id"]] = (action, value)
    for action, value in last.values():
        if action == "delete":
            writer.delete_by_term("doc_id", value)
        else:
            writer.update_document(**value)


class IndexStore:
    """The directory holding the generations of one Whoosh index; shared per path per process."""

    _instances = {}
    _instances_lock = threading.Lock()

    @classmethod
    def at(cls, path):
        path = Path(path)
        with cls._instances_lock:
            store = cls._instances.get(path)
            if store is None:
                store = cls._instances[path] = cls(path)
            return store

    def __init__(self, path):
        self.path = Path(path)
        self._ix = {}
        self._local = threading.local()
        self._lock = threading.Lock()

    # pointer files ------------------------------------------------------------------------
    def _read_pointer(self, name):
        try:
            return (self.path / name).read_text().strip() or None
        except FileNotFoundError:
            return None

    def _write_pointer(self, name, value):
        tmp = self.path / f".{name}.{os.getpid()}.{uuid.uuid4().hex}"
        tmp.write_text(value)
        os.replace(tmp, self.path / name)  # atomic on POSIX

    def current(self):
        gen = self._read_pointer("CURRENT")
        if gen and (gen in self._ix or exists_in(self.path / gen)):
            return gen
        return self._create_first()

    def _create_first(self):
        self.path.mkdir(parents=True, exist_ok=True)
        lockfile = self.path / ".init.lock"
        with open(lockfile, "w") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                gen = self._read_pointer("CURRENT")
                if gen and exists_in(self.path / gen):
                    return gen
                gen = self.new_generation()
                self._write_pointer("CURRENT", gen)
                return gen
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def new_generation(self):
        gen = f"gen-{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:8]}"
        (self.path / gen).mkdir(parents=True)
        create_in(self.path / gen, build_schema())
        return gen

    def open(self, gen):
        with self._lock:
            ix = self._ix.get(gen)
            if ix is None:
                ix = self._ix[gen] = open_dir(self.path / gen)
            return ix

    # reading ------------------------------------------------------------------------------
    def searcher(self):
        """A searcher on the live generation, one per thread, refreshed when the index changed."""
        gen = self.current()
        cached = getattr(self._local, "searcher", None)
        if cached is not None and cached[0] == gen and cached[1].up_to_date():
            searcher = cached[1]
        else:
            # Not Searcher.refresh(): it reuses segment readers by segment id and so keeps the
            # old deletion sets of segments that gained deletions (updated documents show twice).
            if cached is not None:
                cached[1].close()
            searcher = self.open(gen).searcher(weighting=Weighting())
        self._local.searcher = (gen, searcher)
        return searcher

    def model_docs(self, searcher, ct_query):
        """The document numbers of one model, cached per searcher: Whoosh would otherwise turn
        the filter query into a set on every search (the slowest part of a query)."""
        cache = getattr(self._local, "model_docs", None)
        if cache is None or cache[0] is not searcher:
            cache = self._local.model_docs = (searcher, {})
        key = ct_query.text
        docs = cache[1].get(key)
        if docs is None:
            docs = cache[1][key] = searcher._filter_to_comb(ct_query)
        return docs

    def pk_column(self, searcher):
        """The primary-key column reader, cached per searcher (opening it reads every offset)."""
        cached = getattr(self._local, "pk_column", None)
        if cached is None or cached[0] is not searcher:
            cached = self._local.pk_column = (searcher, searcher.reader().column_reader("doc_pk"))
        return cached[1]

    # writing ------------------------------------------------------------------------------
    def writer(self, gen, timeout=LOCK_TIMEOUT, rebuild=False, **kwargs):
        """Whoosh allows one writer per index across processes: wait for the lock, retrying.
        ``rebuild``: the writer of a rebuild's fresh generation (bulk.py)."""
        ix = self.open(gen)
        writer_class = RebuildWriter if rebuild else SegmentWriter
        deadline = time.monotonic() + timeout
        delay = 0.01
        while True:
            try:
                return writer_class(ix, codec=InliningCodec(), **kwargs)  # short lists inlined: codec.py
            except LockError:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(delay)  # waiting for another process's commit, not a test sleep
                delay = min(delay * 2, 0.25)

    def write(self, fn, gen, **writer_kwargs):
        """Run ``fn(writer)`` on generation ``gen`` and commit."""
        w = self.writer(gen, **writer_kwargs)
        try:
            fn(w)
            w.commit()
        except BaseException:
            # A failed commit must release the lock too, or every later write in this process waits.
            try:
                w.cancel()
            except Exception:
                pass
            raise

    def apply(self, changes):
        """Live changes, ``[("update", fields) | ("delete", doc_id)]``, to the live generation.

        While a rebuild runs they are also appended to its journal (one JSON line each), which
        :meth:`finish_rebuild` replays into the new generation before swapping it in: the
        rebuild keeps ONE writer (and the lock of its generation) for its whole run, so live
        writes must not wait for that generation's lock."""
        with self._journal_lock(fcntl.LOCK_SH):
            building = self._read_pointer("BUILDING")
            self.write(lambda w: apply_changes(w, changes), self.current())
            if building:
                data = "".join(json.dumps(change, ensure_ascii=False) + "\n" for change in changes)
                fd = os.open(self.path / JOURNAL, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
                try:
                    os.write(fd, data.encode("utf-8"))  # one write: lines of several processes never mix
                finally:
                    os.close(fd)

    @contextlib.contextmanager
    def _journal_lock(self, mode):
        self.path.mkdir(parents=True, exist_ok=True)
        with open(self.path / ".journal.lock", "a") as fh:
            fcntl.flock(fh, mode)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def _take_journal(self):
        try:
            lines = (self.path / JOURNAL).read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return []
        (self.path / JOURNAL).unlink()
        return [json.loads(line) for line in lines if line.strip()]

    # rebuild ------------------------------------------------------------------------------
    def begin_rebuild(self):
        self.current()
        gen = self.new_generation()
        with self._journal_lock(fcntl.LOCK_EX):
            self._take_journal()  # a crashed rebuild's journal: its generation is abandoned
            self._write_pointer("BUILDING", gen)
        return gen

    def finish_rebuild(self, gen):
        """Replay the live changes made during the rebuild into ``gen``, then swap it in (live
        writers wait meanwhile: none is lost between the replay and the swap)."""
        with self._journal_lock(fcntl.LOCK_EX):
            changes = self._take_journal()
            if changes:
                self.write(lambda w: apply_changes(w, changes), gen)
            old = self._read_pointer("CURRENT")
            self._write_pointer("CURRENT", gen)
            try:
                (self.path / "BUILDING").unlink()
            except FileNotFoundError:
                pass
        self._local.__dict__.clear()
        if old and old != gen:
            with self._lock:
                self._ix.pop(old, None)
            # Other processes may still read the old generation for a moment; keep the
            # previous one and remove older ones.
            self.cleanup(keep={gen, old})

    def cleanup(self, keep):
        for child in self.path.glob("gen-*"):
            if child.name not in keep and child.is_dir():
                shutil.rmtree(child, ignore_errors=True)

    def reset(self):
        gen = self.begin_rebuild()
        self.finish_rebuild(gen)

    def size_bytes(self):
        gen = self.current()
        return sum(f.stat().st_size for f in (self.path / gen).iterdir() if f.is_file())

