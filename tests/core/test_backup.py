"""`make backup` / `make restore`: back up, wipe the database and the media folder, restore, and find
every row and every file again; a damaged backup is refused before anything is touched."""

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from houqin.core.backup import media_files
from tests import factories

ROOT = Path(__file__).resolve().parent.parent.parent


def table_digests() -> dict[str, tuple[int, str]]:
    """Every table's row count and a digest of all its rows' contents."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        digests = {}
        for (table,) in cursor.fetchall():
            cursor.execute(f'SELECT COUNT(*), md5(COALESCE(string_agg(t::text, \'|\' ORDER BY t::text), \'\')) '
                           f'FROM "{table}" t')
            digests[table] = cursor.fetchone()
    return digests


def wipe():
    """What a lost machine leaves: an empty database and no uploaded files."""
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture
def recorded(transactional_db, bureau_admin, school_a, school_b, principal_a):
    """A county with ledgers, history and uploaded files (one of them with a Chinese name)."""
    from canteens.models import Canteen

    canteen = Canteen(school=school_a, name="学生食堂", licence_number="JY14206010000001")
    canteen.licence_scan.save("许可证.pdf", ContentFile(b"%PDF-1.4\n" + bytes(range(256)) * 40 + b"\n%%EOF"),
                              save=False)
    canteen._history_user = principal_a
    canteen.save()
    return canteen


def test_backup_wipe_restore_finds_every_row_and_file(recorded, tmp_path):
    call_command("seed_demo", "--force", stdout=io.StringIO())  # every ledger, history, arrays, decimals
    before = table_digests()
    files = media_files(Path(settings.MEDIA_ROOT))
    assert files and any(name.endswith(".pdf") for name in files)
    assert before["canteens_morningcheck"][0] > 0 and before["canteens_historicalcanteen"][0] > 0

    out = io.StringIO()
    call_command("backup", "--to", str(tmp_path / "b"), stdout=out)
    assert "backup written" in out.getvalue()
    wipe()
    assert media_files(Path(settings.MEDIA_ROOT)) == {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'")
        assert cursor.fetchone()[0] == 0

    out = io.StringIO()
    call_command("restore", str(tmp_path / "b"), "--yes", stdout=out)
    assert "verified" in out.getvalue()
    assert table_digests() == before
    assert media_files(Path(settings.MEDIA_ROOT)) == files
    # the restored database is the portal's: its rules (the ledger trigger) came back with it
    from canteens.models import MorningCheck
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError, match="never deleted"), transaction.atomic():
        MorningCheck.objects.filter(pk=MorningCheck.objects.first().pk)._raw_delete(connection.alias)


def test_a_damaged_backup_is_refused_and_nothing_is_changed(recorded, tmp_path):
    call_command("backup", "--to", str(tmp_path / "b"), stdout=io.StringIO())
    before = table_digests()
    files = media_files(Path(settings.MEDIA_ROOT))
    dump = tmp_path / "b" / "db.dump"
    dump.write_bytes(dump.read_bytes()[:-100])
    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(tmp_path / "b"), "--yes", stdout=io.StringIO())
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(tmp_path / "b"), stdout=io.StringIO())
    assert table_digests() == before
    assert media_files(Path(settings.MEDIA_ROOT)) == files


def test_make_has_the_backup_and_restore_commands_of_the_readme():
    makefile = (ROOT / "Makefile").read_text()
    assert "manage.py backup" in makefile and "manage.py restore" in makefile
    result = subprocess.run(["make", "-n", "restore"], cwd=ROOT, capture_output=True, text=True)
    assert "FROM=" in result.stdout + result.stderr
    readme = (ROOT / "README.md").read_text()
    assert "make backup" in readme and "make restore FROM=" in readme
