"""Rooms and assets of school A (and of school B for scope), the people who keep them, and the assets
app's Chinese messages installed for the tests until they are merged into the project catalogue."""

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import polib
import pytest
from django.utils import timezone

from assets import services
from assets.models import Asset, Room
from tests import factories

TRANSLATIONS = Path(__file__).with_name("translations.json")


@pytest.fixture(scope="session")
def _assets_locale(tmp_path_factory):
    """A catalogue of the assets app's messages (the same JSON handed over for the project catalogue)."""
    folder = tmp_path_factory.mktemp("assets-locale")
    target = folder / "zh_Hans" / "LC_MESSAGES"
    target.mkdir(parents=True)
    catalogue = polib.POFile()
    catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "zh_Hans",
                          "Plural-Forms": "nplurals=1; plural=0;"}
    for msgid, msgstr in json.loads(TRANSLATIONS.read_text(encoding="utf-8")).items():
        catalogue.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    catalogue.save_as_mofile(str(target / "django.mo"))
    return folder


@pytest.fixture(autouse=True)
def assets_catalogue(_assets_locale, settings):
    """The project catalogue first (it wins where both translate), then the assets app's messages."""
    settings.LOCALE_PATHS = [*settings.LOCALE_PATHS, _assets_locale]
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def keeper_a(school_a):
    """The asset manager (资产管理员) of school A."""
    return factories.staff(school_a, duties=["asset_manager"], username="keeper_a", full_name="孙资产")


@pytest.fixture
def keeper_b(school_b):
    return factories.staff(school_b, duties=["asset_manager"], username="keeper_b", full_name="乙资产")


@pytest.fixture
def teacher_a(school_a):
    """A teacher of school A with no asset duty: reports repairs, asks for purchases."""
    return factories.staff(school_a, duties=[], username="teacher_a", full_name="赵老师")


@pytest.fixture
def room_a(school_a, keeper_a):
    return services.room_save(room=Room(school=school_a, name="微机室", building="教学楼", kind="lab",
                                        department="信息中心", keeper=keeper_a), acting_user=keeper_a)


@pytest.fixture
def room_a2(school_a, keeper_a):
    return services.room_save(room=Room(school=school_a, name="三(2)班", building="教学楼", kind="classroom"),
                              acting_user=keeper_a)


@pytest.fixture
def room_b(school_b, keeper_b):
    return services.room_save(room=Room(school=school_b, name="乙校办公室", kind="office"), acting_user=keeper_b)


def make_asset(school, user, room=None, **fields):
    values = {"name": "台式计算机", "category": "computer", "purchase_date": timezone.localdate() - dt.timedelta(days=400),
              "original_value": Decimal("4800.00"), "room": room, **fields}
    return services.asset_register(asset=Asset(school=school, **values), acting_user=user)


@pytest.fixture
def asset_a(school_a, keeper_a, room_a):
    return make_asset(school_a, keeper_a, room_a, model="联想 M430")


@pytest.fixture
def asset_b(school_b, keeper_b, room_b):
    return make_asset(school_b, keeper_b, room_b, name="乙校投影仪", category="audiovisual")
