"""Background work of the audit app (Django tasks API; idempotent)."""

from django_tasks import task

from yiwang.audit.services import chain_verify_and_record


@task()
def verify_chain_task(requested_by: str = "") -> bool:
    """Verify the chain outside the web request (it can take minutes on a large log)."""
    return chain_verify_and_record(requested_by=requested_by).ok
