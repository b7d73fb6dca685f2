from django.apps import AppConfig
from django.core import checks


class NotifyConfig(AppConfig):
    name = "yiwang.notify"
    label = "notify"
    verbose_name = "消息通知"

    def ready(self) -> None:
        checks.register(check_event_templates)


def check_event_templates(app_configs=None, **kwargs):
    """A registered default template with a syntax error fails `check` (and so CI), not the
    first citizen who triggers the event."""
    from yiwang.notify.events import check_registered_templates

    return [
        checks.Error(f"notification event {code!r}: {error}", id="notify.E001")
        for code, error in check_registered_templates()
    ]
