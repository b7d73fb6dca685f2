"""Timers that count working days.

A BPMN duration timer (``timeDuration``) in an approval process means working time on the
working-day calendar (yiwang.workcal): ``P3D`` is three working days, ``PT4H`` four working
hours. The timer fires at the end of the last working day (the deadline is "within N working
days"). Spiff's own timer machinery runs it; only the arithmetic is ours.
"""

from __future__ import annotations

from datetime import UTC, datetime, time

from django.utils import timezone
from SpiffWorkflow.bpmn.specs.event_definitions.timer import (
    DurationTimerEventDefinition,
    TimerEventDefinition,
)

from yiwang.workcal import workdays


class WorkingTimeError(ValueError):
    pass


def parse_working_duration(expression: str) -> tuple[int, float]:
    """``P3D`` → (3, 0); ``PT4H`` → (0, 4); weeks count as five working days."""
    try:
        parsed = TimerEventDefinition.parse_iso_duration(str(expression).strip().upper())
    except Exception:
        raise WorkingTimeError(f"not an ISO 8601 duration: {expression!r}") from None
    if parsed.get("years") or parsed.get("months"):
        raise WorkingTimeError("years and months are not working time; use days (P20D)")
    days = parsed.get("days", 0) + 5 * parsed.get("weeks", 0)
    hours = parsed.get("hours", 0) + parsed.get("minutes", 0) / 60 + parsed.get("seconds", 0) / 3600
    if days != int(days):
        raise WorkingTimeError("working days must be whole")
    if days < 0 or hours < 0 or (days == 0 and hours == 0):
        raise WorkingTimeError("the duration must be positive")
    return int(days), float(hours)


def working_deadline(start: datetime, expression: str) -> datetime:
    """When a working-time duration that starts at ``start`` runs out (aware datetime)."""
    days, hours = parse_working_duration(expression)
    local = timezone.localtime(start)
    if days:
        end_day = workdays.add_working_days(local.date(), days)
        end = timezone.make_aware(datetime.combine(end_day, time(23, 59, 59)))
        if hours:
            end = workdays.add_working_hours(end, hours)
        return end
    return workdays.add_working_hours(local, hours)


class WorkingDayTimerEventDefinition(DurationTimerEventDefinition):
    """A duration timer on the working-day clock (replaces Spiff's calendar-time one)."""

    def has_fired(self, my_task):
        event_value = my_task._get_internal_data("event_value")
        now = timezone.now()  # freezable in tests, unlike Spiff's datetime.now
        if event_value is None:
            expression = my_task.workflow.script_engine.evaluate(my_task, self.expression)
            event_value = working_deadline(now, expression).astimezone(UTC).isoformat()
            my_task._set_internal_data(event_value=event_value)
        if TimerEventDefinition.get_datetime(event_value) < now:
            my_task._set_internal_data(event_fired=True)
        return my_task._get_internal_data("event_fired", False)


def with_working_day_timers(event_definition):
    """The working-day twin of a parsed duration timer (other definitions unchanged)."""
    if type(event_definition) is DurationTimerEventDefinition:
        return WorkingDayTimerEventDefinition(
            event_definition.name,
            event_definition.expression,
            description=event_definition.description,
        )
    return event_definition
