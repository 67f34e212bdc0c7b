"""A Google double from Google's own specs: ``GoogleDouble`` (Classroom, Forms, Drive, OAuth)
in memory, ``FakeGoogle`` and ``LiveGoogle`` to reach it, ``grade()`` to score a response as a
Forms answer key does."""

from .double import ALL_SCOPES, GoogleCall, GoogleDouble
from .grading import grade, questions

__all__ = ["ALL_SCOPES", "GoogleCall", "GoogleDouble", "grade", "questions"]
