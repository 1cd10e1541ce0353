"""Excel imports of the county catalogue (policy documents, fee categories with caps, forbidden
items) and of class rosters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fees import services
from fees.choices import FeeKind, FeeUnit
from fees.models import FeeCap, FeeCategory, ForbiddenItem, PolicyDocument, SchoolClass, Student
from houqin.core.excel import Column, SheetImport
from houqin.core.fields import LabelChoiceField, YesNoField
from houqin.org.choices import SchoolType

YES_NO = (_("Yes"), _("No"))


def _policy_field(required=False):
    return forms.ModelChoiceField(
        label=_("policy basis"), queryset=PolicyDocument.objects.none(), to_field_name="number", required=required,
        error_messages={"invalid_choice": _("No policy document of this number in the county's library.")},
    )


class PolicyRowForm(forms.ModelForm):
    class Meta:
        model = PolicyDocument
        fields = ["number", "title", "issuer", "issued_on", "summary"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.county_id = user.county_id


class PolicyImport(SheetImport):
    """Add policy documents to the library, or update those whose number is there already."""

    title = _("Policy documents")
    columns = (
        Column(_("Document number"), "number", "鄂价费〔2017〕5号"),
        Column(_("Title"), "title", "关于进一步规范中小学服务性收费和代收费管理有关问题的通知"),
        Column(_("Issued by"), "issuer", "湖北省物价局、湖北省教育厅", required=False),
        Column(_("Issued on"), "issued_on", "2017-03-01", required=False, note=_("YYYY-MM-DD")),
        Column(_("Key provisions"), "summary", "", required=False),
    )

    def row_form(self, data, acting_user):
        existing = PolicyDocument.objects.visible_to(acting_user).filter(number=data.get("number", "")).first()
        return PolicyRowForm(data, instance=existing, user=acting_user)

    def row_key(self, form):
        return form.cleaned_data["number"]

    def save_row(self, form, acting_user):
        created = form.instance.pk is None
        services.catalogue_entry_save(entry=form.instance, acting_user=acting_user, reason=str(_("Excel import")))
        return created


class CategoryRowForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=50)
    kind = LabelChoiceField(label=_("kind"), choices=FeeKind.choices)
    requires_voluntary = YesNoField(label=_("voluntary choice required"))
    requires_supplier_disclosure = YesNoField(label=_("supplier disclosure required"))
    school_may_not_collect = YesNoField(label=_("school may not collect the money"))
    policy = _policy_field()
    school_type = LabelChoiceField(label=_("school type"), choices=SchoolType.choices, required=False)
    unit = LabelChoiceField(label=_("unit"), choices=FeeUnit.choices, required=False)
    max_amount = forms.DecimalField(label=_("cap (yuan)"), max_digits=10, decimal_places=2, min_value=0,
                                    required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["policy"].queryset = PolicyDocument.objects.visible_to(user)

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("unit") and cleaned.get("max_amount") is None) or (
            cleaned.get("max_amount") is not None and not cleaned.get("unit")
        ):
            raise forms.ValidationError(_("A cap needs both its unit and its amount."))
        return cleaned


class CategoryImport(SheetImport):
    """One row per cap: the category is created on its first row and updated on the next ones."""

    title = _("Fee categories")
    columns = (
        Column(_("Category"), "name", "学生饮用奶"),
        Column(_("Kind"), "kind", str(FeeKind.PASS_THROUGH.label), choices=FeeKind.labels),
        Column(_("Voluntary choice required"), "requires_voluntary", "是", required=False, choices=YES_NO),
        Column(_("Supplier disclosure required"), "requires_supplier_disclosure", "否", required=False,
               choices=YES_NO),
        Column(_("School may not collect"), "school_may_not_collect", "否", required=False, choices=YES_NO),
        Column(_("Policy document number"), "policy", "鄂价费〔2017〕5号", required=False),
        Column(_("School type"), "school_type", "", required=False, choices=SchoolType.labels,
               note=_("Empty: the cap applies to every type")),
        Column(_("Unit"), "unit", str(FeeUnit.PER_TERM.label), required=False, choices=FeeUnit.labels),
        Column(_("Cap (yuan)"), "max_amount", "220.00", required=False),
    )

    def row_form(self, data, acting_user):
        return CategoryRowForm(data, user=acting_user)

    def row_key(self, form):
        data = form.cleaned_data
        return (data["name"], data.get("school_type") or "", data.get("unit") or "") if data.get("unit") else None

    def save_row(self, form, acting_user):
        data = form.cleaned_data
        category = FeeCategory.objects.visible_to(acting_user).filter(name=data["name"]).first()
        created = category is None
        category = category or FeeCategory(name=data["name"])
        for field in ("kind", "requires_voluntary", "requires_supplier_disclosure", "school_may_not_collect"):
            setattr(category, field, data[field])
        if data.get("policy"):
            category.policy = data["policy"]
        services.catalogue_entry_save(entry=category, acting_user=acting_user, reason=str(_("Excel import")))
        if data.get("unit"):
            cap = FeeCap.objects.filter(category=category, school_type=data.get("school_type") or "",
                                        unit=data["unit"]).first() or FeeCap(
                category=category, school_type=data.get("school_type") or "", unit=data["unit"])
            cap.max_amount = data["max_amount"]
            services.fee_cap_save(cap=cap, acting_user=acting_user)
        return created


class ForbiddenRowForm(forms.ModelForm):
    policy = _policy_field()

    class Meta:
        model = ForbiddenItem
        fields = ["name", "keywords", "policy", "reason"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["policy"].queryset = PolicyDocument.objects.visible_to(user)
        self.instance.county_id = user.county_id


class ForbiddenImport(SheetImport):
    title = _("Forbidden items")
    columns = (
        Column(_("Name"), "name", "补课费"),
        Column(_("Also recognised as"), "keywords", "补习费、辅导费", required=False),
        Column(_("Forbidden by (document number)"), "policy", "鄂价费〔2017〕5号", required=False),
        Column(_("Why it is forbidden"), "reason", "", required=False),
    )

    def row_form(self, data, acting_user):
        existing = ForbiddenItem.objects.visible_to(acting_user).filter(name=data.get("name", "")).first()
        return ForbiddenRowForm(data, instance=existing, user=acting_user)

    def row_key(self, form):
        return form.cleaned_data["name"]

    def save_row(self, form, acting_user):
        created = form.instance.pk is None
        services.catalogue_entry_save(entry=form.instance, acting_user=acting_user, reason=str(_("Excel import")))
        return created


class StudentRowForm(forms.Form):
    school_class = forms.CharField(label=_("class"), max_length=30)
    name = forms.CharField(label=_("name"), max_length=30)
    is_boarder = YesNoField(label=_("boarder"))


class StudentImport(SheetImport):
    """A school's class rosters: classes are created as needed; every student gets a family code."""

    title = _("Students")
    columns = (
        Column(_("Class"), "school_class", "三年级（2）班"),
        Column(_("Student name"), "name", "张小明"),
        Column(_("Boarder"), "is_boarder", "否", required=False, choices=YES_NO),
    )

    def __init__(self, school_year: int | None = None):
        self.school_year = school_year

    def row_form(self, data, acting_user):
        return StudentRowForm(data)

    def save_row(self, form, acting_user):
        data = form.cleaned_data
        school_class = SchoolClass.objects.filter(school_id=acting_user.school_id, school_year=self.school_year,
                                                  name=data["school_class"]).first()
        if school_class is None:
            school_class = services.school_class_save(
                school_class=SchoolClass(school_id=acting_user.school_id, school_year=self.school_year,
                                         name=data["school_class"]),
                acting_user=acting_user,
            )
        student = Student(school_id=acting_user.school_id, school_class=school_class, name=data["name"],
                          is_boarder=data["is_boarder"])
        services.student_save(student=student, acting_user=acting_user)
        return True
