"""Forms endpoints: create, get, batchUpdate, setPublishSettings (forms.v1).

A form lives in Drive: it is deleted through Drive's ``files.delete`` (the Form resource:
"deleting a form ... is done via the Drive API"), which ``drive`` serves.
"""

from __future__ import annotations

import copy
import secrets
from typing import TYPE_CHECKING, Any

from ..reference_lms import LMSResponse
from . import rules
from .api import Request, Route, denied, invalid, not_found, reply

if TYPE_CHECKING:
    from .double import GoogleDouble

#: The fields an UpdateSettingsRequest / UpdateFormInfoRequest mask may name.
SETTINGS_FIELDS = {"quizSettings", "quizSettings.isQuiz", "emailCollectionType"}
INFO_FIELDS = {"title", "description"}


def create_form(double: GoogleDouble, request: Request) -> LMSResponse:
    """forms.create: "Only the form.info.title and form.info.document_title fields are copied
    ... All other fields including the form description, items and settings are disallowed."
    Unpublished unless ``unpublished=false``: forms made through the API after 2026-01-31 are
    unpublished by default (the Forms guides' notice, "Google Forms API changes")."""
    body = request.json()
    info = body.get("info") or {}
    if set(body) - {"info"} or set(info) - {"title", "documentTitle"}:
        raise invalid("Only info.title and info.documentTitle may be set when creating a form")
    form_id = secrets.token_urlsafe(33)
    published = request.query.get("unpublished") == "false"
    form: dict[str, Any] = {"formId": form_id,
            "info": {"title": info.get("title", ""),
                     "documentTitle": info.get("documentTitle") or info.get("title")
                     or "Untitled form"},
            "settings": {}, "revisionId": double.new_revision(),
            "responderUri": f"https://docs.google.com/forms/d/e/{secrets.token_urlsafe(40)}"
                            f"/viewform",
            "publishSettings": {"publishState": {"isPublished": published,
                                                 "isAcceptingResponses": published}}}
    double.forms[form_id] = form
    double.files[form_id] = {"id": form_id, "name": form["info"]["documentTitle"],
                             "mimeType": "application/vnd.google-apps.form",
                             "owner": request.user_id, "appProperties": {}, "content": ""}
    return reply(200, _shown(form))


def get_form(double: GoogleDouble, request: Request, form_id: str) -> LMSResponse:
    return reply(200, _shown(_owned(double, request, form_id)))


def batch_update(double: GoogleDouble, request: Request, form_id: str) -> LMSResponse:
    """forms.batchUpdate: "All the specified updates are made or none of them are"."""
    form = _owned(double, request, form_id)
    body = request.json()
    required = (body.get("writeControl") or {}).get("requiredRevisionId")
    if required is not None and required != form["revisionId"]:
        raise invalid("The revision ID is not the latest revision of the form")
    updates = body.get("requests") or []
    if not updates:
        raise invalid("requests is required")
    draft = copy.deepcopy(form)
    replies = [_apply(double, draft, update) for update in updates]
    draft["revisionId"] = double.new_revision()
    double.forms[form_id] = draft
    answer: dict[str, Any] = {"replies": replies,
                              "writeControl": {"requiredRevisionId": draft["revisionId"]}}
    if body.get("includeFormInResponse"):
        answer["form"] = _shown(draft)
    return reply(200, answer)


def set_publish_settings(double: GoogleDouble, request: Request, form_id: str) -> LMSResponse:
    """forms.setPublishSettings: both flags of publishState are required; accepting responses
    while unpublished "isn't supported and returns an error" (PublishSettings)."""
    form = _owned(double, request, form_id)
    state = ((request.json().get("publishSettings") or {}).get("publishState") or {})
    if "isPublished" not in state or "isAcceptingResponses" not in state:
        raise invalid("publishState.isPublished and isAcceptingResponses are required")
    if state["isAcceptingResponses"] and not state["isPublished"]:
        raise invalid("An unpublished form cannot accept responses")
    form["publishSettings"] = {"publishState": {
        "isPublished": bool(state["isPublished"]),
        "isAcceptingResponses": bool(state["isAcceptingResponses"])}}
    return reply(200, {"formId": form_id, "publishSettings": form["publishSettings"]})


