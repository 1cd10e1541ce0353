"""Input of checklists, inspections, rectification orders and duty inspections; every choice is
narrowed to the user's scope (a forged id of another county is "not a valid choice")."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from houqin.core.scoping import schools_visible_to
from houqin.core.text import printable
from houqin.core.uploads import EvidenceFormField
from houqin.org.forms import ScopedFormMixin
from houqin.org.models import School
from inspections.choices import InspectionKind, Severity
from inspections.models import Checklist
from inspections.services.duty import capacities_for
from inspections.services.inspections import FAILED, NOT_APPLICABLE, PASSED

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
OUTCOMES = ((PASSED, _("Passed")), (FAILED, _("Failed")), (NOT_APPLICABLE, _("Not applicable")))


class CleanTextMixin:
    """No control or invisible characters in anything typed."""

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str):
                cleaned[name] = printable(value).strip()
        return cleaned


class SchoolChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.township.name}）"


def scoped_schools(user):
    return schools_visible_to(user).filter(is_active=True).select_related("township").order_by(
        "township__code", "name")


# --- checklists ----------------------------------------------------------------------------------


class ChecklistForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Checklist
        fields = ["kind", "title", "is_active"]
        labels = {"kind": _("kind of inspection")}

    def __init__(self, *args, used=False, **kwargs):
        super().__init__(*args, **kwargs)
        if used:
            self.fields["kind"].disabled = True


class ChecklistItemForm(CleanTextMixin, forms.Form):
    position = forms.IntegerField(label=_("position"), min_value=1, max_value=999, required=False,
                                  widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "text-end"}))
    text = forms.CharField(label=_("what is checked"), max_length=300, required=False)
    severity = forms.ChoiceField(label=_("severity when failed"), choices=Severity.choices, initial=Severity.NORMAL,
                                 widget=forms.Select(attrs={"class": "form-select form-select-sm"}))


class BaseItemFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        for form in self.forms:
            if form.cleaned_data.get("text") and not form.cleaned_data.get("position"):
                form.add_error("position", _("Give the item its position."))


ItemFormSet = forms.formset_factory(ChecklistItemForm, formset=BaseItemFormSet, extra=0, max_num=100,
                                    absolute_max=120, validate_max=True)


# --- inspections ---------------------------------------------------------------------------------


class InspectionStartForm(ScopedFormMixin, CleanTextMixin, forms.Form):
    school = SchoolChoiceField(label=_("school"), queryset=School.objects.none())
    checklist = forms.ModelChoiceField(label=_("checklist"), queryset=Checklist.objects.none())
    date = forms.DateField(label=_("date"), widget=DATE)
    announced = forms.BooleanField(label=_("announced"), required=False, initial=True,
                                   help_text=_("Untick for an unannounced check (暗访)."))
    inspectors = forms.CharField(label=_("inspectors"), max_length=200,
                                 help_text=_("Everyone who took part, separated by commas."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = scoped_schools(self.user)
        self.fields["checklist"].queryset = Checklist.objects.visible_to(self.user).filter(is_active=True)

    def clean(self):
        cleaned = super().clean()
        checklist = cleaned.get("checklist")
        if checklist is not None and checklist.kind == InspectionKind.UNANNOUNCED and cleaned.get("announced"):
            self.add_error("announced", _("An unannounced check cannot be announced."))
        return cleaned


class ResultRowForm(forms.Form):
    outcome = forms.ChoiceField(label=_("result"), choices=OUTCOMES, required=False, widget=forms.RadioSelect)
    note = forms.CharField(label=_("finding"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class SummaryForm(forms.Form):
    summary = forms.CharField(label=_("summary"), max_length=5000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))


# --- rectification orders ------------------------------------------------------------------------


class OrderIssueForm(ScopedFormMixin, CleanTextMixin, forms.Form):
    school = SchoolChoiceField(label=_("school"), queryset=School.objects.none())
    finding = forms.CharField(label=_("finding"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    requirement = forms.CharField(label=_("what must be done"), max_length=4000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    severity = forms.ChoiceField(label=_("severity"), choices=Severity.choices, initial=Severity.NORMAL)
    deadline = forms.DateField(label=_("deadline"), widget=DATE)
    responsible = forms.CharField(label=_("responsible person"), max_length=30, required=False,
                                  help_text=_("Leave empty for the school's principal."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = scoped_schools(self.user)
        self.initial.setdefault("deadline", timezone.localdate() + dt.timedelta(days=15))


class AnswerForm(CleanTextMixin, forms.Form):
    text = forms.CharField(label=_("what was done"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    evidence = EvidenceFormField(label=_("evidence"), required=False,
                                 help_text=_("A photo or PDF of the rectified situation."))


class VerifyForm(CleanTextMixin, forms.Form):
    note = forms.CharField(label=_("inspector's note"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class ReopenForm(CleanTextMixin, forms.Form):
    note = forms.CharField(label=_("what is still wrong"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    deadline = forms.DateField(label=_("new deadline"), required=False, widget=DATE,
                               help_text=_("Leave empty to keep the deadline."))


# --- duty inspections ----------------------------------------------------------------------------


class DutyVisitForm(ScopedFormMixin, CleanTextMixin, forms.Form):
    capacity = forms.ChoiceField(label=_("as"))
    school = SchoolChoiceField(label=_("school"), queryset=School.objects.none())
    date = forms.DateField(label=_("date"), widget=DATE)
    findings = forms.CharField(label=_("what was found"), max_length=2000, required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from inspections.choices import DutyCapacity

        labels = dict(DutyCapacity.choices)
        allowed = capacities_for(self.user)
        self.fields["capacity"].choices = [(c, labels[c]) for c in allowed]
        schools = scoped_schools(self.user)
        self.fields["school"].queryset = schools
        if self.user.school_id:
            self.fields["school"].initial = self.user.school_id
            self.fields["school"].widget = forms.HiddenInput()
        if len(allowed) == 1:
            self.fields["capacity"].initial = allowed[0]
        self.initial.setdefault("date", timezone.localdate())
