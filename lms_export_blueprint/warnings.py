"""What a target could not hold, collected once per push or package and said to the teacher."""

from __future__ import annotations

from collections.abc import Iterable, Iterator


class Warnings:
    """Warnings in the order first seen, each once, naming the asset and question they concern.

    Formats, packages and providers add to the same collector; the push answers its
    :meth:`messages` as ``data.warnings`` and a package as ``X-LMS-Package-Warnings``.
    """

    def __init__(self, messages: Iterable[str] = ()) -> None:
        self._messages: dict[str, None] = dict.fromkeys(messages)

    def add(self, message: str, *, asset: str | None = None, question: int | None = None) -> None:
        """Record ``message``; ``question`` is the question's 1-based number in its set."""
        where = []
        if asset is not None:
            where.append(asset)
        if question is not None:
            where.append(f"question {question}")
        self._messages.setdefault(f"{': '.join(where)}: {message}" if where else message)

    def extend(self, messages: Iterable[str]) -> None:
        """Take warnings already worded (another collector's :meth:`messages`)."""
        for message in messages:
            self._messages.setdefault(message)

    def messages(self) -> list[str]:
        return list(self._messages)

    def __iter__(self) -> Iterator[str]:
        return iter(self._messages)

    def __len__(self) -> int:
        return len(self._messages)

    def __bool__(self) -> bool:
        return bool(self._messages)

    def __repr__(self) -> str:
        return f"Warnings({self.messages()!r})"
