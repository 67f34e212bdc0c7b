"""Answer grades (fractions, in percent) that Moodle's question import accepts.

Moodle's import (``qformat_default::importprocess``) rejects any answer whose fraction is not
within 0.00001 of a value in ``question_bank::fraction_options_full()``
(question/engine/bank.php): 0, ±100 % and ± the raw fractions below. A multiple-answer
question is also checked with ``round(sum of positive fractions, 2) == 1``
(question/type/multichoice/questiontype.php).
"""

from __future__ import annotations

#: The positive values of ``fraction_options_full()``, as written in Moodle XML (percent).
ALLOWED_PERCENTS = (
    100.0, 90.0, 83.33333, 80.0, 75.0, 70.0, 66.66667, 60.0, 50.0, 40.0, 33.33333, 30.0,
    25.0, 20.0, 16.66667, 14.28571, 12.5, 11.11111, 10.0, 5.0,
)

#: The most answers that can share 100 %: the smallest allowed share is 5 %.
MAX_SHARES = 20


def shares(count: int) -> list[float]:
    """``count`` allowed percentages, largest first, that add up to 100.

    Up to 10 answers share equally (1/q is allowed for q <= 10: 33.33333, 16.66667, 14.28571
    ... each sum to 100 within Moodle's tolerance). From 11 to 20 no equal share exists, so
    ``20 - count`` answers get 10 % and ``2 * count - 20`` get 5 % (for 11: 9 x 10 + 2 x 5).
    """
    if not 1 <= count <= MAX_SHARES:
        raise ValueError(f"between 1 and {MAX_SHARES} answers can share 100 %, not {count}")
    if count <= 10:
        return [round(100.0 / count, 5)] * count
    return [10.0] * (20 - count) + [5.0] * (2 * count - 20)


def penalties(count: int) -> list[float]:
    """Negative allowed percentages for ``count`` wrong options: ticking all of them costs 100 %.

    Past 20 wrong options each costs 5 %, which costs at least 100 % all together.
    """
    if count > MAX_SHARES:
        return [-5.0] * count
    return [-share for share in shares(count)]


def percent(value: float) -> str:
    """A fraction attribute as Moodle writes it: ``100``, ``33.33333``, ``-12.5``."""
    return f"{value:.5f}".rstrip("0").rstrip(".")
