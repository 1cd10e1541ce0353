"""Excel import of the purchase ledger for canteens that keep it in spreadsheets today."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import construct_instance
from django.utils.translation import gettext_lazy as _

from canteens import services
from canteens.choices import FoodClass, Unit
from canteens.models import Canteen, PurchaseEntry, Supplier
from houqin.core.excel import Column, RowError, SheetImport
from houqin.core.fields import LabelChoiceField


class SharedFields(dict):
    """The fields of a row form, shared by the forms of every row rather than deep-copied for each
    (a fifth of the time of a 10,000-row import): a row form is validated, never rendered or
    altered, and validating leaves its fields as they were."""

    def __deepcopy__(self, memo):
        return dict(self)


class PurchaseRowForm(forms.ModelForm):
    supplier = forms.CharField(label=_("supplier"))
    food_class = LabelChoiceField(label=_("food class"), choices=FoodClass.choices)
    unit = LabelChoiceField(label=_("unit"), choices=Unit.choices)

    class Meta:
        model = PurchaseEntry
        fields = ["date", "supplier", "item", "food_class", "quantity", "unit", "unit_price", "batch",
                  "production_date", "shelf_life_days", "quarantine_number", "invoice_number", "purchaser",
                  "acceptor", "supplier_signer"]

    def __init__(self, *args, canteen, suppliers: dict[str, Supplier], **kwargs):
        """`suppliers`: the school's admitted suppliers by name, read once for the whole import."""
        super().__init__(*args, **kwargs)
        self.instance.canteen = canteen
        self.suppliers = suppliers

    def clean_supplier(self):
        try:
            return self.suppliers[self.cleaned_data["supplier"]]
        except KeyError:
            raise ValidationError(_("No supplier of this name is admitted by the school."),
                                  code="invalid_choice") from None

    def _post_clean(self):
        """The model's field checks, without the two queries per row a ModelForm would make: the
        supplier exists (it was read with the school's admitted ones) and the table's check
        constraints are left to `services.purchases_record`, whose rules imply them."""
        try:
            self.instance = construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)
            self.instance.full_clean(exclude=self._get_validation_exclusions() | {"supplier"}, validate_unique=False,
                                     validate_constraints=False)
        except ValidationError as error:
            self._update_errors(error)


PurchaseRowForm.base_fields = SharedFields(PurchaseRowForm.base_fields)


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
        self._suppliers = None

    def row_form(self, data, acting_user):
        if self._suppliers is None:  # one query per import, not per row
            self._suppliers = {s.name: s for s in Supplier.objects.filter(school_id=self.canteen.school_id,
                                                                           status="admitted")}
        return PurchaseRowForm(data, canteen=self.canteen, suppliers=self._suppliers)

    def row_key(self, form):
        data = form.cleaned_data
        return (data["date"], data["supplier"].pk, data["item"], data.get("batch") or "", data["quantity"])

    def save_rows(self, rows, acting_user, report):
        """All rows in one service call: a query for the deliveries already in the ledger and a few
        bulk inserts (each row with its history record), not a dozen queries per row."""
        refusals = services.purchases_record(canteen=self.canteen, entries=[form.instance for _n, form in rows],
                                             acting_user=acting_user)
        for position, error in sorted(refusals.items()):
            report.errors.append(RowError(rows[position][0], "", " ".join(error.messages)))
        if not refusals:
            report.created += len(rows)
