"""Compliance rules for fee notices: pure functions over a notice, its items and the county's
catalogue, no database access. Each finding names the rule it breaks and where that rule comes from.

A finding is stored as {"code", "item", "params"} and its text is produced in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fees.choices import CollectionMethod, FeeUnit
from houqin.core.text import match_key

TWO_MUSTNOTS = gettext_lazy("“Two must-nots” of 鄂价费〔2017〕5号")


@dataclass(frozen=True)
class Rule:
    code: str
    label: str
    basis: str
    template: str


RULES = {
    rule.code: rule
    for rule in (
        Rule("no_items", gettext_lazy("Items listed"), gettext_lazy("Fee notice procedure"),
             gettext_lazy("The notice lists no fee at all.")),
        Rule("over_cap", gettext_lazy("Price cap"), gettext_lazy("County fee catalogue"),
             gettext_lazy("“%(item)s” charges %(amount)s %(unit)s, above the county cap of %(cap)s for %(category)s.")),
        Rule("unit_not_allowed", gettext_lazy("Pricing unit"), gettext_lazy("County fee catalogue"),
             gettext_lazy("“%(item)s” is priced %(unit)s, but the county caps %(category)s only %(units)s.")),
        Rule("forbidden_item", gettext_lazy("Forbidden charge"), gettext_lazy("Three prohibitions"),
             gettext_lazy("“%(item)s” is the forbidden charge “%(forbidden)s” (%(policy)s). %(reason)s")),
        Rule("category_inactive", gettext_lazy("Fee category in use"), gettext_lazy("County fee catalogue"),
             gettext_lazy("The county no longer allows the category %(category)s used by “%(item)s”.")),
        Rule("voluntary_missing", gettext_lazy("Voluntary choice"), gettext_lazy("Voluntary principle"),
             gettext_lazy("“%(item)s” (%(category)s) must be left to each family's choice but is not marked voluntary.")),
        Rule("policy_missing", gettext_lazy("Policy basis"), gettext_lazy("Fee notice procedure"),
             gettext_lazy("“%(item)s” does not name the policy document that allows it.")),
        Rule("phones_missing", gettext_lazy("Complaint phones"), gettext_lazy("Fee notice procedure"),
             gettext_lazy("The notice does not give these complaint phones: %(missing)s.")),
        Rule("supplier_disclosure_missing", gettext_lazy("Supplier disclosure"), gettext_lazy("School uniform purchase"),
             gettext_lazy("“%(item)s” must disclose how the supplier was chosen; missing: %(missing)s.")),
        Rule("school_collects_insurance", gettext_lazy("Commercial insurance"), gettext_lazy("Three prohibitions"),
             gettext_lazy("“%(item)s” is commercial insurance: the school may not collect it; families buy it from the insurer directly.")),
        Rule("bundled_with_admin_fees", gettext_lazy("Not with administrative fees"), TWO_MUSTNOTS,
             gettext_lazy("“%(item)s” is collected together with administrative fees.")),
        Rule("tied_to_enrolment", gettext_lazy("Not tied to enrolment"), TWO_MUSTNOTS,
             gettext_lazy("“%(item)s” is collected at registration, as if it were a condition of enrolment.")),
    )
}


@dataclass(frozen=True)
class Finding:
    code: str
    item: str = ""
    params: dict = field(default_factory=dict)

    @property
    def rule(self) -> Rule:
        return RULES[self.code]

    @property
    def message(self) -> str:
        """The finding in the reader's language (units and field names are stored as codes)."""
        params = dict(self.params)
        units = dict(FeeUnit.choices)
        if "unit" in params:
            params["unit"] = str(units.get(params["unit"], params["unit"]))
        if isinstance(params.get("units"), list):
            params["units"] = "、".join(str(units.get(u, u)) for u in params["units"])
        if isinstance(params.get("missing"), list):
            labels = missing_labels()
            params["missing"] = "、".join(str(labels.get(m, m)) for m in params["missing"])
        return str(self.rule.template) % {"item": self.item, **params}

    @property
    def label(self) -> str:
        return str(self.rule.label)

    @property
    def basis(self) -> str:
        return str(self.rule.basis)

    def as_json(self) -> dict:
        return {"code": self.code, "item": self.item, "params": self.params}

    @classmethod
    def from_json(cls, data: dict) -> Finding:
        return cls(data["code"], data.get("item", ""), data.get("params", {}))


