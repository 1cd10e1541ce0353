"""Excel import of the purchase ledger for canteens that keep it in spreadsheets today."""

from django import forms
from django.utils.translation import gettext_lazy as _

from canteens import services
from canteens.choices import FoodClass, Unit
from canteens.models import Canteen, PurchaseEntry, Supplier
from houqin.core.excel import Column, SheetImport
from houqin.core.fields import LabelChoiceField


class PurchaseRowForm(forms.ModelForm):
    supplier = forms.ModelChoiceField(
        label=_("supplier"), queryset=Supplier.objects.none(), to_field_name="name",
        error_messages={"invalid_choice": _("No supplier of this name is admitted by the school.")},
    )
    food_class = LabelChoiceField(label=_("food class"), choices=FoodClass.choices)
    unit = LabelChoiceField(label=_("unit"), choices=Unit.choices)

    class Meta:
        model = PurchaseEntry
        fields = ["date", "supplier", "item", "food_class", "quantity", "unit", "unit_price", "batch",
                  "production_date", "shelf_life_days", "quarantine_number", "invoice_number", "purchaser",
                  "acceptor", "supplier_signer"]

    def __init__(self, *args, canteen, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.canteen = canteen
        self.fields["supplier"].queryset = Supplier.objects.filter(school_id=canteen.school_id, status="admitted")


class PurchaseImport(SheetImport):
    """Purchases of the user's school's canteen, one row per delivery line."""

    title = _("Purchases")
    columns = (
        Column(_("Date"), "date", "2026-11-02", note=_("YYYY-MM-DD")),
        Column(_("Supplier"), "supplier", "汉江粮油有限公司", note=_("A supplier admitted by the school")),
        Column(_("Goods"), "item", "大米"),
        Column(_("Food class"), "food_class", str(FoodClass.DRY.label), choices=FoodClass.labels),
        Column(_("Quantity"), "quantity", "200"),
        Column(_("Unit"), "unit", str(Unit.KG.label), choices=Unit.labels),
        Column(_("Unit price (yuan)"), "unit_price", "4.20"),
        Column(_("Batch"), "batch", "20261030-01", required=False),
        Column(_("Production date"), "production_date", "2026-10-30", required=False),
        Column(_("Shelf life (days)"), "shelf_life_days", "365", required=False),
        Column(_("Quarantine certificate"), "quarantine_number", "", required=False, note=_("Required for meat")),
        Column(_("Invoice number"), "invoice_number", "", required=False),
        Column(_("Purchased by"), "purchaser", "刘春华", required=False),
        Column(_("Accepted by"), "acceptor", "孙志强", required=False),
        Column(_("Delivered by (supplier)"), "supplier_signer", "", required=False),
    )

    def __init__(self, canteen=None):
        self.canteen = canteen

    def row_form(self, data, acting_user):
        return PurchaseRowForm(data, canteen=self.canteen)

    def row_key(self, form):
        data = form.cleaned_data
        return (data["date"], data["supplier"].pk, data["item"], data.get("batch") or "", data["quantity"])

    def save_row(self, form, acting_user):
        from django.core.exceptions import ValidationError

        data = form.cleaned_data
        if PurchaseEntry.objects.filter(canteen=self.canteen, date=data["date"], supplier=data["supplier"],
                                        item=data["item"], batch=data.get("batch") or "",
                                        quantity=data["quantity"], voided_at__isnull=True).exists():
            raise ValidationError(_("This delivery is in the ledger already."))
        services.purchase_record(entry=form.instance, acting_user=acting_user)
        return True
