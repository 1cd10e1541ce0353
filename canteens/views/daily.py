"""The pages a canteen uses every day on a phone: today, the morning check, the food samples."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from canteens import selectors, services
from canteens.choices import CheckOutcome, Meal
from canteens.forms import CheckRowForm, SampleRowForm
from canteens.models import SampleRecord
from canteens.rules import canteen_issues
from canteens.views.common import chosen_canteen, chosen_day, keeper
from houqin.core.permissions import RoleRequiredMixin

EXTRA_SAMPLE_ROWS = 2


class TodayView(RoleRequiredMixin, View):
    """The canteen's day at a glance: roster, samples against the menu, what needs doing."""

    def get(self, request):
        if (request.user.is_bureau or request.user.role == "township_supervisor") and "canteen" not in request.GET:
            return redirect("canteens:overview")
        if request.user.role == "school_staff" and not set(request.user.duties) & {"canteen_manager",
                                                                                    "food_safety_officer"}:
            return redirect("canteens:account_list")  # finance keeps the accounts, not the kitchen
        if "canteen" not in request.GET and not selectors.canteens_for(request.user).filter(
                school_id=request.user.school_id).exists():
            return render(request, "canteens/no_canteen.html", {"title": _("Canteen")})
        canteen = chosen_canteen(request)
        day = chosen_day(request)
        roster = selectors.roster_for_day(canteen, day)
        meals = selectors.meals_of_day(canteen, day, timezone.now())
        checked = [r for r in roster if r["check"]]
        return render(request, "canteens/today.html", {
            "title": _("Canteen today"), "canteen": canteen, "day": day, "roster": roster,
            "checked": len(checked), "blocked": [r for r in roster if r["blocked"]],
            "unwell": [r for r in checked if r["check"].outcome == CheckOutcome.OFF_FOOD],
            "expiring": [r for r in roster if "expiring" in r["certificates"].values()],
            "meals": meals, "meal_issues": sum(len(m["issues"]) for m in meals),
            "canteen_issues": canteen_issues(canteen, day), "keeper": keeper(request, canteen),
            "previous": day - dt.timedelta(days=1), "next": day + dt.timedelta(days=1),
            "today": timezone.localdate(),
        })


class MorningCheckView(RoleRequiredMixin, View):
    """One form per person on the roster; "copy yesterday" pre-fills the duties of the last day
    recorded. People whose certificates do not allow duty are shown blocked."""

    template_name = "canteens/morning_check.html"

    def rows(self, roster, data=None, copy=False):
        rows = []
        for row in roster:
            source = row["check"] or (row["yesterday"] if copy else None)
            initial = {"outcome": CheckOutcome.ABSENT if row["blocked"] else CheckOutcome.FIT}
            if source is not None:
                initial = {"outcome": CheckOutcome.ABSENT if row["blocked"] else (
                    source.outcome if row["check"] else
                    (CheckOutcome.FIT if source.outcome == CheckOutcome.OFF_FOOD else source.outcome)),
                    "temperature": source.temperature if row["check"] else None,
                    "symptoms": source.symptoms if row["check"] else [], "note": source.note if row["check"] else ""}
            rows.append({**row, "form": CheckRowForm(data, prefix=f"s{row['staff'].pk}", initial=initial)})
        return rows

    def get(self, request):
        canteen, day = chosen_canteen(request), chosen_day(request)
        roster = selectors.roster_for_day(canteen, day)
        return self.render(request, canteen, day, self.rows(roster, copy=bool(request.GET.get("copy"))))

    def post(self, request):
        canteen, day = chosen_canteen(request), chosen_day(request)
        if not keeper(request, canteen):
            raise PermissionDenied
        roster = selectors.roster_for_day(canteen, day)
        rows = self.rows(roster, request.POST)
        if not all(row["form"].is_valid() for row in rows):
            return self.render(request, canteen, day, rows, status=422)
        entries = [services.CheckEntry(staff_id=row["staff"].pk, outcome=row["form"].cleaned_data["outcome"],
                                       temperature=row["form"].cleaned_data["temperature"],
                                       symptoms=tuple(row["form"].cleaned_data["symptoms"]),
                                       note=row["form"].cleaned_data["note"]) for row in rows]
        try:
            services.morning_checks_record(canteen=canteen, date=day, entries=entries, acting_user=request.user)
        except ValidationError as error:
            return self.render(request, canteen, day, rows, errors=error.messages, status=422)
        messages.success(request, _("The morning check of %(day)s is recorded.") % {"day": day.isoformat()})
        return redirect(f"{reverse('canteens:today')}?canteen={canteen.pk}&date={day.isoformat()}")

    def render(self, request, canteen, day, rows, errors=(), status=200):
        return render(request, self.template_name, {
            "title": _("Morning check"), "canteen": canteen, "day": day, "rows": rows, "errors": errors,
            "keeper": keeper(request, canteen), "recorded": any(r["check"] for r in rows),
        }, status=status)


