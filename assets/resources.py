"""Excel import of an existing asset register (all or nothing, row-level errors)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from assets import services
from assets.choices import AssetSource, AssetStatus, Category, FundingSource
from assets.models import Asset, Room
from assets.forms import AssetRulesMixin
from assets.services.register import EDITABLE_STATUSES
from houqin.core.excel import Column, SheetImport
from houqin.core.fields import LabelChoiceField
from houqin.org.models import User


class PersonByNameField(forms.ModelChoiceField):
    """An account of the school by its full name; namesakes are common, so two of them is a row error."""

    def to_python(self, value):
        from django.core.exceptions import MultipleObjectsReturned

        try:
            return super().to_python(value)
        except MultipleObjectsReturned:
            raise ValidationError(_("Several accounts of the school are called %(name)s: give the custodian's "
                                    "department instead, or rename one account.") % {"name": value}) from None


class AssetRowForm(AssetRulesMixin, forms.ModelForm):
    """One row of the register: choices by their label, the room and custodian by name."""

    category = LabelChoiceField(label=_("category"), choices=Category.choices)
    funding_source = LabelChoiceField(label=_("funding source"), choices=FundingSource.choices, required=False)
    status = LabelChoiceField(label=_("status"), required=False,
                              choices=[c for c in AssetStatus.choices if c[0] in EDITABLE_STATUSES])
    room = forms.ModelChoiceField(label=_("room"), queryset=Room.objects.none(), to_field_name="name", required=False,
                                  error_messages={"invalid_choice": _("The school has no room of this name: add the "
                                                                      "room first.")})
    custodian = PersonByNameField(label=_("custodian"), queryset=User.objects.none(), to_field_name="full_name",
                                       required=False,
                                       error_messages={"invalid_choice": _("Nobody of this name has an account at the "
                                                                           "school.")})
    useful_life_years = forms.IntegerField(label=_("useful life (years)"), required=False, min_value=0, max_value=100)
    opening_depreciation = forms.DecimalField(label=_("depreciation brought forward (yuan)"), required=False,
                                              max_digits=12, decimal_places=2)

    class Meta:
        model = Asset
        fields = ["name", "category", "model", "purchase_date", "original_value", "funding_source", "room",
                  "custodian", "custodian_department", "status", "useful_life_years", "opening_depreciation",
                  "supplier", "invoice_number", "note"]

    def __init__(self, *args, school_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.school_id = school_id
        self.fields["room"].queryset = Room.objects.filter(school_id=school_id)
        self.fields["custodian"].queryset = User.objects.filter(school_id=school_id, is_active=True)



    def clean_original_value(self):
        value = self.cleaned_data.get("original_value")
        if value is not None and value < 0:
            raise ValidationError(_("The original value cannot be negative."))
        return value

    def clean(self):
        cleaned = super().clean()
        cleaned["funding_source"] = cleaned.get("funding_source") or FundingSource.FISCAL
        cleaned["status"] = cleaned.get("status") or AssetStatus.IN_USE
        if cleaned.get("opening_depreciation") is None:
            cleaned["opening_depreciation"] = 0
        return cleaned


class AssetImport(SheetImport):
    """The school's existing register, one row per asset; each gets the next tag code."""

    title = _("Asset register")
    columns = (
        Column(_("Name"), "name", "台式计算机"),
        Column(_("Category"), "category", str(Category.COMPUTER.label), choices=Category.labels),
        Column(_("Model"), "model", "联想 启天M430", required=False),
        Column(_("Purchase date"), "purchase_date", "2022-09-01", note=_("YYYY-MM-DD")),
        Column(_("Original value (yuan)"), "original_value", "4500.00"),
        Column(_("Funding source"), "funding_source", str(FundingSource.FISCAL.label), required=False,
               choices=FundingSource.labels),
        Column(_("Room"), "room", "微机室", required=False, note=_("A room already added to the portal")),
        Column(_("Custodian"), "custodian", "", required=False, note=_("The full name of an account of the school")),
        Column(_("Custodian department"), "custodian_department", "信息中心", required=False),
        Column(_("Status"), "status", str(AssetStatus.IN_USE.label), required=False,
               choices=[str(label) for value, label in AssetStatus.choices if value in EDITABLE_STATUSES]),
        Column(_("Useful life (years)"), "useful_life_years", "6", required=False,
               note=_("Empty: the category's usual life")),
        Column(_("Depreciation brought forward (yuan)"), "opening_depreciation", "2250.00", required=False,
               note=_("Accumulated depreciation in the old register")),
        Column(_("Supplier"), "supplier", "", required=False),
        Column(_("Invoice number"), "invoice_number", "", required=False),
        Column(_("Note"), "note", "", required=False, note=_("e.g. the old register's number")),
    )

    def __init__(self, school_id=None):
        self.school_id = school_id

    def row_form(self, data, acting_user):
        return AssetRowForm(data, school_id=self.school_id)

    def save_row(self, form, acting_user):
        form.instance.source = AssetSource.IMPORT
        services.asset_register(asset=form.instance, acting_user=acting_user, reason=str(_("Imported register")))
        return True
