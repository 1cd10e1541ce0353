"""Excel imports of schools and accounts: the template columns and the row forms behind them."""

from django import forms
from django.utils.translation import gettext_lazy as _

from houqin.core.excel import Column, SheetImport
from houqin.core.fields import LabelChoiceField, LabelMultipleChoiceField, YesNoField
from houqin.core.scoping import schools_visible_to
from houqin.org import services
from houqin.org.choices import Duty, Role, SchoolType
from houqin.org.forms import InitialPasswordMixin
from houqin.org.models import School, Township, User

YES_NO = (_("Yes"), _("No"))


class SchoolImportForm(forms.ModelForm):
    township = forms.ModelChoiceField(
        label=_("township"),
        queryset=Township.objects.none(),
        to_field_name="name",
        error_messages={"invalid_choice": _("There is no township of this name in your county.")},
    )
    school_type = LabelChoiceField(label=_("school type"), choices=SchoolType.choices)
    is_central = YesNoField(label=_("township central school"))
    has_canteen = YesNoField(label=_("canteen"))
    has_dormitory = YesNoField(label=_("dormitory"))
    has_supermarket = YesNoField(label=_("campus shop"))
    has_bus_service = YesNoField(label=_("school bus"))

    class Meta:
        model = School
        fields = [
            "code",
            "name",
            "township",
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
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = Township.objects.visible_to(user)


class SchoolImport(SheetImport):
    """Register schools, or update those whose code is already registered in the county."""

    title = _("Schools")
    columns = (
        Column(_("School identifier code"), "code", "4201234567", note=_("10 digits; an existing code updates that school")),
        Column(_("School name"), "name", "城关镇第一小学"),
        Column(_("Township"), "township", "城关镇", note=_("A township already registered in the portal")),
        Column(_("School type"), "school_type", str(SchoolType.PRIMARY.label), choices=SchoolType.labels),
        Column(_("Central school"), "is_central", "否", required=False, choices=YES_NO),
        Column(_("Address"), "address", "城关镇解放路 12 号", required=False),
        Column(_("Public phone"), "phone", "0710-1234567", required=False),
        Column(_("Principal"), "principal_name", "王建国", required=False),
        Column(_("Students"), "student_count", "860"),
        Column(_("Boarders"), "boarding_count", "120"),
        Column(_("Canteen"), "has_canteen", "是", required=False, choices=YES_NO),
        Column(_("Dormitory"), "has_dormitory", "是", required=False, choices=YES_NO),
        Column(_("Campus shop"), "has_supermarket", "否", required=False, choices=YES_NO),
        Column(_("School bus"), "has_bus_service", "否", required=False, choices=YES_NO),
    )

    def row_form(self, data, acting_user):
        existing = School.objects.visible_to(acting_user).filter(code=data.get("code", "")).first()
        if existing is not None:
            # columns left out of the sheet keep the school's current values
            current = {name: getattr(existing, name) for name in SchoolImportForm._meta.fields}
            current["township"] = existing.township.name
            data = {**current, **data}
        return SchoolImportForm(data, instance=existing, user=acting_user)

    def row_key(self, form):
        return form.cleaned_data["code"]

    def save_row(self, form, acting_user):
        if form.instance.pk is None:
            services.school_create(school=form.instance, acting_user=acting_user)
            return True
        services.school_update(school=form.instance, acting_user=acting_user, reason=str(_("Excel import")))
        return False


class UserImportForm(InitialPasswordMixin, forms.ModelForm):
    role = LabelChoiceField(label=_("role"), choices=Role.choices)
    township = forms.ModelChoiceField(
        label=_("township"),
        queryset=Township.objects.none(),
        to_field_name="name",
        required=False,
        error_messages={"invalid_choice": _("There is no township of this name in your county.")},
    )
    school = forms.ModelChoiceField(
        label=_("school"),
        queryset=School.objects.none(),
        to_field_name="code",
        required=False,
        error_messages={"invalid_choice": _("There is no school with this code in your scope.")},
    )
    duties = LabelMultipleChoiceField(label=_("duties"), choices=Duty.choices, required=False)

    class Meta:
        model = User
        fields = ["username", "full_name", "role", "township", "school", "duties", "phone", "email"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
        self.fields["township"].queryset = Township.objects.visible_to(user)
        self.fields["school"].queryset = schools_visible_to(user)
        self.instance.county_id = user.county_id
        self.fields["password2"].required = False

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") and not cleaned.get("password2"):
            cleaned["password2"] = cleaned["password1"]
        return cleaned


class UserImport(SheetImport):
    """Open accounts in bulk; an existing username is refused, never overwritten."""

    title = _("Users")
    columns = (
        Column(_("Username"), "username", "zhangsan01"),
        Column(_("Full name"), "full_name", "张三"),
        Column(_("Role"), "role", str(Role.PRINCIPAL.label), choices=Role.labels),
        Column(_("Township"), "township", "", required=False, note=_("Only for township supervisors")),
        Column(
            _("School code"), "school", "4201234567", required=False, note=_("Only for principals and school staff")
        ),
        Column(_("Duties"), "duties", "食堂管理员、财务", required=False, note=_("Only for school staff; separate with 、")),
        Column(_("Mobile phone"), "phone", "13800000000", required=False),
        Column(_("E-mail"), "email", "", required=False),
        Column(_("Initial password"), "password1", "Houqin@2026", note=_("At least 10 characters, not all digits")),
    )

    def row_form(self, data, acting_user):
        return UserImportForm(data, user=acting_user)

    def row_key(self, form):
        return form.cleaned_data["username"].lower()

    def save_row(self, form, acting_user):
        services.user_create(user=form.instance, password=form.cleaned_data["password1"], acting_user=acting_user,
                             bulk=True)
        return True
