"""Safe writes: OS-level file locks and atomic replacement of a file.

Every change to a file of the workspace happens inside :meth:`summitcast.store.workspace.Workspace.lock`, which
names the lock and holds it with :func:`file_lock` (an OS-level lock, so separate processes serialise); it re-reads
the file under the lock and writes with :func:`atomic_write` (temporary file in the same directory, ``fsync``,
``rename``, ``fsync`` of the directory). A reader therefore sees the old file or the new one, never a half-written
one, and concurrent writers never lose one another's changes. No path is named here.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

__all__ = ["LOCK_TIMEOUT_S", "atomic_write", "file_lock"]

#: How long a writer waits for another writer of the same question before giving up.
LOCK_TIMEOUT_S = 300.0


@contextlib.contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """Hold an OS-level lock on ``path`` (blocking, across processes; created with its folder if missing).

    Raises
    ------
    TimeoutError
        When another writer holds the lock for longer than :data:`LOCK_TIMEOUT_S`.
    """
    from filelock import (
        FileLock,  # cross-platform OS locks; only writing commands pay for the import
    )

    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(path), timeout=LOCK_TIMEOUT_S):
        yield


def atomic_write(path: Path, content: str | bytes, *, durable: bool = True) -> None:
    """Replace ``path`` with ``content`` atomically (temporary file, fsync, rename, fsync of the directory).

    ``durable=False`` skips the two fsyncs (still atomic: a reader sees the old file or the new one), for files that
    may be lost without harm, such as the parse cache.

    Parameters
    ----------
    path
        The file to write.
    content
        Its new content: text (written as UTF-8, newlines untranslated) or bytes.
    """
    path = Path(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    if not durable:
        return
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
