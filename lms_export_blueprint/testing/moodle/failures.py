"""A Moodle exception as the REST server reports it: class, ``errorcode`` and message."""

from __future__ import annotations


class MoodleFailure(Exception):
    """``message`` is what the exception's language string makes (lang/en/*.php)."""

    def __init__(self, exception: str, errorcode: str, message: str) -> None:
        super().__init__(message)
        self.exception = exception
        self.errorcode = errorcode
        self.message = message
