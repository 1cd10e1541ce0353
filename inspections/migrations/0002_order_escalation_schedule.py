"""The daily escalation of overdue rectification orders (django-celery-beat), 06:30. The bureau can
change it afterwards; this migration only creates what is missing."""

from django.db import migrations

NAME = "整改通知：逾期上报"
TASK = "inspections.tasks.orders_escalate"
CRONTAB = {"minute": "30", "hour": "6", "day_of_month": "*", "month_of_year": "*", "day_of_week": "*"}


def create_schedule(apps, schema_editor):
    from django.conf import settings

    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    schedule, _ = CrontabSchedule.objects.get_or_create(timezone=settings.TIME_ZONE, **CRONTAB)
    PeriodicTask.objects.get_or_create(name=NAME, defaults={"task": TASK, "crontab": schedule})


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
