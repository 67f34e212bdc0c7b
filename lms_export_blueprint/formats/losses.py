"""What a target changes in the content it is given, said as warnings naming asset and question.

Every format, package and provider that writes HTML through formats/html.py loses the same
things (tags no LMS keeps, MathML where the LMS cannot show it, SVG everywhere): they are
named here once, into the push's or package's :class:`~lms_export_blueprint.warnings.Warnings`.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..warnings import Warnings
from . import model
from .files import html_fields
from .html import losses

#: QuizSettings fields, in the words a teacher reads.
SETTING_NAMES = {
    "time_limit_minutes": "time limit", "allowed_attempts": "allowed attempts",
    "shuffle_answers": "shuffled answers", "due_at": "due date",
    "show_correct_answers": "showing correct answers",
}


def note_losses(warnings: Warnings, asset: str, content: model.QuestionSet | model.Page, *,
                mathml: bool = False) -> None:
    """Add what writing ``content`` as HTML drops or converts; ``mathml``: the target keeps
    MathML (Canvas)."""
    for question, text in html_fields(content):
        for message in losses(text, mathml=mathml):
            warnings.add(message, asset=asset, question=question)


def note_settings(warnings: Warnings, asset: str, settings: model.QuizSettings,
                  kept: Iterable[str], target: str) -> None:
    """Add one warning naming the quiz settings given that ``target`` cannot hold."""
    dropped = [label for name, label in SETTING_NAMES.items()
               if getattr(settings, name) is not None and name not in set(kept)]
    if dropped:
        warnings.add(f"quiz settings left out ({', '.join(dropped)}): {target} cannot hold "
                     "them, so set them on the quiz in the LMS", asset=asset)
