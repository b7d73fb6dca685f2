"""One writer for both formats: a response is built once as plain Python data (dicts, lists,
strings, numbers, booleans, None) and rendered as JSON or as the spec's XML, so the two can
never say different things.

XML element names come from the data's keys; the items of a list are named by the list
(``services`` → ``service``, ``attributes`` → ``attribute`` ...), as in the GeoReport v2
examples. ``None`` is an empty element, booleans are ``true``/``false``.
"""

from __future__ import annotations

import json
from typing import Any
from xml.etree import ElementTree as ET

from django.http import HttpResponse

FORMATS = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}

ITEM_NAMES = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "errors": "error",
}


def _scalar(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _fill(element: ET.Element, value: Any, name: str) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _fill(ET.SubElement(element, key), item, key)
    elif isinstance(value, list):
        child_name = ITEM_NAMES[name]
        for item in value:
            _fill(ET.SubElement(element, child_name), item, child_name)
    else:
        element.text = _scalar(value)


def to_xml(data: Any, root: str) -> str:
    element = ET.Element(root)
    _fill(element, data, root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(element, encoding="unicode")


def render(fmt: str, data: Any, root: str, *, status: int = 200) -> HttpResponse:
    """``root`` names the XML document element (``services``, ``service_requests`` ...)."""
    if fmt == "xml":
        body = to_xml(data, root)
    else:
        fmt = "json"
        body = json.dumps(data, ensure_ascii=False)
    return HttpResponse(body.encode("utf-8"), status=status, content_type=FORMATS[fmt])
