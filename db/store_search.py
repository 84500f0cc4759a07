"""Search everywhere, every hit: each match in each article's text (as FTS5 matches it: stems, prefixes),
grouped by article with counts, plus the annotations whose note or tag matches."""

from __future__ import annotations

from dataclasses import dataclass

from db.store_events import SearchHit, fts_query
from db.store_tx import Part

OPEN, CLOSE = "\ue000", "\ue001"  # private-use marks around each match in FTS5's highlight()
CONTEXT = 60  # characters of context either side of a hit in its snippet


@dataclass(frozen=True)
class ArticleHits:
    """One article's hits: its text matches (at most `listed` of `text_count`), then notes and tags."""

    article_id: str
    title: str
    hits: tuple[SearchHit, ...]
    text_count: int

    @property
    def count(self) -> int:
        """Every match: in the text and in its annotations' notes and tags."""
        return self.text_count + sum(1 for h in self.hits if h.kind != "article")


def marked_spans(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """The text without the OPEN/CLOSE marks and the (start, end) of each marked span in it."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    start = -1
    i = 0
    while i < len(marked):
        j = min((k for k in (marked.find(OPEN, i), marked.find(CLOSE, i)) if k >= 0), default=len(marked))
        out.append(marked[i:j])
        pos += j - i
        if j < len(marked):
            if marked[j] == OPEN:
                start = pos
            elif start >= 0:
                spans.append((start, pos))
                start = -1
        i = j + 1
    return "".join(out), spans


def merge_adjacent(text: str, spans: list[tuple[int, int]], gap: int = 3) -> list[tuple[int, int]]:
    """Join hits separated only by a little white space ("North Waziristan" is one hit; "Kabul, Kabul" two)."""
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and 0 < s - merged[-1][1] <= gap and text[merged[-1][1]:s].isspace():
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged


def snippet(text: str, start: int, end: int, context: int = CONTEXT) -> str:
    """One line around a hit, the hit in [brackets], cut at word boundaries with an ellipsis."""
    lo, hi = max(0, start - context), min(len(text), end + context)
    if lo > 0:
        space = text.find(" ", lo, start)
        lo = space + 1 if space >= 0 else lo
    if hi < len(text):
        space = text.rfind(" ", end, hi)
        hi = space if space >= 0 else hi
    head = " ".join(text[lo:start].split())
    body = " ".join(text[start:end].split())
    tail = " ".join(text[end:hi].split())
    return (f"{'…' if lo > 0 else ''}{head}{' ' if head and text[start - 1].isspace() else ''}[{body}]"
            f"{' ' if tail and text[end:end + 1].isspace() else ''}{tail}{'…' if hi < len(text) else ''}")


class Search(Part):
    """`store.search`: full-text search of article texts, notes and tag names."""

    def flat(self, query: str, limit: int = 200) -> list[SearchHit]:
        """Search article text, annotation quotes and notes (FTS5) and tag names; never errors on odd input."""
        fts = fts_query(query)
        if not fts:
            return []
        hits: list[SearchHit] = []
        for r in self._read(
            "SELECT a.id, a.title, snippet(articles_fts, 1, '[', ']', '…', 12) FROM articles_fts "
            "JOIN articles a ON a.rowid = articles_fts.rowid WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?",
                [fts, limit]):
            hits.append(SearchHit("article", r[0], r[1], r[2]))
        for r in self._read(
            "SELECT n.id, n.article_id, a.title, n.start, n.\"end\", snippet(annotations_fts, -1, '[', ']', '…', 12) "
            "FROM annotations_fts JOIN annotations n ON n.rowid = annotations_fts.rowid "
            "JOIN articles a ON a.id = n.article_id WHERE annotations_fts MATCH ? ORDER BY rank LIMIT ?",
                [fts, limit]):
            hits.append(SearchHit("annotation", r[1], r[2], r[5], r[0], r[3], r[4]))
        pattern = "%" + query.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        for r in self._read(
            "SELECT n.id, n.article_id, a.title, n.start, n.\"end\", t.name FROM tags t "
            "JOIN annotation_tags x ON x.tag_id = t.id JOIN annotations n ON n.id = x.annotation_id "
            "JOIN articles a ON a.id = n.article_id WHERE t.name LIKE ? ESCAPE '\\' LIMIT ?", [pattern, limit]):
            hits.append(SearchHit("tag", r[1], r[2], f"tag: {r[5]}", r[0], r[3], r[4]))
        return hits

    def grouped(self, query: str, articles: int = 200, listed: int = 2000) -> list[ArticleHits]:
        """Every hit of a search, grouped by article, best articles first; never errors on odd input.

        Every hit is counted; about `listed` of them are listed with a snippet (at least 3 per article).
        """
        fts = fts_query(query)
        if not fts:
            return []
        groups: dict[str, tuple[str, list[SearchHit], int]] = {}
        for r in self._read(
                "SELECT a.id, a.title, highlight(articles_fts, 1, ?, ?), a.text FROM articles_fts "
                "JOIN articles a ON a.rowid = articles_fts.rowid WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?",
                [OPEN, CLOSE, fts, articles]):
            text, spans = marked_spans(r[2] or "")
            if text != r[3]:  # the text held the marks themselves: nothing to point at reliably
                spans = []
            text = r[3]
            spans = merge_adjacent(text, spans)
            take = max(3, listed)
            listed -= min(take, len(spans))
            hits = [SearchHit("article", r[0], r[1], snippet(text, s, e), "", s, e) for s, e in spans[:take]]
            if not spans:  # matched in the title only
                hits = [SearchHit("article", r[0], r[1], f"title: {r[1]}", "", 0, 0)]
            groups[r[0]] = (r[1], hits, len(spans))
        for r in self._read(
                "SELECT n.id, n.article_id, a.title, n.start, n.\"end\", highlight(annotations_fts, 1, ?, ?) "
                "FROM annotations_fts JOIN annotations n ON n.rowid = annotations_fts.rowid "
                "JOIN articles a ON a.id = n.article_id WHERE annotations_fts MATCH ? ORDER BY rank LIMIT ?",
                [OPEN, CLOSE, fts, articles * 10]):
            note, spans = marked_spans(r[5] or "")
            if not spans:  # matched in the quote only: the text hits already show it
                continue
            s, e = spans[0]
            hit = SearchHit("annotation", r[1], r[2], "note: " + snippet(note, s, e, 40), r[0], r[3], r[4])
            groups.setdefault(r[1], (r[2], [], 0))[1].append(hit)
        pattern = "%" + query.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        for r in self._read(
                "SELECT n.id, n.article_id, a.title, n.start, n.\"end\", t.name FROM tags t "
                "JOIN annotation_tags x ON x.tag_id = t.id JOIN annotations n ON n.id = x.annotation_id "
                "JOIN articles a ON a.id = n.article_id WHERE t.name LIKE ? ESCAPE '\\' ORDER BY n.start LIMIT ?",
                [pattern, articles * 10]):
            hit = SearchHit("tag", r[1], r[2], f"tag: {r[5]}", r[0], r[3], r[4])
            groups.setdefault(r[1], (r[2], [], 0))[1].append(hit)
        return [ArticleHits(aid, title, tuple(hits), n) for aid, (title, hits, n) in groups.items()]

    def spans(self, query: str, article_id: str) -> list[tuple[int, int]]:
        """Every hit of a search in one article's text (code points), as `grouped` finds them."""
        fts = fts_query(query)
        if not fts:
            return []
        rows = self._read(
            "SELECT highlight(articles_fts, 1, ?, ?), a.text FROM articles_fts JOIN articles a "
            "ON a.rowid = articles_fts.rowid WHERE articles_fts MATCH ? AND a.id = ?", [OPEN, CLOSE, fts, article_id])
        if not rows:
            return []
        text, spans = marked_spans(rows[0][0] or "")
        return merge_adjacent(text, spans) if text == rows[0][1] else []
