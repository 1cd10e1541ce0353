"""Nothing a school recorded is lost: ledger rows cannot be deleted by anyone (PostgreSQL refuses),
every model keeps its history, and the Django admin deletes nothing (houqin/core/ledgers.py)."""

import io

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test import RequestFactory
from simple_history.models import registered_models

from houqin.core import ledgers
from tests import factories


def project_models():
    return [m for m in apps.get_models()
            if m._meta.app_label in ledgers.PROJECT_APPS and not m.__name__.startswith("Historical")]


def test_every_model_is_placed_once_and_keeps_its_history_unless_it_is_a_log():
    groups = (ledgers.LEDGERS, ledgers.DRAFT_PARTS, ledgers.REGISTERS)
    labels = {m._meta.label for m in project_models()}
    unplaced = sorted(label for label in labels if sum(label in group for group in groups) != 1)
    assert not unplaced, f"place these models in exactly one group of houqin/core/ledgers.py: {unplaced}"
    assert ledgers.LOGS <= ledgers.LEDGERS
    unknown = sorted(set().union(*groups) - labels)
    assert not unknown, f"houqin/core/ledgers.py names models that do not exist: {unknown}"
    with_history = {m._meta.label for m in registered_models.values()}
    missing = sorted(labels - with_history - ledgers.LOGS)
    assert not missing, f"these models change but keep no history: {missing}"


def test_the_database_refuses_deletes_on_exactly_the_ledger_tables(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                       "WHERE t.tgname = %s AND NOT t.tgisinternal", [ledgers.TRIGGER_NAME])
        guarded = {row[0] for row in cursor.fetchall()}
    expected = {apps.get_model(label)._meta.db_table for label in ledgers.LEDGERS}
    assert guarded == expected, (
        f"tables without the trigger (add a migration): {sorted(expected - guarded)}; "
        f"trigger on tables that are no ledgers: {sorted(guarded - expected)}"
    )


@pytest.mark.django_db
def test_no_ledger_row_of_the_demo_county_can_be_deleted_even_by_the_orm():
    call_command("seed_demo", "--force", stdout=io.StringIO())
    tried = []
    for label in sorted(ledgers.LEDGERS):
        model = apps.get_model(label)
        row = model._default_manager.order_by("pk").first()
        if row is None:
            continue
        before = model._default_manager.count()
        history = model.history.count() if hasattr(model, "history") else None
        with pytest.raises(IntegrityError), transaction.atomic():  # a protected reference, or the trigger
            row.delete()
        with pytest.raises(IntegrityError, match="never deleted"), transaction.atomic():
            model._default_manager.filter(pk=row.pk)._raw_delete(connection.alias)
        assert model._default_manager.count() == before
        if history is not None:
            assert model.history.count() == history
        tried.append(label)
    # the demo county fills most ledgers; the rest are covered by the trigger test above
    assert len(tried) >= len(ledgers.LEDGERS) // 2, tried
    assert {"canteens.PurchaseEntry", "canteens.MorningCheck", "fees.FeeNotice", "assets.Asset",
            "schoolbus.Trip", "inspections.Declaration"} <= set(tried)


def test_the_django_admin_deletes_nothing_of_the_portal(db, client):
    superuser = factories.UserFactory(role="bureau_admin", county=factories.CountyFactory(), is_superuser=True,
                                      is_staff=True)
    request = RequestFactory().get("/")
    request.user = superuser
    portal_admins = [(m, a) for m, a in admin.site._registry.items() if m._meta.app_label in ledgers.PROJECT_APPS]
    assert portal_admins
    for model, model_admin in portal_admins:
        assert not model_admin.has_delete_permission(request), model._meta.label
        assert "delete_selected" not in model_admin.get_actions(request), model._meta.label
    school = factories.SchoolFactory()
    client.force_login(superuser)
    response = client.post(f"/django-admin/org/school/{school.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert type(school).objects.filter(pk=school.pk).exists()
