"""Input validation of the fees app. Choices are narrowed to the user's county and school."""

from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from fees.choices import ConsentChoice
from fees.models import (
    FeeCap,
    FeeCategory,
    FeeItem,
    FeeNotice,
    ForbiddenItem,
    PolicyDocument,
    ReceiptScan,
    SchoolClass,
    SettlementLine,
    Student,
)
from houqin.core.text import printable
from houqin.org.forms import ScopedFormMixin
from houqin.org.models import Term

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PolicyDocumentForm(ScopedFormMixin, forms.ModelForm):
    class Meta:
        model = PolicyDocument
        fields = ["number", "title", "issuer", "issued_on", "summary", "document", "is_active"]
        widgets = {"issued_on": DATE_INPUT, "summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.instance.county_id = self.user.county_id


class FeeCategoryForm(ScopedFormMixin, forms.ModelForm):
    class Meta:
        model = FeeCategory
        fields = ["name", "kind", "requires_voluntary", "requires_supplier_disclosure", "school_may_not_collect",
                  "policy", "description", "position", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["policy"].queryset = PolicyDocument.objects.visible_to(self.user)
        if self.instance.pk is None:
            self.instance.county_id = self.user.county_id


class FeeCapForm(forms.ModelForm):
    class Meta:
        model = FeeCap
        fields = ["school_type", "unit", "max_amount"]


FeeCapFormSet = forms.inlineformset_factory(
    FeeCategory, FeeCap, form=FeeCapForm, extra=2, can_delete=True, max_num=30, validate_max=True
)


class ForbiddenItemForm(ScopedFormMixin, forms.ModelForm):
    class Meta:
        model = ForbiddenItem
        fields = ["name", "keywords", "policy", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["policy"].queryset = PolicyDocument.objects.visible_to(self.user)
        if self.instance.pk is None:
            self.instance.county_id = self.user.county_id


class NoticeStartForm(forms.Form):
    term = forms.ModelChoiceField(label=_("term"), queryset=Term.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.utils import timezone

        # notices are drafted for the current or a coming term, not for one that has ended
        self.fields["term"].queryset = Term.objects.filter(end_date__gte=timezone.localdate())


class FeeNoticeForm(ScopedFormMixin, forms.ModelForm):
    """The notice's own fields; items are edited one by one."""

    class Meta:
        model = FeeNotice
        fields = ["school_phone", "consent_deadline", "remarks"]
        widgets = {"consent_deadline": DATE_INPUT, "remarks": forms.Textarea(attrs={"rows": 3})}


class FeeItemForm(ScopedFormMixin, forms.ModelForm):
    """One fee of a notice. Amounts must be positive with at most two decimals."""

    class Meta:
        model = FeeItem
        fields = ["category", "name", "amount", "unit", "scope", "is_voluntary", "collection_method", "refund_rule",
                  "supplier", "supplier_reason", "supplier_qualification", "supplier_price", "supplier_quality",
                  "policy", "policy_basis"]
        widgets = {"amount": forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"})}

    def __init__(self, *args, notice: FeeNotice, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.notice = notice
        county_id = notice.school.township.county_id
        self.fields["category"].queryset = FeeCategory.objects.filter(county_id=county_id, is_active=True)
        self.fields["policy"].queryset = PolicyDocument.objects.filter(county_id=county_id, is_active=True)
        self.fields["amount"].error_messages["max_decimal_places"] = _("Amounts have at most two decimals (fen).")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("category", css_class="col-md-6"), Column("name", css_class="col-md-6")),
            Row(Column("amount", css_class="col-6 col-md-4"), Column("unit", css_class="col-6 col-md-4"),
                Column("is_voluntary", css_class="col-md-4 pt-md-4")),
            Row(Column("scope", css_class="col-md-6"), Column("collection_method", css_class="col-md-6")),
            "refund_rule",
            Fieldset(_("Supplier (school uniform, milk, insurance)"), "supplier",
                     Row(Column("supplier_reason", css_class="col-md-6"),
                         Column("supplier_qualification", css_class="col-md-6")),
                     Row(Column("supplier_price", css_class="col-md-6"), Column("supplier_quality", css_class="col-md-6"))),
            Fieldset(_("Policy basis"), Row(Column("policy", css_class="col-md-6"),
                                            Column("policy_basis", css_class="col-md-6"))),
        )

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is not None and amount <= Decimal("0"):
            raise forms.ValidationError(_("The amount must be more than zero."))
        return amount

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str):
                cleaned[name] = printable(value)  # no control or invisible characters in print
        if cleaned.get("name"):
            cleaned["name"] = " ".join(cleaned["name"].split())
            self.instance.name = cleaned["name"]
        return cleaned


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)


class SchoolClassForm(ScopedFormMixin, forms.ModelForm):
    class Meta:
        model = SchoolClass
        fields = ["school_year", "name", "position"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.school_id = self.user.school_id


class StudentForm(ScopedFormMixin, forms.ModelForm):
    class Meta:
        model = Student
        fields = ["school_class", "name", "is_boarder", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_class"].queryset = SchoolClass.objects.filter(school_id=self.user.school_id)
        self.instance.school_id = self.user.school_id


class ReceiptScanForm(forms.ModelForm):
    class Meta:
        model = ReceiptScan
        fields = ["scan", "note"]


class PaperConsentForm(forms.Form):
    """One row of the class roster: the student's paper slip, one choice per voluntary category."""

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = categories
        for category in categories:
            self.fields[f"c{category.pk}"] = forms.ChoiceField(
                label=getattr(category, "label", category.name), required=False,
                choices=[("", _("Not returned")), *ConsentChoice.choices],
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )

    def choices(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data.get(f"c{c.pk}", "") for c in self.categories}


class OnlineConsentForm(forms.Form):
    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = categories
        for category in categories:
            self.fields[f"c{category.pk}"] = forms.ChoiceField(
                label=getattr(category, "label", category.name), choices=ConsentChoice.choices, widget=forms.RadioSelect,
                error_messages={"required": _("Choose for this item.")},
            )

    def choices(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.categories}


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Family code"), max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "inputmode": "text"}),
        help_text=_("The 8 characters printed on the letter to parents."),
    )

    def clean_code(self):
        return "".join(ch for ch in self.cleaned_data["code"].upper() if ch.isalnum())


class DigestForm(forms.Form):
    digest = forms.CharField(
        label=_("Digest printed on the board"), max_length=80,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
        help_text=_("12 characters in three groups, e.g. 3F9A-07C2-B1D4."),
    )


class SettlementLineForm(forms.ModelForm):
    class Meta:
        model = SettlementLine
        fields = ["collected", "spent"]
        widgets = {
            name: forms.NumberInput(attrs={"class": "form-control form-control-sm text-end", "step": "0.01",
                                           "min": "0", "inputmode": "decimal"})
            for name in ("collected", "spent")
        }

    def clean(self):
        cleaned = super().clean()
        for name in ("collected", "spent"):
            value = cleaned.get(name)
            if value is not None and value < 0:
                self.add_error(name, _("Amounts cannot be negative."))
        return cleaned
