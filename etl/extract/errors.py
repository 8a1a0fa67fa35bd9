"""The error a page raises when it cannot be turned into rows; the pipeline quarantines it."""

from __future__ import annotations


class PageRejected(Exception):
    """A page that cannot be extracted: names the file, a short reason code and the details.

    ``reason`` is a stable code analysts can group by (``empty``, ``binary``, ``undecodable``,
    ``truncated``, ``mojibake``, ``too_large``, ``no_articles``); ``detail`` says what was expected.
    """

    def __init__(self, source_path: str, reason: str, detail: str, stage: str = "decode") -> None:
        self.source_path = source_path
        self.reason = reason
        self.detail = detail
        self.stage = stage
        super().__init__(f"{source_path}: {reason}: {detail}")
