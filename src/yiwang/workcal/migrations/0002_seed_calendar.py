"""Load every year the chinese-calendar package knows, the default working hours, and the
calendar revision row. Runs without audit records: it is part of installing the platform."""

from django.db import migrations


def forwards(apps, schema_editor):
    from yiwang.workcal.seed import apply_seed

    SpecialDay = apps.get_model("workcal", "SpecialDay")
    CalendarYear = apps.get_model("workcal", "CalendarYear")
    WorkSchedule = apps.get_model("workcal", "WorkSchedule")
    CalendarRevision = apps.get_model("workcal", "CalendarRevision")
    apply_seed(special_day_model=SpecialDay, calendar_year_model=CalendarYear)
    if not WorkSchedule.objects.filter(is_active=True).exists():
        WorkSchedule.objects.create(is_active=True)  # 09:00–12:00, 13:30–17:30
    CalendarRevision.objects.get_or_create(pk=1, defaults={"revision": 1})


def backwards(apps, schema_editor):
    apps.get_model("workcal", "SpecialDay").objects.filter(source="seed").delete()
    apps.get_model("workcal", "CalendarYear").objects.filter(source="seed").delete()


class Migration(migrations.Migration):
    dependencies = [("workcal", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
