"""Ledger rows are never deleted: PostgreSQL refuses a DELETE on them, whoever sends it (see
houqin/core/ledgers.py). TRUNCATE, used only by the test suite to empty its database, is not a DELETE."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION houqin_ledger_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'rows of the ledger % are never deleted: void, close or correct them instead', TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END
$$;
"""

TABLES = [
    'assets_acceptance',
    'assets_asset',
    'assets_compensation',
    'assets_custodycheck',
    'assets_custodyline',
    'assets_deposit',
    'assets_disposal',
    'assets_facilitycheck',
    'assets_purchaseapproval',
    'assets_purchaserequest',
    'assets_reconciliation',
    'assets_reconciliationline',
    'assets_repairticket',
    'assets_requisition',
    'assets_stocktake',
    'assets_stocktakeline',
    'assets_stocktakeroom',
    'assets_transfer',
    'canteens_bulktender',
    'canteens_monthlyaccount',
    'canteens_morningcheck',
    'canteens_purchaseentry',
    'canteens_samplerecord',
    'canteens_stockout',
    'canteens_supervisionvisit',
    'canteens_weeklymenu',
    'fees_consent',
    'fees_feenotice',
    'fees_receiptscan',
    'fees_settlement',
    'fees_settlementline',
    'inspections_complaint',
    'inspections_declaration',
    'inspections_dutyvisit',
    'inspections_inspection',
    'inspections_inspectionplan',
    'inspections_inspectionresult',
    'inspections_planentry',
    'inspections_recheck',
    'inspections_rectificationanswer',
    'inspections_rectificationorder',
    'inspections_reviewscore',
    'inspections_reviewsheet',
    'inspections_title',
    'inspections_vetofact',
    'notify_notice',
    'notify_noticereceipt',
    'notify_notification',
    'notify_reminderrun',
    'notify_schedulechange',
    'schoolbus_accident',
    'schoolbus_hazardcheck',
    'schoolbus_quarterlyreport',
    'schoolbus_safetyactivity',
    'schoolbus_trip',
    'workplan_goal',
]


def _create(table):
    return (f"CREATE TRIGGER houqin_ledger_no_delete BEFORE DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION houqin_ledger_no_delete();")


class Migration(migrations.Migration):
    dependencies = [
        ('assets', '0003_list_indexes'),
        ('canteens', '0005_purchase_unsigned'),
        ('fees', '0003_list_indexes'),
        ('inspections', '0005_list_indexes'),
        ('notify', '0003_notices_and_run_details'),
        ('org', '0003_user_township_post'),
        ('schoolbus', '0002_trip_direction_label'),
        ('workplan', '0001_initial'),
    ]

    operations = [
        migrations.RunSQL(FUNCTION, "DROP FUNCTION IF EXISTS houqin_ledger_no_delete() CASCADE;"),
        *(migrations.RunSQL(_create(t), f"DROP TRIGGER IF EXISTS houqin_ledger_no_delete ON {t};") for t in TABLES),
    ]