def _apply(double: GoogleDouble, form: dict[str, Any], update: dict[str, Any]) -> dict[str, Any]:
    kinds = [kind for kind, value in update.items() if value is not None]
    if len(kinds) != 1:
        raise invalid("Each request must set exactly one kind of update")
    kind, spec = kinds[0], update[kinds[0]]
    if kind == "updateSettings":
        _update_settings(form, spec)
        return {}
    if kind == "updateFormInfo":
        fields = _mask(spec, INFO_FIELDS)
        for field in fields:
            form["info"][field] = (spec.get("info") or {}).get(field, "")
        return {}
    if kind == "createItem":
        return {"createItem": _create_item(double, form, spec)}
    raise invalid(f"{kind} is not served by this double")


def _update_settings(form: dict[str, Any], spec: dict[str, Any]) -> None:
    """UpdateSettingsRequest: ``updateMask`` is required and names at least one field."""
    settings = spec.get("settings") or {}
    for field in _mask(spec, SETTINGS_FIELDS):
        if field.startswith("quizSettings"):
            is_quiz = bool((settings.get("quizSettings") or {}).get("isQuiz"))
            form["settings"]["quizSettings"] = {"isQuiz": is_quiz}
            if not is_quiz:  # "Upon setting to false, all question Grading is deleted."
                for item in form.get("items", []):
                    ((item.get("questionItem") or {}).get("question") or {}).pop("grading", None)
        else:
            form["settings"][field] = settings.get(field)


def _mask(spec: dict[str, Any], allowed: set[str]) -> list[str]:
    mask = [field.strip() for field in (spec.get("updateMask") or "").split(",") if field.strip()]
    if not mask:
        raise invalid("updateMask is required and must name at least one field")
    if mask == ["*"]:
        return sorted(allowed - {"quizSettings"})
    for field in mask:
        if field not in allowed:
            raise invalid(f"Invalid field mask path: {field}")
    return mask


def _create_item(double: GoogleDouble, form: dict[str, Any],
                 spec: dict[str, Any]) -> dict[str, Any]:
    """CreateItemRequest: ``item`` and ``location`` are required; the index in range."""
    item, location = spec.get("item"), spec.get("location")
    items = form.setdefault("items", [])
    if not isinstance(item, dict) or not isinstance(location, dict):
        raise invalid("createItem.item and createItem.location are required")
    index = location.get("index")
    if not isinstance(index, int) or not 0 <= index <= len(items):
        raise invalid(f"location.index must be in [0, {len(items)}]")
    is_quiz = bool((form["settings"].get("quizSettings") or {}).get("isQuiz"))
    rules.form_item(item, is_quiz=is_quiz)
    item = copy.deepcopy(item)
    taken = {existing["itemId"] for existing in items}
    if item.get("itemId") in taken:
        raise invalid("The item ID is already used in the form")
    item["itemId"] = item.get("itemId") or double.new_hex_id()
    question_ids = []
    question = (item.get("questionItem") or {}).get("question")
    if question is not None:
        question["questionId"] = question.get("questionId") or double.new_hex_id()
        question_ids.append(question["questionId"])
    items.insert(index, item)
    return {"itemId": item["itemId"], "questionId": question_ids}


def _owned(double: GoogleDouble, request: Request, form_id: str) -> dict[str, Any]:
    form = double.forms.get(form_id)
    if form is None:
        raise not_found("form")
    if double.files[form_id]["owner"] != request.user_id:
        raise denied()
    return form


def _shown(form: dict[str, Any]) -> dict[str, Any]:
    """A form as Forms answers it: no ``items`` key while it has none."""
    shown = copy.deepcopy(form)
    if not shown.get("items"):
        shown.pop("items", None)
    return shown


ROUTES: list[Route] = [
    ("POST", r"/v1/forms", "forms.forms.create", create_form),
    ("GET", r"/v1/forms/([^/:]+)", "forms.forms.get", get_form),
    ("POST", r"/v1/forms/([^/:]+):batchUpdate", "forms.forms.batchUpdate", batch_update),
    ("POST", r"/v1/forms/([^/:]+):setPublishSettings", "forms.forms.setPublishSettings",
     set_publish_settings),
]
