"""Input validation of the assets app; every choice narrowed to the user's school."""

from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assets.choices import Category, FacilityState, StockTakeKind
from assets.models import (
    Acceptance,
    Asset,
    AssetRule,
    Compensation,
    Consumable,
    Deposit,
    PurchaseRequest,
    RepairTicket,
    Requisition,
    Room,
    StockTake,
)
from assets.services.register import EDITABLE_STATUSES
from houqin.core.forms import DATE, CleanTextMixin
from houqin.org.choices import Role
from houqin.org.forms import ScopedFormMixin
from houqin.org.models import Term, User

MONEY_INPUT = forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"})
LABEL_SIZES = (("small", _("Small, 40 × 25 mm (4 × 10 per A4 sheet)")),
               ("medium", _("Medium, 60 × 35 mm (3 × 7 per A4 sheet)")),
               ("large", _("Large, 90 × 50 mm (2 × 5 per A4 sheet)")))


def school_people(school_id):
    return User.objects.filter(school_id=school_id, is_active=True).order_by("full_name")


class AssetRuleForm(forms.ModelForm):
    class Meta:
        model = AssetRule
        fields = ["bureau_approval_above", "equipment_centre_from", "government_from"]
        widgets = {f: MONEY_INPUT for f in fields}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)

    def validate_unique(self):
        pass  # the county is set by the service


class RoomForm(ScopedFormMixin, CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Room
        fields = ["name", "building", "kind", "department", "keeper", "dorm_level", "beds", "occupants", "is_active"]
        widgets = {"beds": forms.NumberInput(attrs={"inputmode": "numeric"}),
                   "occupants": forms.NumberInput(attrs={"inputmode": "numeric"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.instance.school_id = self.user.school_id
        self.fields["keeper"].queryset = school_people(self.instance.school_id)
        self.fields["dorm_level"].help_text = _("Only for dormitory rooms, with the beds and occupants.")


class AssetRulesMixin:
    """The register's rules (no future purchase, no negative value, no depreciation past the useful
    life) checked on the form, so a bad row or entry is refused before anything is saved."""

    def clean(self):
        from assets.choices import DEFAULT_LIFE_YEARS

        cleaned = super().clean()
        if cleaned.get("useful_life_years") is None and cleaned.get("category"):
            cleaned["useful_life_years"] = DEFAULT_LIFE_YEARS.get(cleaned["category"], 10)
        return cleaned

    def _post_clean(self):
        from assets.services.register import _validate_asset

        super()._post_clean()
        errors = {}
        _validate_asset(self.instance, errors)
        for field, message in errors.items():
            if field in self.fields:
                if field not in self.errors:
                    self.add_error(field, message)
            else:
                self.add_error(None, message)


class AssetForm(AssetRulesMixin, ScopedFormMixin, CleanTextMixin, forms.ModelForm):
    useful_life_years = forms.IntegerField(
        label=_("useful life (years)"), required=False, min_value=0, max_value=100,
        help_text=_("Leave empty for the category's usual life; 0 for assets that are not depreciated."))

    class Meta:
        model = Asset
        fields = ["name", "category", "model", "purchase_date", "original_value", "funding_source", "room",
                  "custodian", "custodian_department", "status", "useful_life_years", "supplier", "invoice_number",
                  "note"]
        widgets = {"purchase_date": DATE, "original_value": MONEY_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        school_id = self.instance.school_id if self.instance.pk else self.user.school_id
        if self.instance.pk is None:
            self.instance.school_id = school_id
        self.fields["room"].queryset = Room.objects.filter(school_id=school_id, is_active=True)
        self.fields["custodian"].queryset = school_people(school_id)
        self.fields["status"].choices = [(v, label) for v, label in self.fields["status"].choices
                                         if v in EDITABLE_STATUSES or v == self.instance.status]
        self.fields["original_value"].widget.attrs["min"] = "0"

    def clean_original_value(self):
        value = self.cleaned_data.get("original_value")
        if value is not None and value < 0:
            raise forms.ValidationError(_("The original value cannot be negative."))
        return value


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200, widget=forms.Textarea(attrs={"rows": 2}))


class TransferForm(forms.Form):
    to_room = forms.ModelChoiceField(label=_("to room"), queryset=Room.objects.none(), required=False)
    to_custodian = forms.ModelChoiceField(label=_("to custodian"), queryset=User.objects.none(), required=False)
    custodian_department = forms.CharField(label=_("custodian department"), max_length=50, required=False)
    date = forms.DateField(label=_("date"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), max_length=200)

    def __init__(self, *args, asset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_room"].queryset = Room.objects.filter(school_id=asset.school_id, is_active=True)
        self.fields["to_custodian"].queryset = school_people(asset.school_id)


class PurchaseRequestForm(ScopedFormMixin, CleanTextMixin, forms.ModelForm):
    class Meta:
        model = PurchaseRequest
        fields = ["item", "category", "model", "quantity", "unit_price", "funding_source", "department",
                  "department_head", "reason"]
        widgets = {"unit_price": MONEY_INPUT, "quantity": forms.NumberInput(attrs={"inputmode": "numeric"}),
                   "reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.instance.school_id = self.user.school_id
        self.fields["department_head"].queryset = school_people(self.user.school_id).filter(
            role=Role.SCHOOL_STAFF).exclude(pk=self.user.pk)


class DecisionForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), max_length=200, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))


class AcceptanceForm(ScopedFormMixin, CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Acceptance
        fields = ["accepted_on", "quantity", "unit_price", "supplier", "invoice_number", "invoice_scan", "room",
                  "useful_life_years", "second_acceptor", "note"]
        widgets = {"accepted_on": DATE, "unit_price": MONEY_INPUT}

    def __init__(self, *args, request_obj, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.request = request_obj
        self.instance.first_acceptor = self.user
        school_id = request_obj.school_id
        self.fields["room"].queryset = Room.objects.filter(school_id=school_id, is_active=True)
        self.fields["second_acceptor"].queryset = school_people(school_id).exclude(pk=self.user.pk)

    def validate_unique(self):
        pass  # one acceptance per request: the service refuses a second


class CustodyForm(forms.Form):
    term = forms.ModelChoiceField(label=_("term"), queryset=Term.objects.all())
    kind = forms.ChoiceField(label=_("kind"), choices=())
    date = forms.DateField(label=_("date"), widget=DATE)
    keeper = forms.ModelChoiceField(label=_("keeper"), queryset=User.objects.none())
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, *args, room, **kwargs):
        from assets.choices import CustodyKind

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = CustodyKind.choices
        self.fields["keeper"].queryset = school_people(room.school_id)


class StockTakeForm(ScopedFormMixin, CleanTextMixin, forms.ModelForm):
    class Meta:
        model = StockTake
        fields = ["kind", "title"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.school_id = self.user.school_id
        today = timezone.localdate()
        self.fields["kind"].initial = StockTakeKind.ANNUAL
        self.fields["title"].initial = _("%(year)s stock-take") % {"year": today.year}


class ScanForm(forms.Form):
    code = forms.CharField(label=_("Tag or room code"), max_length=300,
                           widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                                         "spellcheck": "false", "enterkeyhint": "go"}))


class SurplusForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=60, widget=forms.TextInput(attrs={"class": "form-control"}))
    category = forms.ChoiceField(label=_("category"), choices=Category.choices,
                                 widget=forms.Select(attrs={"class": "form-select"}))
    value = forms.DecimalField(label=_("value (yuan)"), max_digits=12, decimal_places=2, min_value=0,
                               widget=forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal",
                                                               "class": "form-control"}))
    note = forms.CharField(label=_("note"), max_length=200, required=False,
                           widget=forms.TextInput(attrs={"class": "form-control"}))


