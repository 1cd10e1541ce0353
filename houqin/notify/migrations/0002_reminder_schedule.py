"""The default reminder schedule (django-celery-beat): the 1st of each month and every Monday, 07:00.
The bureau can change it afterwards; this migration only creates what is missing."""

from django.db import migrations

SCHEDULES = (
    ("提醒：每月1日", {"minute": "0", "hour": "7", "day_of_month": "1", "month_of_year": "*", "day_of_week": "*"}),
    ("提醒：每周一摘要", {"minute": "0", "hour": "7", "day_of_month": "*", "month_of_year": "*", "day_of_week": "1"}),
)


def create_schedule(apps, schema_editor):
    from django.conf import settings

    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, crontab in SCHEDULES:
        schedule, _ = CrontabSchedule.objects.get_or_create(timezone=settings.TIME_ZONE, **crontab)
        PeriodicTask.objects.get_or_create(
            name=name, defaults={"task": "houqin.notify.tasks.reminders_run", "crontab": schedule}
        )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=[n for n, _ in SCHEDULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notify", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
