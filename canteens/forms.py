"""Input validation of the canteens app; choices narrowed to the user's school."""

from django import forms
from django.utils.translation import gettext_lazy as _

from canteens.choices import Symptom, VideoArea
from canteens.models import (
    BulkTender,
    Canteen,
    CanteenStaff,
    CountyCanteenRule,
    MenuDish,
    MonthlyAccount,
    PurchaseEntry,
    StockOut,
    Supplier,
    SupervisionVisit,
    WeeklyMenu,
)
from houqin.core.forms import CleanTextMixin
from houqin.org.forms import ScopedFormMixin

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class DefaultCanteenMixin:
    """Most schools have one canteen: choose it unless the user picks another."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("canteen")
        if field is not None and not self.initial.get("canteen") and not getattr(self.instance, "canteen_id", None):
            first = field.queryset.order_by("pk").first()
            if first is not None:
                self.initial["canteen"] = first.pk


class CanteenForm(ScopedFormMixin, CleanTextMixin, forms.ModelForm):
    video_areas = forms.MultipleChoiceField(label=_("areas under video (明厨亮灶)"), choices=VideoArea.choices,
                                            required=False, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Canteen
        fields = ["name", "operation_mode", "licence_number", "licence_expiry", "licence_scan", "quantified_grade",
                  "video_areas", "one_way_flow", "sample_fridge", "seats", "is_active"]
        widgets = {"licence_expiry": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.instance.school_id = self.user.school_id


class StaffForm(DefaultCanteenMixin, ScopedFormMixin, CleanTextMixin, forms.ModelForm):
    class Meta:
        model = CanteenStaff
        fields = ["canteen", "name", "role", "phone", "health_number", "health_issued", "health_expiry",
                  "health_scan", "training_number", "training_issued", "training_expiry", "training_scan",
                  "is_active"]
        widgets = {f: DATE for f in ("health_issued", "health_expiry", "training_issued", "training_expiry")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["canteen"].queryset = Canteen.objects.visible_to(self.user).filter(school_id=self.user.school_id)


class SupplierForm(ScopedFormMixin, CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Supplier
        fields = ["name", "contact", "phone", "licence_number", "licence_expiry", "licence_scan",
                  "qualification_scan", "food_classes", "admitted_on"]
        widgets = {"licence_expiry": DATE, "admitted_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.instance.school_id = self.user.school_id


class TenderForm(ScopedFormMixin, CleanTextMixin, forms.ModelForm):
    class Meta:
        model = BulkTender
        fields = ["year", "item", "supplier", "price", "unit", "tendered_on", "document"]
        widgets = {"tendered_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = Supplier.objects.filter(school_id=self.user.school_id, status="admitted")
        self.instance.school_id = self.user.school_id


class PurchaseForm(DefaultCanteenMixin, ScopedFormMixin, CleanTextMixin, forms.ModelForm):
    class Meta:
        model = PurchaseEntry
        fields = ["canteen", "date", "supplier", "item", "food_class", "quantity", "unit", "unit_price", "batch",
                  "production_date", "shelf_life_days", "inspection_report", "quarantine_number", "quarantine_scan",
                  "invoice_number", "invoice_scan", "purchaser", "acceptor", "supplier_signer"]
        widgets = {"date": DATE, "production_date": DATE,
                   "quantity": forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"}),
                   "unit_price": forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        school_id = self.user.school_id
        self.fields["canteen"].queryset = Canteen.objects.filter(school_id=school_id, is_active=True)
        self.fields["supplier"].queryset = Supplier.objects.filter(school_id=school_id, status="admitted")


class StockOutForm(DefaultCanteenMixin, ScopedFormMixin, CleanTextMixin, forms.ModelForm):
    class Meta:
        model = StockOut
        fields = ["canteen", "date", "meal", "item", "quantity", "unit", "received_by"]
        widgets = {"date": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["canteen"].queryset = Canteen.objects.filter(school_id=self.user.school_id, is_active=True)


class CountyRuleForm(forms.ModelForm):
    class Meta:
        model = CountyCanteenRule
        fields = ["max_surplus_percent"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200, widget=forms.Textarea(attrs={"rows": 2}))


class MenuForm(DefaultCanteenMixin, ScopedFormMixin, forms.ModelForm):
    class Meta:
        model = WeeklyMenu
        fields = ["canteen", "week_start"]
        widgets = {"week_start": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["canteen"].queryset = Canteen.objects.filter(school_id=self.user.school_id, is_active=True)


class DishForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = MenuDish
        fields = ["date", "meal", "name", "price"]
        widgets = {"date": DATE, "price": forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"})}


class AccountForm(DefaultCanteenMixin, ScopedFormMixin, CleanTextMixin, forms.ModelForm):
    class Meta:
        model = MonthlyAccount
        fields = ["canteen", "month", *MonthlyAccount.INCOME, *MonthlyAccount.SPENDING, "note"]
        widgets = {"month": forms.DateInput(attrs={"type": "month"}, format="%Y-%m")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["canteen"].queryset = Canteen.objects.filter(school_id=self.user.school_id)
        self.fields["month"].input_formats = ["%Y-%m", "%Y-%m-%d"]


class VisitForm(DefaultCanteenMixin, ScopedFormMixin, CleanTextMixin, forms.ModelForm):
    class Meta:
        model = SupervisionVisit
        fields = ["canteen", "date", "visitor", "visitor_role", "observations", "satisfaction", "suggestions",
                  "response"]
        widgets = {"date": DATE, "observations": forms.Textarea(attrs={"rows": 3}),
                   "suggestions": forms.Textarea(attrs={"rows": 2}), "response": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["canteen"].queryset = Canteen.objects.filter(school_id=self.user.school_id)


class CheckRowForm(forms.Form):
    """One person of the day's roster (the morning check page is one form per person)."""

    outcome = forms.ChoiceField(label=_("outcome"), choices=(("fit", _("On duty")),
                                                              ("off_food", _("Off food handling")),
                                                              ("absent", _("Absent"))),
                                widget=forms.RadioSelect)
    temperature = forms.DecimalField(label=_("temperature (°C)"), required=False, max_digits=3, decimal_places=1,
                                     min_value=34, max_value=43,
                                     widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}))
    symptoms = forms.MultipleChoiceField(label=_("symptoms"), choices=Symptom.choices, required=False,
                                         widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(label=_("note"), max_length=200, required=False)


class SampleRowForm(forms.Form):
    dish = forms.CharField(label=_("dish"), max_length=60, required=False)
    weight_g = forms.IntegerField(label=_("weight (g)"), required=False, min_value=1, max_value=5000,
                                  widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    stored_at = forms.DateTimeField(label=_("put in the sample fridge"), required=False, widget=DATETIME,
                                    input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    sampled_by = forms.CharField(label=_("sampled by"), max_length=30, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("dish") and (cleaned.get("weight_g") is None or not cleaned.get("stored_at")
                                    or not cleaned.get("sampled_by")):
            raise forms.ValidationError(_("Give the weight, the time it was put in the fridge and who sampled it."))
        return cleaned