@dataclass(frozen=True)
class Forbidden:
    name: str
    terms: tuple[str, ...]
    reason: str
    policy: str


@dataclass
class Catalogue:
    """What the rules need of the county's catalogue for one school type."""

    caps: dict[tuple[int, str], Decimal]  # (category id, unit) -> cap for this school's type
    capped_units: dict[int, set[str]]  # category id -> units the county caps
    forbidden: list[Forbidden]


def missing_labels() -> dict[str, str]:
    return {
        "school": _("school"), "bureau": _("education bureau"), "hotline": _("price hotline 12358"),
        "supplier": _("supplier"), "supplier_reason": _("reason"), "supplier_qualification": _("qualifications"),
        "supplier_price": _("price"), "supplier_quality": _("quality"),
    }


def _money(value) -> str:
    return f"{Decimal(value):.2f}"


def item_findings(item, catalogue: Catalogue) -> list[Finding]:
    """The findings of one item. `item` needs name, amount, unit, is_voluntary, collection_method,
    supplier fields, policy fields and its category (with its flags)."""
    findings = []
    category = item.category
    name = item.name.strip()
    key = match_key(name)
    for forbidden in catalogue.forbidden:
        if any(term and term in key for term in forbidden.terms):
            findings.append(Finding("forbidden_item", name, {"forbidden": forbidden.name, "reason": forbidden.reason,
                                                              "policy": forbidden.policy}))
            break
    if not category.is_active:
        findings.append(Finding("category_inactive", name, {"category": category.name}))
    capped = catalogue.capped_units.get(category.pk, set())
    cap = catalogue.caps.get((category.pk, item.unit))
    if cap is not None and item.amount is not None and Decimal(item.amount) > cap:
        findings.append(Finding("over_cap", name, {"amount": _money(item.amount), "unit": item.unit,
                                                   "cap": _money(cap), "category": category.name}))
    elif capped and item.unit not in capped:
        findings.append(Finding("unit_not_allowed", name, {"unit": item.unit, "category": category.name,
                                                           "units": sorted(capped)}))
    if category.requires_voluntary and not item.is_voluntary:
        findings.append(Finding("voluntary_missing", name, {"category": category.name}))
    if not (item.policy_id or item.policy_basis.strip() or category.policy_id):
        findings.append(Finding("policy_missing", name))
    if category.requires_supplier_disclosure:
        fields = ("supplier", "supplier_reason", "supplier_qualification", "supplier_price", "supplier_quality")
        missing = [attr for attr in fields if not getattr(item, attr, "").strip()]
        if missing:
            findings.append(Finding("supplier_disclosure_missing", name, {"missing": missing}))
    if category.school_may_not_collect and item.collection_method != CollectionMethod.DIRECT:
        findings.append(Finding("school_collects_insurance", name))
    if item.collection_method == CollectionMethod.WITH_ADMIN_FEES:
        findings.append(Finding("bundled_with_admin_fees", name))
    if item.collection_method == CollectionMethod.AT_REGISTRATION:
        findings.append(Finding("tied_to_enrolment", name))
    return findings


def notice_findings(notice, items, catalogue: Catalogue) -> list[Finding]:
    """Every finding of a notice: its own (phones, no items) and its items'."""
    findings = []
    if not items:
        findings.append(Finding("no_items"))
    phones = (("school", notice.school_phone), ("bureau", notice.bureau_phone), ("hotline", notice.price_hotline))
    missing = [code for code, value in phones if not (value or "").strip()]
    if missing:
        findings.append(Finding("phones_missing", params={"missing": missing}))
    for item in items:
        findings.extend(item_findings(item, catalogue))
    return findings
