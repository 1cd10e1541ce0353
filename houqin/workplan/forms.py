"""Input validation of goals, progress reports and cancellations; owners and campaign types narrowed to
the user's county."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from houqin.core.forms import DATE, CleanTextMixin
from houqin.org.forms import ScopedFormMixin
from houqin.workplan import measures, selectors
from houqin.workplan.models import Goal
from houqin.workplan.rules import year_window
from houqin.workplan.services import NOTE_MAX, REASON_MAX
from inspections.models import CampaignType


class GoalForm(ScopedFormMixin, CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["year", "position", "title", "area", "owner", "department", "deadline", "target", "description",
                  "measure", "campaign_type", "level", "target_value"]
        widgets = {"deadline": DATE, "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, year=None, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        if instance.pk is None:
            instance.county_id = self.user.county_id
            year = year or timezone.localdate().year
            self.initial.setdefault("year", year)
            self.initial.setdefault("position", selectors.next_position(self.user.county_id, year))
        county_id = instance.county_id
        self.fields["owner"].queryset = selectors.owner_choices(user=self.user, county_id=county_id)
        self.fields["owner"].label_from_instance = lambda user: f"{user.full_name}（{user.get_role_display()}）"
        campaign_types = CampaignType.objects.filter(county_id=county_id, is_active=True)
        if instance.campaign_type_id:
            campaign_types = campaign_types | CampaignType.objects.filter(pk=instance.campaign_type_id)
        self.fields["campaign_type"].queryset = campaign_types.order_by("name")
        self.fields["campaign_type"].help_text = _("Only for the measure “Schools holding a title of the year”.")
        self.fields["level"].help_text = _("Only for the measure “Schools holding a title of the year”.")
        self.fields["measure"].choices = [("", _("None: progress reported by hand"))] + measures.measure_choices()

    def clean_year(self):
        year = self.cleaned_data.get("year")
        if year is None or (self.instance.pk and year == self.instance.year):
            return year
        low, high = year_window(timezone.localdate())
        if not low <= year <= high:
            raise forms.ValidationError(_("A plan can be written for %(low)s to %(high)s.") % {
                "low": low, "high": high})
        return year


class ProgressForm(CleanTextMixin, forms.Form):
    """A progress report: the percentage (goals reported by hand) and what was done."""

    progress = forms.IntegerField(label=_("progress (%)"), min_value=0, max_value=100)
    progress_note = forms.CharField(label=_("progress notes"), max_length=NOTE_MAX, widget=forms.Textarea(attrs={
        "rows": 4}), help_text=_("What was done since the last report, what remains, what stands in the way."))

    def __init__(self, *args, goal: Goal, **kwargs):
        super().__init__(*args, **kwargs)
        if goal.is_measured:
            del self.fields["progress"]
        else:
            self.initial.setdefault("progress", goal.progress)
            self.fields["progress"].widget.attrs.update({"inputmode": "numeric"})


class CancelForm(CleanTextMixin, forms.Form):
    reason = forms.CharField(label=_("reason for cancelling"), max_length=REASON_MAX)
