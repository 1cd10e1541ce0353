"""Input validation for schools, townships and accounts. Foreign-key choices are narrowed to the
user's scope, so a form cannot move a record into another school or county."""

from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html, validate_password
from django.utils.translation import gettext_lazy as _

from houqin.core.permissions import has_role
from houqin.core.scoping import schools_visible_to
from houqin.org.choices import Duty, Role
from houqin.org.models import County, School, Township, User


class ScopedFormMixin:
    """Forms take the signed-in user so that their choices can follow its scope."""

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)


class TownshipForm(ScopedFormMixin, forms.ModelForm):
    class Meta:
        model = Township
        fields = ["county", "name", "code"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.user.is_superuser and not self.user.county_id:
            self.fields["county"].queryset = County.objects.all()
        else:
            del self.fields["county"]
            if self.instance.pk is None:
                self.instance.county_id = self.user.county_id

    def validate_unique(self):
        # county is not a form field, so include it in the uniqueness check explicitly
        try:
            self.instance.validate_constraints()
        except forms.ValidationError as error:
            self._update_errors(error)
        super().validate_unique()


class SchoolForm(ScopedFormMixin, forms.ModelForm):
    """The bureau's form: every field of a school."""

    class Meta:
        model = School
        fields = [
            "township",
            "code",
            "name",
            "school_type",
            "is_central",
            "address",
            "phone",
            "principal_name",
            "student_count",
            "boarding_count",
            "has_canteen",
            "has_dormitory",
            "has_supermarket",
            "has_bus_service",
            "licence_scan",
            "is_active",
        ]
        widgets = {"code": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 10, "pattern": r"\d{10}"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = Township.objects.visible_to(self.user).select_related("county")


class SchoolProfileForm(ScopedFormMixin, forms.ModelForm):
    """The principal's form: the profile a school keeps current itself."""

    class Meta:
        model = School
        fields = [
            "address",
            "phone",
            "principal_name",
            "student_count",
            "boarding_count",
            "has_canteen",
            "has_dormitory",
            "has_supermarket",
            "has_bus_service",
            "licence_scan",
        ]


def school_form_class(user):
    return SchoolForm if has_role(user, Role.BUREAU_ADMIN) else SchoolProfileForm


class UserForm(ScopedFormMixin, forms.ModelForm):
    """The bureau admin's account form (a principal gets StaffForm)."""

    duties = forms.MultipleChoiceField(
        label=_("duties"),
        choices=Duty.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only for school staff: the ledgers this person keeps."),
    )

    class Meta:
        model = User
        fields = ["username", "full_name", "phone", "email", "role", "county", "township", "township_post", "school",
                  "duties", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
        self.fields["township"].queryset = Township.objects.visible_to(self.user)
        self.fields["school"].queryset = schools_visible_to(self.user).only("pk", "name")
        self.fields["township"].help_text = _("Only for township supervisors.")
        self.fields["school"].help_text = _("Only for principals and school staff.")
        if self.user.is_superuser:
            self.fields["county"].queryset = County.objects.all()
            self.fields["county"].help_text = _("Only for bureau accounts.")
        else:
            del self.fields["county"]
            if self.instance.pk is None:
                self.instance.county_id = self.user.county_id
        self.fields["role"].widget.attrs["data-role-select"] = "1"


class StaffForm(ScopedFormMixin, forms.ModelForm):
    """A principal's form for the accounts of the own school's staff."""

    duties = UserForm.base_fields["duties"]

    class Meta:
        model = User
        fields = ["username", "full_name", "phone", "email", "duties", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
        self.instance.role = Role.SCHOOL_STAFF
        self.instance.school_id = self.user.school_id


class InitialPasswordMixin(forms.Form):
    password1 = forms.CharField(
        label=_("Initial password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Initial password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean_password2(self):
        first, second = self.cleaned_data.get("password1"), self.cleaned_data.get("password2")
        if first and second and first != second:
            raise forms.ValidationError(_("The two passwords differ."))
        return second

    def _post_clean(self):
        super()._post_clean()
        password = self.cleaned_data.get("password2")
        if password:
            try:
                validate_password(password, self.instance)
            except forms.ValidationError as error:
                self.add_error("password2", error)


class UserCreateForm(InitialPasswordMixin, UserForm):
    pass


class StaffCreateForm(InitialPasswordMixin, StaffForm):
    pass


class PasswordResetByManagerForm(ScopedFormMixin, InitialPasswordMixin):
    """A manager sets a new password for an account (it has no instance to validate against)."""

    def __init__(self, *args, instance=None, **kwargs):
        self.instance = instance
        super().__init__(*args, **kwargs)
        self.fields["password1"].label = _("New password")
        self.fields["password2"].label = _("New password again")


def user_form_class(user, *, create: bool):
    if has_role(user, Role.BUREAU_ADMIN):
        return UserCreateForm if create else UserForm
    return StaffCreateForm if create else StaffForm


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than %(limit)s MB.") % {"limit": 10})
        return upload
