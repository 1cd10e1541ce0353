"""Forms of the complaints: the public filing form (with its protections against automated
abuse) and the bureau's and the school's workflow forms. The services check everything again."""

from __future__ import annotations

import datetime as dt
import secrets
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from houqin.core.text import printable
from houqin.org.models import School
from inspections.choices import ComplaintCategory, ComplaintOutcome
from inspections.services import complaints as services

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TOKEN_SALT = "inspections.complaint-form"
HONEYPOT = "website"


def min_seconds() -> float:
    """A person needs longer than this to choose a school and write a complaint."""
    return float(getattr(settings, "COMPLAINT_FORM_MIN_SECONDS", 3))


def max_seconds() -> float:
    return float(getattr(settings, "COMPLAINT_FORM_MAX_SECONDS", 2 * 3600))


def form_token(issued_at: float | None = None) -> str:
    """The signed moment the form was rendered, with a one-time nonce so that one token files one
    complaint (it cannot be forged without the secret key)."""
    return signing.dumps([int(issued_at if issued_at is not None else time.time()), secrets.token_hex(8)],
                         salt=TOKEN_SALT)


def active_schools():
    return School.objects.filter(is_active=True).select_related("township")


def school_matches(query: str, limit: int = 10) -> list[School]:
    """Active schools whose name contains the text or whose code starts with it."""
    query = " ".join(printable(query).split())[:50]
    if not query:
        return []
    return list(active_schools().filter(Q(name__icontains=query) | Q(code__startswith=query))
                .order_by("township__code", "name")[:limit])


class ComplaintFileForm(forms.Form):
    """What the public fills in. The school is typed (name or 10-digit code) and resolved here, or
    fixed by the link from the school's public page."""

    school = forms.CharField(
        label=_("School"), max_length=100,
        help_text=_("The school's full name or its 10-digit code."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "enterkeyhint": "next"}),
    )
    category = forms.ChoiceField(label=_("What is it about?"), choices=ComplaintCategory.choices,
                                 widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("What happened?"), max_length=services.TEXT_MAX, strip=False,
        help_text=_("When and where, who was involved, what you saw. At least 10 characters."),
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": services.TEXT_MAX}),
    )
    contact_name = forms.CharField(label=_("Your name (optional)"), max_length=30, required=False,
                                   widget=forms.TextInput(attrs={"autocomplete": "name"}))
    contact_phone = forms.CharField(
        label=_("Your phone (optional)"), max_length=20, required=False,
        help_text=_("Only the education bureau sees your name and phone, to ask you for details."),
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
    )
    # Left empty by people (it is hidden from them); automated form fillers fill it.
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)
    ts = forms.CharField(widget=forms.HiddenInput, required=False)

    error_messages = {
        "automated": _("Your complaint could not be accepted. If you are a person, please wait a moment and "
                       "send it again."),
        "too_fast": _("That was very fast. Please check what you wrote and send it again."),
        "expired": _("The form was open for more than two hours. Please send it again."),
        "bad_token": _("The form could not be checked. Please send it again."),
        "replayed": _("This form was sent already. To add something, start a new complaint."),
    }
    nonce = ""

    def __init__(self, *args, school: School | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_school = school
        if school is not None:
            self.fields["school"].widget = forms.HiddenInput()
            self.fields["school"].initial = school.code
        if not self.is_bound:
            self.fields["ts"].initial = form_token()

    def refresh_token(self) -> None:
        """A new render moment for the form shown again after an error."""
        if self.is_bound:
            self.data = self.data.copy()
            self.data["ts"] = form_token()

    def clean_text(self) -> str:
        """The service checks this again; checked here too so every mistake shows at once."""
        text = services.multiline_clean(self.cleaned_data["text"])
        if len(text) < services.TEXT_MIN:
            raise ValidationError(_("Describe what happened in at least %(min)s characters.")
                                  % {"min": services.TEXT_MIN})
        return text

    def clean_contact_phone(self) -> str:
        return services.contact_phone_clean(self.cleaned_data["contact_phone"])

    def clean_school(self) -> School:
        value = " ".join(printable(self.cleaned_data["school"]).split())
        if value.isdigit() and len(value) == 10:
            school = active_schools().filter(code=value).first()
            if school is None:
                raise ValidationError(_("No school of the county has this code."))
            return school
        exact = list(active_schools().filter(name=value)[:2])
        if len(exact) == 1:
            return exact[0]
        candidates = exact or school_matches(value, limit=6)
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            raise ValidationError(_("No school matches “%(text)s”. Check the name, or type the school's code.")
                                  % {"text": value})
        shown = "、".join(f"{s.name}（{s.township.name}，{s.code}）" for s in candidates[:5])
        raise ValidationError(_("Several schools match: %(schools)s. Type the full name or the code.")
                              % {"schools": shown})

    def clean(self):
        cleaned = super().clean()
        if self.data.get(HONEYPOT):
            raise ValidationError(self.error_messages["automated"], code="automated")
        try:
            issued = signing.loads(self.data.get("ts", ""), salt=TOKEN_SALT)
        except signing.BadSignature:
            raise ValidationError(self.error_messages["bad_token"], code="bad_token") from None
        if not (isinstance(issued, list) and len(issued) == 2 and isinstance(issued[0], int)
                and isinstance(issued[1], str)):
            raise ValidationError(self.error_messages["bad_token"], code="bad_token")
        issued, self.nonce = issued
        age = time.time() - issued
        if age > max_seconds():
            raise ValidationError(self.error_messages["expired"], code="expired")
        if age < min_seconds():
            raise ValidationError(self.error_messages["too_fast"], code="too_fast")
        return cleaned

    @property
    def looks_automated(self) -> bool:
        """Refused as a robot (honeypot filled or too fast), so it counts against the address."""
        return any(e.code in ("automated", "too_fast") for e in self.non_field_errors().as_data())


class CodeLookupForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code"), max_length=30,
        help_text=_("The 12 characters you received when you filed the complaint, e.g. 7KQM-3XHD-P9RT."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false",
                                      "class": "font-monospace"}),
    )


