"""The GovStack spec, read at run time from ../shared/specs (never copied into the
repository), and a validator of responses against its schemas."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker

SPEC_PATH = Path(
    os.environ.get("YIWANG_GOVSTACK_SPEC")
    or Path(__file__).resolve().parents[4] / ".." / "shared" / "specs" / "govstack"
    / "registration-bb-api.json"
)  # fmt: skip
BASE = "/govstack/registration"
MEDIATOR = {"HTTP_INFORMATION_MEDIATOR_CLIENT": "eGovStack/GOV/90000009/digitalregistries"}


def load_spec() -> dict:
    if not SPEC_PATH.exists():
        pytest.skip("../shared/specs/govstack/registration-bb-api.json not present")
    return json.loads(SPEC_PATH.read_text(encoding="utf-8"))


def response_schema(spec: dict, path: str, method: str, status: str) -> dict:
    """The schema the spec gives for one response (any content type)."""
    response = spec["paths"][path][method]["responses"][status]
    if "$ref" in response:
        response = spec["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    content = response["content"]
    schema = next(iter(content.values()))["schema"]
    return {"components": spec["components"], "allOf": [schema]}


def assert_matches(spec: dict, path: str, method: str, status: int, body) -> None:
    schema = response_schema(spec, path, method, str(status))
    errors = sorted(
        Draft202012Validator(schema, format_checker=FormatChecker()).iter_errors(body),
        key=lambda e: list(e.path),
    )
    assert not errors, "; ".join(f"{list(e.path)}: {e.message}" for e in errors[:5])
