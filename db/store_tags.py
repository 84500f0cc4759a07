"""Tag rows: create on first use with a colour-blind safe colour, rename, recolour, merge, delete."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from db import errors
from db.clock import new_id, now
from db.models import Tag
from db.store_tx import Part

# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7")
DEFAULT_COLOR = "#F0E442"


def annotation_color(own: str, tags: Sequence[str] = (), tag_colors: Mapping[str, str] | None = None) -> str:
    """The colour an annotation is drawn in: its own, else its first tag's that has one, else DEFAULT_COLOR."""
    colors = tag_colors or {}
    return own or next((colors[t] for t in tags if t in colors), DEFAULT_COLOR)


@dataclass(frozen=True)
class TagUsage:
    tag: Tag
    count: int


class Tags(Part):
    """`store.tags`: tag rows, and the tags of annotations (`assign`)."""

    def all(self) -> list[Tag]:
        """All tags by name."""
        return [Tag(r["id"], r["name"], r["color"])
                for r in self._read("SELECT id, name, color FROM tags ORDER BY name COLLATE NOCASE")]

    def usage(self) -> list[TagUsage]:
        """All tags with how many annotations carry each."""
        rows = self._read(
            "SELECT t.id, t.name, t.color, (SELECT count(*) FROM annotation_tags x WHERE x.tag_id = t.id) AS n "
            "FROM tags t ORDER BY t.name COLLATE NOCASE")
        return [TagUsage(Tag(r["id"], r["name"], r["color"]), r["n"]) for r in rows]

    def recent(self, limit: int = 9) -> list[Tag]:
        """Tags most recently applied (by annotation modification), newest first, then the rest."""
        rows = self._read(
            "SELECT t.id, t.name, t.color, max(n.modified) AS last FROM tags t "
            "LEFT JOIN annotation_tags x ON x.tag_id = t.id LEFT JOIN annotations n ON n.id = x.annotation_id "
            "GROUP BY t.id ORDER BY last IS NULL, last DESC, t.modified DESC LIMIT ?", [limit])
        return [Tag(r["id"], r["name"], r["color"]) for r in rows]

    def by_name(self, name: str) -> Tag | None:
        rows = self._read("SELECT id, name, color FROM tags WHERE name = ?", [name.strip()])
        return Tag(rows[0]["id"], rows[0]["name"], rows[0]["color"]) if rows else None

    def ensure(self, name: str, color: str | None = None, *, tag_id: str | None = None) -> Tag:
        """The tag with this name, created (with the next palette colour, or `color`, and the id
        `tag_id` when given and free) when missing."""
        with self._write() as conn:
            tag_id = self.id_for(conn, name, color, tag_id)
        rows = self._read("SELECT id, name, color FROM tags WHERE id = ?", [tag_id])
        return Tag(rows[0]["id"], rows[0]["name"], rows[0]["color"])

    def rename(self, tag_id: str, name: str) -> Tag:
        """Give a tag another name (refused when another tag has it)."""
        name = _clean(name)
        clash = self.by_name(name)
        if clash and clash.id != tag_id:
            raise errors.ChronolineError(f"A tag named “{clash.name}” exists already; merge the two instead.")
        with self._write() as conn:
            conn.execute("UPDATE tags SET name = ?, modified = ? WHERE id = ?", [name, now(), tag_id])
        return self.get(tag_id)

    def recolor(self, tag_id: str, color: str) -> Tag:
        """Give a tag another colour."""
        with self._write() as conn:
            conn.execute("UPDATE tags SET color = ?, modified = ? WHERE id = ?", [color, now(), tag_id])
        return self.get(tag_id)

    def merge(self, source_id: str, target_id: str) -> int:
        """Move every use of `source` to `target`, then delete `source`; returns annotations touched."""
        if source_id == target_id:
            return 0
        self.get(source_id), self.get(target_id)
        with self._write() as conn:
            n = conn.execute("SELECT count(*) FROM annotation_tags WHERE tag_id = ?", [source_id]).fetchone()[0]
            conn.execute("INSERT OR IGNORE INTO annotation_tags (annotation_id, tag_id, position) "
                         "SELECT annotation_id, ?, position FROM annotation_tags WHERE tag_id = ?",
                         [target_id, source_id])
            conn.execute("DELETE FROM tags WHERE id = ?", [source_id])
        return n

    def delete(self, tag_id: str) -> int:
        """Delete a tag (annotations stay); returns how many annotations carried it."""
        with self._write() as conn:
            n = conn.execute("SELECT count(*) FROM annotation_tags WHERE tag_id = ?", [tag_id]).fetchone()[0]
            conn.execute("DELETE FROM tags WHERE id = ?", [tag_id])
        return n

    def get(self, tag_id: str) -> Tag:
        """One tag by id."""
        rows = self._read("SELECT id, name, color FROM tags WHERE id = ?", [tag_id])
        if not rows:
            raise errors.NotFound(f"No tag with id {tag_id}.")
        return Tag(rows[0]["id"], rows[0]["name"], rows[0]["color"])

    def id_for(self, conn: sqlite3.Connection, name: str, color: str | None = None,
               wanted_id: str | None = None) -> str:
        """The id of the tag named `name`, created inside the caller's transaction `conn` when missing."""
        name = _clean(name)
        row = conn.execute("SELECT id FROM tags WHERE name = ?", [name]).fetchone()
        if row:
            return row[0]
        count = conn.execute("SELECT count(*) FROM tags").fetchone()[0]
        taken = wanted_id and conn.execute("SELECT 1 FROM tags WHERE id = ?", [wanted_id]).fetchone()
        tag_id = wanted_id if wanted_id and not taken else new_id()
        stamp = now()
        conn.execute("INSERT INTO tags (id, name, color, created, modified) VALUES (?,?,?,?,?)",
                     [tag_id, name, color or PALETTE[count % len(PALETTE)], stamp, stamp])
        return tag_id

    def assign(self, conn: sqlite3.Connection, annotation_id: str, names: Sequence[str]) -> None:
        """Replace an annotation's tags by `names`, in order, creating tags as needed (inside the caller's
        transaction `conn`)."""
        conn.execute("DELETE FROM annotation_tags WHERE annotation_id = ?", [annotation_id])
        seen: set[str] = set()
        for pos, name in enumerate(n for n in names if n.strip()):
            tag_id = self.id_for(conn, name)
            if tag_id in seen:
                continue
            seen.add(tag_id)
            conn.execute("INSERT INTO annotation_tags (annotation_id, tag_id, position) VALUES (?,?,?)",
                         [annotation_id, tag_id, pos])


def _clean(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise errors.ChronolineError("A tag needs a name.")
    if ";" in name:
        raise errors.ChronolineError("A tag name cannot contain “;” (it separates tags in CSV files).")
    return name