class SubmitReportForm(forms.Form):
    note = forms.CharField(label=_("explanation of the differences"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))


class ReconciliationForm(forms.Form):
    period = forms.RegexField(label=_("period"), regex=r"^\d{4}-H[12]$", max_length=7,
                              error_messages={"invalid": _("Write the half year as 2026-H1 or 2026-H2.")})
    file = forms.FileField(label=_("Finance asset export (.xlsx)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["period"].initial = f"{today.year}-H{1 if today.month <= 6 else 2}"

    def clean_file(self):
        from django.conf import settings

        upload = self.cleaned_data["file"]
        if upload.size > settings.EVIDENCE_MAX_MB * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than %(limit)s MB.") % {"limit": settings.EVIDENCE_MAX_MB})
        return upload


class AppraisalForm(forms.Form):
    appraisal = forms.CharField(label=_("appraisal"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    appraisers = forms.CharField(label=_("appraised by"), max_length=100)
    appraised_on = forms.DateField(label=_("appraised on"), widget=DATE)
    appraisal_file = forms.FileField(label=_("appraisal document or photo"), required=False)

    def clean_appraisal_file(self):
        from houqin.core.uploads import EvidenceFileValidator

        upload = self.cleaned_data.get("appraisal_file")
        if upload:
            EvidenceFileValidator()(upload)
        return upload


class DisposalDecisionForm(DecisionForm):
    residual_income = forms.DecimalField(label=_("residual income (yuan)"), max_digits=12, decimal_places=2,
                                         min_value=0, required=False, widget=MONEY_INPUT)


class CompensationForm(ScopedFormMixin, CleanTextMixin, forms.ModelForm):
    asset_tag = forms.CharField(label=_("asset tag code"), max_length=40, required=False,
                                help_text=_("If the item is on the register."))

    class Meta:
        model = Compensation
        fields = ["date", "item", "asset_tag", "responsible", "description", "amount", "paid_on", "receipt_number"]
        widgets = {"date": DATE, "paid_on": DATE, "amount": MONEY_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.school_id = self.user.school_id

    def clean_amount(self):
        value = self.cleaned_data.get("amount")
        if value is not None and value < 0:
            raise forms.ValidationError(_("The compensation cannot be negative."))
        return value

    def clean_asset_tag(self):
        tag = (self.cleaned_data.get("asset_tag") or "").strip().upper()
        if tag:
            asset = Asset.objects.filter(school_id=self.user.school_id, tag_code=tag).first()
            if asset is None:
                raise forms.ValidationError(_("No asset of this school has this tag code."))
            self.instance.asset = asset
        return tag


class RepairForm(ScopedFormMixin, CleanTextMixin, forms.ModelForm):
    asset_tag = forms.CharField(label=_("asset tag code"), max_length=40, required=False,
                                help_text=_("Optional: the tag on the broken item."))

    class Meta:
        model = RepairTicket
        fields = ["category", "room", "location", "asset_tag", "description", "photo"]
        widgets = {"category": forms.RadioSelect, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.school_id = self.user.school_id
        self.fields["room"].queryset = Room.objects.filter(school_id=self.user.school_id, is_active=True)
        self.fields["location"].required = False
        self.fields["location"].help_text = _("Where exactly, e.g. 2楼东侧男厕所; the room is enough if chosen.")
        self.fields["photo"].widget.attrs["capture"] = "environment"

    def clean_asset_tag(self):
        tag = (self.cleaned_data.get("asset_tag") or "").strip().upper()
        if tag:
            asset = Asset.objects.filter(school_id=self.user.school_id, tag_code=tag).first()
            if asset is None:
                raise forms.ValidationError(_("No asset of this school has this tag code."))
            self.instance.asset = asset
        return tag

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("location") and not cleaned.get("room"):
            self.add_error("location", _("Say where: choose the room or describe the place."))
        return cleaned


class DispatchForm(forms.Form):
    repairer = forms.CharField(label=_("repairer"), max_length=30)


class PostponeForm(forms.Form):
    reason = forms.CharField(label=_("why not today"), max_length=200)
    promised_date = forms.DateField(label=_("to be fixed by"), widget=DATE)


class CompleteForm(forms.Form):
    result = forms.CharField(label=_("what was done"), max_length=200)
    cost = forms.DecimalField(label=_("cost of parts (yuan)"), max_digits=12, decimal_places=2, required=False,
                              min_value=0, widget=MONEY_INPUT)


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("rating"), coerce=int, widget=forms.RadioSelect,
                                    choices=[(n, "★" * n) for n in range(5, 0, -1)])
    comment = forms.CharField(label=_("reporter's comment"), max_length=200, required=False)


class FacilityItemForm(forms.Form):
    state = forms.ChoiceField(label=_("state"), choices=(("", "—"), *FacilityState.choices), required=False,
                              widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    note = forms.CharField(label=_("note"), max_length=200, required=False,
                           widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}))


class ConsumableForm(ScopedFormMixin, CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Consumable
        fields = ["name", "unit", "exchange_old"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.school_id = self.user.school_id


class ReceiveForm(forms.Form):
    consumable = forms.ModelChoiceField(label=_("item"), queryset=Consumable.objects.none())
    quantity = forms.IntegerField(label=_("quantity"), min_value=1, max_value=100000)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consumable"].queryset = Consumable.objects.filter(school_id=user.school_id)


class RequisitionForm(ScopedFormMixin, CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Requisition
        fields = ["consumable", "quantity", "department", "purpose", "approver"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consumable"].queryset = Consumable.objects.filter(school_id=self.user.school_id)
        self.fields["approver"].queryset = school_people(self.user.school_id).exclude(pk=self.user.pk)
        self.instance.requested_by = self.user


class DepositForm(ScopedFormMixin, CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Deposit
        fields = ["item", "description", "holder", "amount", "lent_on"]
        widgets = {"lent_on": DATE, "amount": MONEY_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.school_id = self.user.school_id
        self.instance.recorded_by = self.user


class DepositReturnForm(forms.Form):
    returned_on = forms.DateField(label=_("returned on"), widget=DATE)
    refunded = forms.DecimalField(label=_("refunded (yuan)"), max_digits=12, decimal_places=2, widget=MONEY_INPUT,
                                  validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100000"))])


class LabelsForm(forms.Form):
    size = forms.ChoiceField(label=_("label size"), choices=LABEL_SIZES, initial="medium")
