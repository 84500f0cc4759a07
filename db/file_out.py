"""Writing an export: into a temporary file beside the target, moved into place only when complete."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from db import errors


class Cancelled(Exception):
    """Raised by an exporter when its progress callback asks it to stop."""


@contextlib.contextmanager
def replacing(path: str | os.PathLike[str], ending: str) -> Iterator[Path]:
    """Yield a temporary path beside `path`; on success it replaces `path`, on any failure it is removed.

    A cancel (`Cancelled`) and a write error become one ChronolineError sentence; the target is
    never left half-written. `ending` (".csv") is named when `path` is a folder.
    """
    target = Path(path)
    if target.is_dir():
        raise errors.ChronolineError(f"{target} is a folder; give a file name ending in {ending}.")
    tmp = target.with_name(f".{target.name}.part")
    try:
        yield tmp
        os.replace(tmp, target)
    except Cancelled:
        raise errors.ChronolineError("Export cancelled; no file was written.") from None
    except OSError as exc:
        raise errors.ChronolineError(
            f"Cannot write {target}: {exc.strerror or exc}. Choose another folder or file name.") from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
