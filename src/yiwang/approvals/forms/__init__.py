"""One form per item or bundle (一表制), described by a JSON Schema (draft 2020-12).

- ``validate(schema, data)``: the cleaned, coerced answers, or ``InvalidInput`` with one Chinese
  message per field (dotted paths: ``applicant.name``, ``members.0.id_number``).
- ``render_fields(schema, data, errors)``: accessible HTML inputs for a server-rendered page.
- ``data_from_post(schema, querydict)``: the answers of a submitted HTML form, as nested data.
"""

from yiwang.approvals.forms.coercion import coerce, data_from_post
from yiwang.approvals.forms.rendering import error_summary, field_id, render_fields, row_action
from yiwang.approvals.forms.schema import field_title, schema_problems
from yiwang.approvals.forms.validation import validate

__all__ = [
    "coerce",
    "data_from_post",
    "error_summary",
    "field_id",
    "field_title",
    "render_fields",
    "row_action",
    "schema_problems",
    "validate",
]
