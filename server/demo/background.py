"""BackgroundLoad: drive a BulkLoader from a writer thread while the generator works.

On PostgreSQL the server does the writing in its own process, so while it digests one
chunk the generator (pure Python, holding the GIL) builds the next: both of the
machine's cores do useful work. Jobs run strictly in submission order on one thread.
"""
from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Callable, Sequence

import sqlalchemy as sa

from server.demo.loader import BulkLoader


class _Inline:
    """An executor that runs each job at once in the caller's thread."""

    def submit(self, fn: Callable, *args) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller via the future
            future.set_exception(exc)
        return future

    def shutdown(self) -> None:
        """Nothing to stop."""


class BackgroundLoad:
    """A BulkLoader driven from one worker thread; at most `pending` jobs wait in line.

    call() waits for a result; insert() returns at once. A failure on the worker is
    raised in the caller at its next call; leaving the block with an error rolls back.
    threaded=False runs every job inline (same results, one core).
    """

    def __init__(self, engine: sa.Engine, metadata: sa.MetaData, pending: int = 6,
                 threaded: bool = True):
        self.loader = BulkLoader(engine, metadata)
        self._pool = (ThreadPoolExecutor(max_workers=1, thread_name_prefix="seed-demo-load")
                      if threaded else _Inline())
        self._slots = threading.BoundedSemaphore(pending)
        self._futures: list[Future] = []

    def __enter__(self) -> "BackgroundLoad":
        self._pool.submit(self.loader.__enter__).result()
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            for future in self._futures:
                future.cancel()
        error = None
        for future in self._futures:
            if not future.cancelled() and future.exception() is not None:
                error = error or future.exception()
        rollback = exc_type is not None or error is not None
        try:
            closing = (RuntimeError, None, None) if rollback else (None, None, None)
            self._pool.submit(self.loader.__exit__, *closing).result()
        finally:
            self._pool.shutdown()
        if error is not None and exc_type is None:
            raise error

    def _submit(self, fn: Callable, *args) -> Future:
        self._raise_failures()
        self._slots.acquire()
        future = self._pool.submit(fn, *args)
        future.add_done_callback(lambda _f: self._slots.release())
        self._futures.append(future)
        return future

    def _raise_failures(self) -> None:
        still = []
        for future in self._futures:
            if future.done():
                future.result()  # raises the worker's error here
            else:
                still.append(future)
        self._futures = still

    def call(self, fn: Callable, *args):
        """Run fn(loader, *args) on the worker after everything queued; return its result."""
        return self._submit(fn, self.loader, *args).result()

    def insert(self, table: str, columns: Sequence[str], rows: Sequence[Sequence]) -> int:
        """Queue a bulk insert; returns the number of rows it will write."""
        self._submit(self.loader.insert, table, columns, rows)
        return len(rows)
