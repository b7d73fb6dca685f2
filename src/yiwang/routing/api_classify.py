"""POST /api/v1/routing/classify: the category classifier for staff tools (12345 operators
trying a text before intake, dispatchers, admins checking a new model version)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema

from yiwang.core.errors import FieldError, InvalidInput, YiwangError
from yiwang.org.permissions import require
from yiwang.routing.permissions import CLASSIFY

router = Router(tags=["routing"])

# The classifier reads only the first 4,000 characters; a request 25 times that is a mistake.
MAX_TEXT_CHARS = 100_000


class ModelNotUsable(YiwangError):
    status = 503
    code = "routing-model-unavailable"
    title = _("智能派单模型暂不可用，请按派单目录规则派单")


class ClassifyIn(Schema):
    text: str


class Suggestion(Schema):
    label: str
    confidence: float


class ClassifyOut(Schema):
    label: str | None  # None: cannot classify, see reason
    confidence: float
    top: list[Suggestion]
    model_version: str
    reason: str  # "" when classified; empty / no_chinese / no_words otherwise
    reason_text: str


@router.post(
    "/classify",
    response=ClassifyOut,
    summary="Suggest the category (label) of a citizen message with confidence and top 3",
)
def classify_text(request, payload: ClassifyIn):
    """Label, calibrated confidence, top 3 and the model version; text the model cannot read
    (empty, no Chinese, no known words) gives ``label: null`` and the reason. 503 when no
    model is trained or the current one cannot be loaded (the dispatch rules still work)."""
    from yiwang.routing import classify

    require(request.auth, CLASSIFY)
    if len(payload.text) > MAX_TEXT_CHARS:
        raise InvalidInput(
            field_errors=[
                FieldError("text", _("内容过长（最多 100000 字）"), "max_length"),
            ]
        )
    try:
        prediction = classify.predict(payload.text)
    except classify.ModelUnavailable as error:
        raise ModelNotUsable(code=ModelNotUsable.code, extra={"problem": error.problem}) from None
    result = prediction.as_dict()
    result["reason_text"] = str(result["reason_text"] or "")
    return result
