"""Complaints about schools A (township A) and B (township B), built through the real services."""

import datetime as dt
import time

import pytest
from django.core.cache import cache
from django.utils import timezone

from inspections.choices import ComplaintCategory, ComplaintOutcome
from inspections.forms_complaints import form_token
from inspections.services import complaints as services


@pytest.fixture(autouse=True)
def _fresh_throttles():
    """Each test starts with no filings or failed lookups counted against the test client's address."""
    cache.clear()
    yield


@pytest.fixture
def today():
    return timezone.localdate()


def file(school, text="食堂的饭菜经常不熟，孩子吃了肚子疼。", category=ComplaintCategory.CANTEEN, **kwargs):
    return services.complaint_file(school=school, category=category, text=text, **kwargs)


def assign(complaint, user, days=7, serious=False, instruction="请核查食堂饭菜加工情况并答复。"):
    return services.complaint_assign(complaint=complaint, instruction=instruction,
                                     answer_by=timezone.localdate() + dt.timedelta(days=days), serious=serious,
                                     acting_user=user)


def answer(complaint, user, text="已核查，更换了炊事员并加强了留样检查。"):
    return services.complaint_answer(complaint=complaint, answer=text, acting_user=user)


def close(complaint, user, outcome=ComplaintOutcome.PARTLY, serious=False, reply="经核查部分属实，学校已整改。", **kwargs):
    return services.complaint_close(complaint=complaint, outcome=outcome, serious=serious, public_reply=reply,
                                    acting_user=user, **kwargs)


@pytest.fixture
def filed_a(school_a):
    return file(school_a, contact_name="张家长", contact_phone="13812345678")


@pytest.fixture
def filed_b(school_b):
    return file(school_b, text="校车经常超载，很危险，请查一查。", category=ComplaintCategory.BUS,
                contact_name="李家长", contact_phone="13987654321")


@pytest.fixture
def assigned_a(filed_a, bureau_inspector):
    return assign(filed_a, bureau_inspector)


@pytest.fixture
def answered_a(assigned_a, principal_a):
    return answer(assigned_a, principal_a)


@pytest.fixture
def closed_a(answered_a, bureau_admin):
    return close(answered_a, bureau_admin)


def public_form_data(for_school, **overrides):
    """A filing as a person sends it: the form was shown a minute ago."""
    return {
        "school": for_school.code,
        "category": ComplaintCategory.FEE,
        "text": "学校要求每人交200元资料费，没有收据。",
        "contact_name": "",
        "contact_phone": "",
        "website": "",
        "ts": form_token(time.time() - 60),
        **overrides,
    }
