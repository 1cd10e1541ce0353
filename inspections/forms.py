"""Input validation of rubrics, campaigns, titles, veto facts and plans; choices narrowed to the
user's county."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from houqin.core.forms import DATE, CleanTextMixin
from houqin.core.scoping import schools_visible_to
from houqin.org.forms import ScopedFormMixin
from inspections.choices import RECORDED_VETO_KINDS, RubricStatus, SourceMode
from inspections.models import (
    Campaign,
    CampaignType,
    Recheck,
    Rubric,
    RubricItem,
    RubricSection,
    SelfEvidence,
    VetoFact,
)


class CampaignTypeForm(ScopedFormMixin, CleanTextMixin, forms.ModelForm):
    class Meta:
        model = CampaignType
        fields = ["name", "area", "description", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.instance.county_id = self.user.county_id


class RubricForm(ScopedFormMixin, CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Rubric
        fields = ["campaign_type", "year", "level", "title", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign_type"].queryset = CampaignType.objects.visible_to(self.user).filter(is_active=True)
        if self.instance.pk is None:
            self.instance.county_id = self.user.county_id
            self.initial.setdefault("year", timezone.localdate().year)
        else:
            for name in ("campaign_type", "year", "level"):
                self.fields[name].disabled = True


class SectionForm(ScopedFormMixin, CleanTextMixin, forms.ModelForm):
    class Meta:
        model = RubricSection
        fields = ["title"]


class ItemForm(ScopedFormMixin, CleanTextMixin, forms.ModelForm):
    class Meta:
        model = RubricItem
        fields = ["section", "code", "text", "max_points", "guidance", "required_evidence", "is_veto", "ledger_figure"]
        widgets = {"guidance": forms.Textarea(attrs={"rows": 3}), "required_evidence": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, rubric, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.rubric = rubric
        self.fields["section"].queryset = rubric.sections.all()
        self.fields["max_points"].required = False
        self.fields["max_points"].help_text = _("A veto item scores no points.")


class CampaignForm(ScopedFormMixin, CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["rubric", "title", "year", "declare_by", "self_assess_by", "review_by", "notice"]
        widgets = {"declare_by": DATE, "self_assess_by": DATE, "review_by": DATE,
                   "notice": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rubric"].queryset = Rubric.objects.visible_to(self.user).filter(
            status=RubricStatus.ACTIVE).select_related("campaign_type")
        if self.instance.pk is None:
            self.instance.county_id = self.user.county_id
            self.initial.setdefault("year", timezone.localdate().year)


class SourceForm(forms.Form):
    name = forms.CharField(label=_("source"), max_length=40, required=False)
    weight = forms.DecimalField(label=_("weight (%)"), max_digits=5, decimal_places=2, required=False,
                                min_value=Decimal("0"), max_value=Decimal("100"))
    mode = forms.ChoiceField(label=_("scoring"), choices=SourceMode.choices, initial=SourceMode.ITEMS)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("name") and cleaned.get("weight") is None:
            self.add_error("weight", _("Give the source's weight."))
        return cleaned


SourceFormSet = forms.formset_factory(SourceForm, extra=0, min_num=4, max_num=6)

DEFAULT_SOURCES = [
    {"name": "领导小组评审", "weight": Decimal("30"), "mode": SourceMode.ITEMS},
    {"name": "后勤办复核", "weight": Decimal("30"), "mode": SourceMode.ITEMS},
    {"name": "师生家长满意度测评", "weight": Decimal("40"), "mode": SourceMode.OVERALL},
    {"name": "", "weight": None, "mode": SourceMode.ITEMS},
]


class NoteForm(CleanTextMixin, forms.Form):
    note = forms.CharField(label=_("note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False)


class ReasonForm(CleanTextMixin, forms.Form):
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class RecheckForm(ScopedFormMixin, CleanTextMixin, forms.ModelForm):
    passed = forms.TypedChoiceField(label=_("outcome"), coerce=lambda v: v == "yes", widget=forms.RadioSelect,
                                    choices=(("yes", _("Passed: the title stays")),
                                             ("no", _("Failed: revoke the title"))))

    class Meta:
        model = Recheck
        fields = ["date", "passed", "findings"]
        widgets = {"date": DATE, "findings": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("date", timezone.localdate())


class VetoFactForm(ScopedFormMixin, CleanTextMixin, forms.ModelForm):
    class Meta:
        model = VetoFact
        fields = ["school", "kind", "date", "description", "document"]
        widgets = {"date": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools_visible_to(self.user).filter(is_active=True).order_by("code")
        self.fields["kind"].choices = [(k.value, k.label) for k in RECORDED_VETO_KINDS]


class PlanForm(ScopedFormMixin, forms.Form):
    month = forms.DateField(label=_("month"), widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
                            input_formats=["%Y-%m", "%Y-%m-%d"])
    by_risk = forms.IntegerField(label=_("schools by risk"), min_value=0, max_value=200, initial=5)
    at_random = forms.IntegerField(label=_("schools at random"), min_value=0, max_value=200, initial=5)
    seed = forms.CharField(label=_("seed of the draw"), max_length=64, required=False,
                           help_text=_("Leave empty for a random seed; it is recorded with the plan."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.initial.setdefault("month", today.replace(day=1))


class EvidenceForm(CleanTextMixin, forms.Form):
    file = SelfEvidence._meta.get_field("file").formfield(label=_("photo or file"))
    caption = forms.CharField(label=_("caption"), max_length=100, required=False)