class SamplesView(RoleRequiredMixin, View):
    """The samples of one meal, pre-filled from that meal's menu."""

    template_name = "canteens/samples.html"

    def context(self, request):
        canteen, day = chosen_canteen(request), chosen_day(request)
        meal = request.GET.get("meal") or request.POST.get("meal") or Meal.LUNCH
        if meal not in Meal.values:
            meal = Meal.LUNCH
        return canteen, day, meal

    def rows(self, canteen, day, meal, data=None):
        info = next((m for m in selectors.meals_of_day(canteen, day, timezone.now()) if m["meal"] == meal), None)
        dishes = [d.name for d in info["dishes"]] if info else []
        samples = {s.dish: s for s in info["samples"]} if info else {}
        names = dishes + [name for name in samples if name not in dishes]
        now = timezone.localtime()
        default_time = now if now.date() == day else timezone.make_aware(dt.datetime.combine(day, dt.time(11, 30)))
        forms = []
        for index, name in enumerate(names + [""] * EXTRA_SAMPLE_ROWS):
            sample = samples.get(name)
            initial = {"dish": name, "weight_g": sample.weight_g if sample else None,
                       "stored_at": timezone.localtime(sample.stored_at) if sample else (default_time if name else None),
                       "sampled_by": sample.sampled_by if sample else ""}
            forms.append(SampleRowForm(data, prefix=f"r{index}", initial=initial))
        return forms, info

    def get(self, request):
        canteen, day, meal = self.context(request)
        forms, info = self.rows(canteen, day, meal)
        return self.render(request, canteen, day, meal, forms, info)

    def post(self, request):
        canteen, day, meal = self.context(request)
        if not keeper(request, canteen):
            raise PermissionDenied
        forms, info = self.rows(canteen, day, meal, request.POST)
        if not all(f.is_valid() for f in forms):
            return self.render(request, canteen, day, meal, forms, info, status=422)
        entries = [services.SampleEntry(dish=f.cleaned_data["dish"], weight_g=f.cleaned_data["weight_g"],
                                        stored_at=f.cleaned_data["stored_at"], sampled_by=f.cleaned_data["sampled_by"])
                   for f in forms if f.cleaned_data.get("dish")]
        try:
            services.samples_record(canteen=canteen, date=day, meal=meal, entries=entries, acting_user=request.user)
        except ValidationError as error:
            return self.render(request, canteen, day, meal, forms, info, errors=error.messages, status=422)
        messages.success(request, _("The samples are recorded."))
        return redirect(f"{reverse('canteens:samples')}?canteen={canteen.pk}&date={day.isoformat()}&meal={meal}")

    def render(self, request, canteen, day, meal, forms, info, errors=(), status=200):
        return render(request, self.template_name, {
            "title": _("Food samples"), "canteen": canteen, "day": day, "meal": meal, "meals": Meal.choices,
            "forms": forms, "info": info, "errors": errors, "keeper": keeper(request, canteen),
        }, status=status)


class SampleRemoveView(RoleRequiredMixin, View):
    def post(self, request, pk):
        sample = get_object_or_404(SampleRecord.objects.visible_to(request.user).select_related("canteen"), pk=pk)
        try:
            services.sample_remove(sample=sample, removed_at=timezone.now(), acting_user=request.user)
            messages.success(request, _("The sample is recorded as taken out."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(f"{reverse('canteens:samples')}?canteen={sample.canteen_id}&date={sample.date.isoformat()}"
                        f"&meal={sample.meal}")
