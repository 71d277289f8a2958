"""Writing a file whole or not at all: into a temporary file beside it, renamed into place when complete.

An interrupted run (Ctrl-C, a full disk, an error halfway through a writer) leaves the previous file as it
was and no temporary file behind. Every output of graphx is written through this module.
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from graphx.errors import OutputError


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary path beside `path`; renamed onto `path` when the ``with`` block ends without an error,
    removed when it does not.

    Errors of the file system are one `OutputError` line naming the file; anything else (an interrupt, a bug)
    propagates after the temporary file is removed.
    """
    path = Path(path)
    try:  # a folder that cannot be made or written (read-only, under a regular file) is one line, not a traceback
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise OutputError(unwritable(path.parent) or f"{path.parent}: cannot write here ({error.strerror or error}); "
                          "choose another --out") from None
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, 0o644)  # mkstemp makes 0600; outputs are meant to be shared
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot write ({error.strerror or error})") from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def unwritable(folder: Path) -> str:
    """Why no file can be written in `folder` (to be made if missing), said of the path that stops it — "afile
    is a file, not a folder", a folder without write permission — or "" when nothing stops it. Asked before a
    build starts, so that a long build does not end on a folder it cannot write."""
    folder = Path(folder)
    existing = next((p for p in (folder, *folder.parents) if p.exists() or p.is_symlink()), None)
    if existing is None:
        return ""
    if not existing.is_dir():
        return f"{existing}: is a file, not a folder; choose another --out"
    if not os.access(existing, os.W_OK | os.X_OK):
        read_only = bool(os.statvfs(existing).f_flag & os.ST_RDONLY)
        return f"{existing}: cannot write here ({'Read-only file system' if read_only else 'Permission denied'}); choose another --out"
    return ""


def write_atomic(path: Path, write: Callable[[Path], None]) -> Path:
    """Call `write` with a temporary path beside `path`, then rename the written file onto `path`."""
    with replacing(path) as temporary:
        write(temporary)
    return Path(path)


def write_text_atomic(path: Path, text: str) -> Path:
    """Write `text` (UTF-8) to `path` via a temporary file and a rename."""
    return write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


@contextmanager
def open_atomic(path: Path) -> Iterator[TextIO]:
    r"""A text handle (UTF-8, ``\n`` line ends) on a temporary file that becomes `path` when the ``with``
    block ends without an error: for writers that stream a file too large to hold as one string.

    >>> folder = Path(tempfile.mkdtemp())
    >>> with open_atomic(folder / "a.txt") as handle:
    ...     _ = handle.write("whole")
    >>> (folder / "a.txt").read_text(), sorted(p.name for p in folder.iterdir())
    ('whole', ['a.txt'])
    """
    with replacing(path) as temporary, temporary.open("w", encoding="utf-8", newline="\n", buffering=1 << 20) as handle:
        yield handle
