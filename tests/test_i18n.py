"""The zh-hans catalogue translates every message of the project's code and templates."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
SOURCES = ("houqin", "fees", "canteens", "schoolbus", "assets", "inspections", "templates", "locale", "manage.py")


def test_catalogue_translates_every_message_of_the_code(tmp_path):
    """Extract today's messages in a copy of the project, merged into the committed catalogue:
    nothing may be left untranslated or fuzzy."""
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        elif source.exists():
            shutil.copy(source, tmp_path / name)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "houqin.settings.test", "PYTHONPATH": str(tmp_path)}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "--no-obsolete", "--no-location", "-v", "0"],
        cwd=tmp_path, env=env, check=True,
    )
    catalogue = polib.pofile(str(tmp_path / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    missing = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not missing, f"untranslated: {missing}"
    assert not fuzzy, f"fuzzy: {fuzzy}"


def test_placeholders_survive_translation():
    for entry in polib.pofile(str(CATALOGUE)).translated_entries():
        translation = entry.msgstr_plural[0] if entry.msgid_plural else entry.msgstr
        for placeholder in ("%(", "{{", "%s"):
            assert entry.msgid.count(placeholder) == translation.count(placeholder), entry.msgid


def test_the_catalogue_compiles_with_format_checks(tmp_path):
    """What `make setup` runs on a fresh machine: msgfmt --check refuses a broken format string."""
    result = subprocess.run(["msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(CATALOGUE)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_catalogue_agrees_with_djangos_own_messages():
    """A msgid our code shares with Django ("This field is required.") must not override Django's
    wording with another, or the same error reads two ways across the portal."""
    import django

    django_catalogue = polib.mofile(str(Path(django.__file__).parent / "conf/locale/zh_Hans/LC_MESSAGES/django.mo"))
    theirs = {entry.msgid: entry.msgstr for entry in django_catalogue}
    clashes = [entry.msgid for entry in polib.pofile(str(CATALOGUE)).translated_entries()
               if entry.msgid in theirs and entry.msgstr != theirs[entry.msgid] and entry.msgid != "English"]
    assert not clashes
