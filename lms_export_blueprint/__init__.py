"""Push a course-authoring app's quizzes, question papers and notes to an LMS."""

from .formats import format_asset_for_lms, register_format

__all__ = ["format_asset_for_lms", "register_format"]
