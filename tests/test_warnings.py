"""The one collector of what a target could not hold."""

from lms_export_blueprint.warnings import Warnings


def test_a_warning_names_its_asset_and_question():
    warnings = Warnings()

    warnings.add("the tolerance was dropped", asset="quiz1", question=3)

    assert warnings.messages() == ["quiz1: question 3: the tolerance was dropped"]


def test_the_same_warning_is_said_once_in_the_order_first_seen():
    warnings = Warnings()

    warnings.add("b", asset="quiz1")
    warnings.add("a")
    warnings.add("b", asset="quiz1")
    warnings.extend(["a", "c"])

    assert list(warnings) == ["quiz1: b", "a", "c"]
    assert len(warnings) == 3


def test_an_empty_collector_is_false():
    assert not Warnings()
    assert Warnings(["x"])
