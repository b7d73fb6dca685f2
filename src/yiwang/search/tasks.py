"""Background indexing (Django tasks API). Arguments are ids only; the task asks the source
for the current state, so running it twice, late or out of order still ends right."""

from __future__ import annotations

from django_tasks import task

from yiwang.core import context
from yiwang.search.sources import index_now


@task()
def index_object(doc_type: str, object_id: str) -> bool:
    with context.bind(request_id=context.new_request_id(), channel="task"):
        return index_now(doc_type, object_id)
