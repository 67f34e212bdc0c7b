"""Moodle answer fractions: only values of question_bank::fraction_options_full(), summing to 100.

Reference: moodle/moodle question/engine/bank.php (ensure_fraction_options_initialised),
lib/questionlib.php match_grade_options (tolerance 0.00001 on the 0..1 fraction) and
question/type/multichoice/questiontype.php (round(total, 2) must be 1 for several answers).
"""

import pytest

from lms_export_blueprint.formats.moodle_grades import (
    ALLOWED_PERCENTS,
    MAX_SHARES,
    penalties,
    percent,
    shares,
)

# fraction_options_full() as Moodle builds it: 0, 1 and +-each raw fraction, and -1.
RAW_FRACTIONS = (0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3,
                 0.25, 0.2, 0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05)
MOODLE_OPTIONS = {0.0, 1.0, -1.0, *RAW_FRACTIONS, *(-value for value in RAW_FRACTIONS)}


def moodle_accepts(percentage_text):
    """match_grade_options in 'error' mode, on the fraction Moodle reads (attribute / 100)."""
    fraction = float(percentage_text) / 100
    return any(abs(fraction - option) < 0.00001 for option in MOODLE_OPTIONS)


def test_our_allowed_list_is_moodles_positive_list():
    assert {round(value / 100, 7) for value in ALLOWED_PERCENTS} == {
        value for value in MOODLE_OPTIONS if value > 0}


@pytest.mark.parametrize("count", range(1, MAX_SHARES + 1))
def test_right_answer_shares_are_allowed_and_add_up_to_100(count):
    written = [percent(share) for share in shares(count)]
    assert len(written) == count
    assert all(moodle_accepts(text) for text in written)
    assert round(sum(float(text) for text in written) / 100, 2) == 1


@pytest.mark.parametrize(("count", "expected"), [
    (3, ["33.33333"] * 3), (6, ["16.66667"] * 6), (7, ["14.28571"] * 7),
    (11, ["10"] * 9 + ["5"] * 2), (20, ["5"] * 20),
])
def test_known_splits(count, expected):
    assert [percent(share) for share in shares(count)] == expected


@pytest.mark.parametrize("count", [1, 2, 5, 11, 20, 21, 30])
def test_wrong_answer_penalties_are_allowed_and_cost_at_least_100(count):
    written = [percent(value) for value in penalties(count)]
    assert all(moodle_accepts(text) for text in written)
    assert sum(float(text) for text in written) <= -99.99


@pytest.mark.parametrize("count", [0, MAX_SHARES + 1])
def test_shares_outside_1_to_20_are_refused(count):
    with pytest.raises(ValueError):
        shares(count)