def _default_answer_by() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=services.ANSWER_DAYS)


class AssignForm(forms.Form):
    instruction = forms.CharField(label=_("Instruction to the school"), max_length=services.INSTRUCTION_MAX,
                                  widget=forms.Textarea(attrs={"rows": 4}),
                                  help_text=_("What the school must check, and what its answer must say."))
    answer_by = forms.DateField(label=_("The school answers by"), widget=DATE_INPUT, initial=_default_answer_by)
    serious = forms.BooleanField(label=_("Serious complaint"), required=False,
                                 help_text=_("Serious and verified, it bars the school from campaign titles "
                                             "this year."))


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("The school's answer"), max_length=services.ANSWER_MAX,
                             widget=forms.Textarea(attrs={"rows": 6}),
                             help_text=_("What the school checked, what it found and what it has done."))


class SendBackForm(forms.Form):
    reason = forms.CharField(label=_("What the answer lacks"), max_length=services.REASON_MAX,
                             widget=forms.Textarea(attrs={"rows": 3}))
    answer_by = forms.DateField(label=_("The school answers by"), widget=DATE_INPUT, initial=_default_answer_by)


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ComplaintOutcome.choices, widget=forms.RadioSelect)
    serious = forms.BooleanField(label=_("Serious complaint"), required=False)
    public_reply = forms.CharField(label=_("Reply to the complainant"), max_length=services.REPLY_MAX,
                                   widget=forms.Textarea(attrs={"rows": 4}),
                                   help_text=_("Shown on the public status page of the complaint. Write no "
                                               "personal data."))
    reason = forms.CharField(label=_("Why it is closed without the school"), max_length=services.REASON_MAX,
                             widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, from_filed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if from_filed:
            self.fields["outcome"].required = False
            self.fields["outcome"].choices = [("", _("Not investigated")), *ComplaintOutcome.choices]
            self.fields["reason"].required = True
        else:
            del self.fields["reason"]
