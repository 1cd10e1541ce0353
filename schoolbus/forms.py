"""Input validation of the school-bus app; choices narrowed to the user's school."""

from django import forms
from django.db.models import Q
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext_lazy as _

from houqin.core.forms import DATE, CleanTextMixin
from houqin.org.forms import ScopedFormMixin
from schoolbus.choices import CheckItem
from schoolbus.models import Accident, Driver, Escort, HazardCheck, Route, SafetyActivity, Vehicle
from schoolbus.rules import plate_normalise

TIME = forms.TimeInput(attrs={"type": "time", "class": "form-control form-control-sm"}, format="%H:%M")
WEEKDAYS = [(day + 1, WEEKDAYS_ABBR[day]) for day in range(7)]  # Django's own names, ISO numbering


class SchoolOwnedForm(ScopedFormMixin, CleanTextMixin, forms.ModelForm):
    """A record of the user's own school: new ones belong to it, FK choices come from it."""

    own_choices: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.instance.school_id = self.user.school_id
        for field, model in self.own_choices.items():
            if field in self.fields:
                queryset = model.objects.filter(school_id=self.instance.school_id)
                if hasattr(model, "is_active"):  # the employed ones, and the one chosen before
                    queryset = queryset.filter(Q(is_active=True) | Q(pk=getattr(self.instance, f"{field}_id", None)))
                self.fields[field].queryset = queryset


class VehicleForm(SchoolOwnedForm):
    class Meta:
        model = Vehicle
        fields = ["plate", "model_name", "seats", "operator", "company", "permit_number", "permit_expiry", "permit_scan",
                  "inspection_expiry", "inspection_scan", "compulsory_insurance_expiry", "compulsory_insurance_scan",
                  "carrier_insurance_expiry", "carrier_insurance_scan", "gps_fitted", "video_fitted", "status"]
        widgets = {f: DATE for f in ("permit_expiry", "inspection_expiry", "compulsory_insurance_expiry",
                                     "carrier_insurance_expiry")}

    def clean_plate(self):
        return plate_normalise(self.cleaned_data["plate"])


class DriverForm(SchoolOwnedForm):
    class Meta:
        model = Driver
        fields = ["name", "phone", "date_of_birth", "licence_class", "licence_number", "licence_first_issued",
                  "licence_expiry", "licence_scan", "qualification_approved_on", "qualification_scan",
                  "last_full_score_on", "fatal_accident_liability", "is_active"]
        widgets = {f: DATE for f in ("date_of_birth", "licence_first_issued", "licence_expiry",
                                     "qualification_approved_on", "last_full_score_on")}


class EscortForm(SchoolOwnedForm):
    class Meta:
        model = Escort
        fields = ["name", "phone", "trained_on", "is_active"]
        widgets = {"trained_on": DATE}


class RouteForm(SchoolOwnedForm):
    own_choices = {"vehicle": Vehicle, "driver": Driver, "escort": Escort}
    weekdays = forms.TypedMultipleChoiceField(label=_("days of the week"), choices=WEEKDAYS, coerce=int,
                                              widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Route
        fields = ["name", "vehicle", "driver", "escort", "students", "morning_departure", "afternoon_departure",
                  "weekdays", "is_active"]
        widgets = {"morning_departure": TIME, "afternoon_departure": TIME}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vehicle"].queryset = Vehicle.objects.filter(school_id=self.instance.school_id)
        if self.instance.pk is None:
            self.initial.setdefault("weekdays", [1, 2, 3, 4, 5])


class StopForm(forms.Form):
    name = forms.CharField(label=_("stop"), max_length=40, required=False)
    morning_time = forms.TimeField(label=_("morning pick-up"), required=False, widget=TIME)
    afternoon_time = forms.TimeField(label=_("afternoon drop-off"), required=False, widget=TIME)


StopFormSet = forms.formset_factory(StopForm, extra=0, max_num=40, validate_max=True)


class TripForm(forms.Form):
    checks_passed = forms.MultipleChoiceField(label=_("checks passed"), choices=CheckItem.choices, required=False,
                                              widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}))
    driver = forms.ModelChoiceField(label=_("driver"), queryset=Driver.objects.none(), required=False,
                                    empty_label=None, widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    escort = forms.ModelChoiceField(label=_("escort"), queryset=Escort.objects.none(), required=False,
                                    empty_label=None, widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    check_note = forms.CharField(label=_("check note"), max_length=200, required=False)
    boarded = forms.IntegerField(label=_("children boarded"), min_value=0, max_value=999, required=False,
                                 widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}))
    alighted = forms.IntegerField(label=_("children alighted"), min_value=0, max_value=999, required=False,
                                  widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}))

    def __init__(self, *args, route, **kwargs):
        """The route's driver and escort by default; another employed one of the school stands in."""
        super().__init__(*args, **kwargs)
        for field, model in (("driver", Driver), ("escort", Escort)):
            self.fields[field].queryset = model.objects.filter(school_id=route.school_id, is_active=True)
            self.fields[field].initial = getattr(route, f"{field}_id")


class ResolveForm(CleanTextMixin, forms.Form):
    resolution = forms.CharField(label=_("Where is every child?"), max_length=300,
                                 widget=forms.Textarea(attrs={"rows": 2}))


class HazardForm(SchoolOwnedForm):
    own_choices = {"vehicle": Vehicle}

    class Meta:
        model = HazardCheck
        fields = ["date", "vehicle", "place", "findings", "severity", "deadline", "rectified_on", "rectification",
                  "checked_by"]
        widgets = {"date": DATE, "deadline": DATE, "rectified_on": DATE,
                   "findings": forms.Textarea(attrs={"rows": 3}), "rectification": forms.Textarea(attrs={"rows": 2})}


class AccidentForm(SchoolOwnedForm):
    own_choices = {"vehicle": Vehicle, "driver": Driver}

    class Meta:
        model = Accident
        fields = ["date", "vehicle", "driver", "place", "description", "injured", "deaths", "liability", "reported_on"]
        widgets = {"date": DATE, "reported_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vehicle"].queryset = Vehicle.objects.filter(school_id=self.instance.school_id)
        self.fields["driver"].queryset = Driver.objects.filter(school_id=self.instance.school_id)


class ActivityForm(SchoolOwnedForm):
    class Meta:
        model = SafetyActivity
        fields = ["kind", "date", "title", "participants", "description", "materials"]
        widgets = {"date": DATE, "description": forms.Textarea(attrs={"rows": 3})}


class ReportNoteForm(CleanTextMixin, forms.Form):
    note = forms.CharField(label=_("the school's note"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))


class ReturnForm(CleanTextMixin, forms.Form):
    comment = forms.CharField(label=_("What must the school correct?"), max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))
