"""Input of notices, their attachments and the reminder schedule. Choices follow the user's county;
the services check everything again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from houqin.core.scoping import schools_visible_to
from houqin.notify.models import Notice, NoticeAttachment
from houqin.notify.models.notices import BODY_MAX, TITLE_MAX
from houqin.notify.services.schedule import CRON_FIELDS, schedule_clean
from houqin.org.forms import ScopedFormMixin
from houqin.org.models import Township


class NoticeForm(ScopedFormMixin, forms.ModelForm):
    class Meta:
        model = Notice
        fields = ["title", "body", "audience", "townships", "schools", "notify_staff"]
        widgets = {
            "title": forms.TextInput(attrs={"maxlength": TITLE_MAX}),
            "body": forms.Textarea(attrs={"rows": 10, "maxlength": BODY_MAX}),
            "audience": forms.RadioSelect,
            "townships": forms.CheckboxSelectMultiple,
            "schools": forms.SelectMultiple(attrs={"size": 10}),
        }
        help_texts = {
            "townships": _("When the notice is addressed to the schools of chosen townships."),
            "schools": _("When the notice is addressed to chosen schools. Hold Ctrl (or ⌘) to choose several."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.instance.county_id = self.user.county_id
        county_id = self.instance.county_id
        self.fields["townships"].queryset = Township.objects.filter(county_id=county_id).order_by("code", "name")
        self.fields["schools"].queryset = (schools_visible_to(self.user).filter(township__county_id=county_id,
                                                                                is_active=True)
                                           .select_related("township").order_by("township__code", "name"))
        self.fields["schools"].label_from_instance = lambda school: f"{school.township} · {school.name}"


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = NoticeAttachment
        fields = ["file", "name"]
        help_texts = {"name": _("Shown to the schools; the file's own name when left empty.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False


class ScheduleForm(forms.Form):
    enabled = forms.BooleanField(label=_("runs on this schedule"), required=False)
    minute = forms.CharField(label=_("minute"), max_length=60)
    hour = forms.CharField(label=_("hour"), max_length=60)
    day_of_week = forms.CharField(label=_("days of the week"), max_length=60,
                                  help_text=_("0 = Sunday, 1 = Monday … 6 = Saturday; * for every day."))
    day_of_month = forms.CharField(label=_("days of the month"), max_length=60,
                                   help_text=_("1 to 31; * for every day."))

    field_order = ["enabled", "hour", "minute", "day_of_week", "day_of_month"]

    def clean(self):
        cleaned = super().clean()
        names = [field.name for field in CRON_FIELDS]
        if all(name in cleaned for name in names):
            try:
                cleaned.update(schedule_clean({name: cleaned[name] for name in names}))
            except forms.ValidationError as error:
                for name, errors in error.error_dict.items():
                    self.add_error(name, errors)
        return cleaned
