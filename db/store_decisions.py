"""Suggestion decisions: which suggested dates of an article were accepted (and as which event) or rejected."""

from __future__ import annotations

from db.clock import now
from db.store_tx import Part


class Decisions(Part):
    """`store.decisions`: the analyst's decisions on date suggestions."""

    def decide(self, article_id: str, start: int, end: int, decision: str | None, event_id: str = "") -> None:
        """Remember that a suggested date was accepted or rejected (None forgets the decision)."""
        with self._write() as conn:
            conn.execute('DELETE FROM suggestion_decisions WHERE article_id = ? AND start = ? AND "end" = ?',
                         [article_id, start, end])
            if decision:
                conn.execute('INSERT INTO suggestion_decisions (article_id, start, "end", decision, event_id, '
                             "modified) VALUES (?,?,?,?,?,?)", [article_id, start, end, decision, event_id, now()])

    def of_article(self, article_id: str) -> dict[tuple[int, int], tuple[str, str]]:
        """(start, end) → (decision, event id) for one article."""
        rows = self._read('SELECT start, "end", decision, event_id FROM suggestion_decisions WHERE article_id = ?',
                          [article_id])
        return {(r[0], r[1]): (r[2], r[3] or "") for r in rows}
