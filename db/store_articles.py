"""Article rows: add, read, list with counts, find by id or title prefix, edit metadata."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import date

from db import errors
from db.clock import new_id, now
from db.models import Article, ArticleSummary, PartialDate
from db.store_tx import Part

_SUMMARY_SQL = """
SELECT a.id, a.title, a.source, a.published_start, a.published_end, a.published_precision,
       a.published_text, a.published_estimate, length(a.text) AS length,
       (SELECT count(*) FROM annotations n WHERE n.article_id = a.id) AS annotation_count
FROM articles a
"""


def text_hash(text: str) -> str:
    """SHA-256 of the UTF-8 text, hex."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _published(row: sqlite3.Row) -> PartialDate | None:
    if not row["published_start"]:
        return None
    return PartialDate(
        start=date.fromisoformat(row["published_start"]),
        end=date.fromisoformat(row["published_end"]),
        precision=row["published_precision"],
        text=row["published_text"] or "",
        estimate=bool(row["published_estimate"]),
    )


def _published_columns(published: PartialDate | None) -> dict[str, object]:
    if published is None:
        return {"published_start": None, "published_end": None, "published_precision": None,
                "published_text": "", "published_estimate": 0}
    return {
        "published_start": published.start.isoformat(),
        "published_end": published.end.isoformat(),
        "published_precision": published.precision,
        "published_text": published.text,
        "published_estimate": int(published.estimate),
    }


class Articles(Part):
    """`store.articles`: article rows."""

    _last_text: tuple[str, str] | None = None  # (id, text) of the last text read: annotating reads it each time

    def add(self, title: str, text: str, *, source: str = "", author: str = "", url: str = "",
                    published: PartialDate | None = None, encoding: str = "utf-8", filename: str = "",
                    article_id: str | None = None) -> Article:
        """Store a new article; refuses a text that is already stored (same SHA-256).

        The check runs inside the write transaction, so two processes importing the same text at
        the same moment (two windows seeding a brand-new database) get one article and one refusal.
        """
        sha = text_hash(text)
        stamp = now()
        row = {
            "id": article_id or new_id(), "title": title.strip() or "Untitled", "source": source,
            "author": author, "url": url, "text": text, "sha256": sha, "encoding": encoding,
            "filename": filename, "created": stamp, "modified": stamp, **_published_columns(published),
        }
        with self._write() as conn:
            existing = conn.execute("SELECT id, title FROM articles WHERE sha256 = ?", [sha]).fetchone()
            if existing:
                raise errors.DuplicateArticle(
                    f"This text is already in the database as “{existing[1]}” "
                    f"(id {existing[0][:8]}); it was not imported again.",
                    existing[0],
                )
            cols = ", ".join(row)
            marks = ", ".join("?" for _ in row)
            conn.execute(f"INSERT INTO articles ({cols}) VALUES ({marks})", list(row.values()))  # noqa: S608 - fixed column names
        return self.get(row["id"])

    def get(self, article_id: str) -> Article:
        """One article with its text."""
        rows = self._read("SELECT * FROM articles WHERE id = ?", [article_id])
        if not rows:
            raise errors.NotFound(f"No article with id {article_id}.")
        r = rows[0]
        return Article(
            id=r["id"], title=r["title"], text=r["text"], sha256=r["sha256"], source=r["source"],
            author=r["author"], url=r["url"], published=_published(r), encoding=r["encoding"],
            filename=r["filename"], created=r["created"], modified=r["modified"],
        )

    def all(self) -> list[ArticleSummary]:
        """Every article without its text, oldest publication first, with annotation counts."""
        rows = self._read(_SUMMARY_SQL + " ORDER BY a.published_start IS NULL, a.published_start, a.title")
        return [
            ArticleSummary(id=r["id"], title=r["title"], source=r["source"], published=_published(r),
                           annotation_count=r["annotation_count"], length=r["length"])
            for r in rows
        ]

    def exists(self, article_id: str) -> bool:
        """True when an article has this id."""
        return bool(self._read("SELECT 1 FROM articles WHERE id = ?", [article_id]))

    def ids_by_hash(self, hashes: list[str]) -> dict[str, str]:
        """SHA-256 of the text → article id, for those of `hashes` already stored."""
        out: dict[str, str] = {}
        for i in range(0, len(hashes), 500):
            chunk = hashes[i:i + 500]
            marks = ", ".join("?" for _ in chunk)
            out.update((r[0], r[1]) for r in self._read(
                f"SELECT sha256, id FROM articles WHERE sha256 IN ({marks})", chunk))  # noqa: S608 - placeholders only
        return out

    def count(self) -> int:
        """How many articles the database holds."""
        return self._read("SELECT count(*) FROM articles")[0][0]

    def find(self, ref: str) -> Article:
        """An article by id, id prefix (≥ 4 characters) or unambiguous title prefix (case-insensitive)."""
        ref = ref.strip()
        if not ref:
            raise errors.NotFound("Give an article id or the start of its title.")
        rows = self._read("SELECT id FROM articles WHERE id = ?", [ref])
        if not rows and len(ref) >= 4:
            rows = self._read("SELECT id FROM articles WHERE id LIKE ? ESCAPE '\\'", [_like_prefix(ref)])
        if not rows:
            rows = self._read("SELECT id, title FROM articles WHERE title LIKE ? ESCAPE '\\'", [_like_prefix(ref)])
        if not rows:
            raise errors.NotFound(f"No article matches “{ref}”. `chronoline list` shows the articles.")
        if len(rows) > 1:
            titles = "; ".join(r["title"] if "title" in r.keys() else r["id"] for r in rows[:5])
            raise errors.NotFound(f"“{ref}” matches {len(rows)} articles ({titles}); be more specific.")
        return self.get(rows[0]["id"])

    def update(self, article_id: str, *, title: str | None = None, source: str | None = None,
                       author: str | None = None, url: str | None = None,
                       published: PartialDate | None | bool = False) -> Article:
        """Edit metadata; `published=None` clears the date, `False` (default) leaves it."""
        fields: dict[str, object] = {}
        for name, value in (("title", title), ("source", source), ("author", author), ("url", url)):
            if value is not None:
                fields[name] = value
        if published is not False:
            fields.update(_published_columns(published))  # type: ignore[arg-type]
        self.get(article_id)
        if fields:
            fields["modified"] = now()
            sets = ", ".join(f"{k} = ?" for k in fields)
            with self._write() as conn:
                conn.execute(f"UPDATE articles SET {sets} WHERE id = ?", [*fields.values(), article_id])  # noqa: S608 - fixed column names
        return self.get(article_id)

    def delete(self, article_id: str) -> None:
        """Delete an article with its annotations (events keep their other sources)."""
        self._last_text = None
        with self._write() as conn:
            conn.execute("DELETE FROM articles WHERE id = ?", [article_id])

    def text(self, article_id: str) -> str:
        """An article's text alone (an article's text never changes: the last one read is kept)."""
        kept = self._last_text
        if kept is not None and kept[0] == article_id and self.exists(article_id):  # not deleted meanwhile
            return kept[1]
        rows = self._read("SELECT text FROM articles WHERE id = ?", [article_id])
        if not rows:
            raise errors.NotFound(f"No article with id {article_id}.")
        self._last_text = (article_id, rows[0][0])
        return rows[0][0]


def _like_prefix(text: str) -> str:
    """A LIKE pattern matching `text` as a literal prefix."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
