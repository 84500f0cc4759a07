"""Timestamps, ids and the current user, in one place so they are consistent everywhere."""

from __future__ import annotations

import getpass
import uuid
from datetime import UTC, datetime


def now() -> str:
    """Current UTC time as ISO-8601 with milliseconds and a `Z`."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def new_id() -> str:
    """A random UUID, so databases of two analysts can later be merged."""
    return str(uuid.uuid4())


def current_user() -> str:
    """The OS user name, or `analyst` when it cannot be found."""
    try:
        return getpass.getuser() or "analyst"
    except Exception:  # noqa: BLE001 - getpass raises various errors on odd systems
        return "analyst"
