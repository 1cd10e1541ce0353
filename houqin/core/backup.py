"""Backing up and restoring the portal: the PostgreSQL database (pg_dump's custom format) and the
uploaded files (a tar of MEDIA_ROOT), with a manifest of checksums and row counts that the restore
checks before it touches anything and verifies after (`make backup`, `make restore FROM=…`).

A backup folder holds db.dump, media.tar.gz and manifest.json. The restore replaces the database's
contents in one transaction (pg_restore --clean --single-transaction) and swaps the media folder in
whole, so an interrupted restore leaves the old data, never half of each."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection

MANIFEST = "manifest.json"
DUMP = "db.dump"
MEDIA = "media.tar.gz"


class BackupError(Exception):
    pass


def _pg_env() -> tuple[dict, list[str]]:
    """Environment and connection arguments of the pg_* tools for the configured database."""
    db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    args = ["--host", db.get("HOST") or "127.0.0.1", "--port", str(db.get("PORT") or 5432),
            "--username", db.get("USER") or "postgres"]
    return env, args


def _run(argv: list[str], env: dict) -> None:
    result = subprocess.run(argv, env=env, capture_output=True, text=True)  # noqa: S603 - fixed argv
    if result.returncode != 0:
        raise BackupError(f"{Path(argv[0]).name} failed ({result.returncode}): {result.stderr.strip()[-2000:]}")


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def table_counts() -> dict[str, int]:
    """Rows of every table of the public schema (the restore must find the same)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        tables = [row[0] for row in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - names from the catalogue
            counts[table] = cursor.fetchone()[0]
    return counts


def media_files(root: Path) -> dict[str, str]:
    """Every uploaded file under `root` with its SHA-256, by relative path."""
    if not root.exists():
        return {}
    return {str(p.relative_to(root)): sha256(p) for p in sorted(root.rglob("*")) if p.is_file()}


def _media_root() -> Path | None:
    """The media folder, or None when uploads live in object storage (backed up by its versioning)."""
    return Path(settings.MEDIA_ROOT) if isinstance(default_storage, FileSystemStorage) else None


def backup(target: Path) -> dict:
    """Write a backup of the database and the media folder into the new folder `target`."""
    target.mkdir(parents=True, exist_ok=False)
    env, args = _pg_env()
    _run(["pg_dump", *args, "--format=custom", "--no-owner", "--no-acl", "--file", str(target / DUMP),
          connection.settings_dict["NAME"]], env)
    root = _media_root()
    files = {}
    if root is not None:
        with tarfile.open(target / MEDIA, "w:gz") as archive:
            if root.exists():
                archive.add(root, arcname="media")
        files = media_files(root)
    manifest = {
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": connection.settings_dict["NAME"],
        "tables": table_counts(),
        "media": files,
        "media_in_object_storage": root is None,
        "checksums": {name: sha256(target / name) for name in (DUMP, MEDIA) if (target / name).exists()},
    }
    (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def _read_manifest(source: Path) -> dict:
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(f"{source} is no backup of this portal: {error}") from error
    for name, expected in manifest["checksums"].items():
        if not (source / name).exists() or sha256(source / name) != expected:
            raise BackupError(f"{name} in {source} is missing or damaged (checksum differs); nothing was changed")
    return manifest


def _safe_members(archive: tarfile.TarFile):
    for member in archive.getmembers():
        if not (member.isfile() or member.isdir()) or not member.name.startswith("media"):
            raise BackupError(f"unexpected entry in the media archive: {member.name}")
        yield member


def restore(source: Path) -> dict:
    """Replace the database and the media folder with the backup in `source`, then verify both."""
    manifest = _read_manifest(source)
    root = _media_root()
    staged = None
    if root is not None and (source / MEDIA).exists():
        # unpack beside the media folder first: a damaged archive stops the restore before the database
        staged = Path(tempfile.mkdtemp(prefix=".restore-", dir=root.parent))
        with tarfile.open(source / MEDIA, "r:gz") as archive:
            archive.extractall(staged, members=_safe_members(archive), filter="data")
    env, args = _pg_env()
    connection.close()
    try:
        _run(["pg_restore", *args, "--clean", "--if-exists", "--no-owner", "--no-acl", "--single-transaction",
              "--exit-on-error", "--dbname", connection.settings_dict["NAME"], str(source / DUMP)], env)
    except BackupError:
        if staged:
            shutil.rmtree(staged, ignore_errors=True)
        raise
    if staged is not None:
        old = root.with_name(root.name + ".before-restore")
        shutil.rmtree(old, ignore_errors=True)
        if root.exists():
            root.rename(old)
        if (staged / "media").exists():
            (staged / "media").rename(root)
        else:  # the backup was taken before anything was uploaded
            root.mkdir(parents=True)
        shutil.rmtree(staged, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
    return verify(manifest)


def verify(manifest: dict) -> dict:
    """Compare the restored database and media folder with the manifest; raise on any difference."""
    counts = table_counts()
    wrong = {t: (n, counts.get(t)) for t, n in manifest["tables"].items() if counts.get(t) != n}
    if wrong:
        raise BackupError(f"restored tables differ from the backup (expected, found): {wrong}")
    root = _media_root()
    if root is not None and not manifest["media_in_object_storage"]:
        files = media_files(root)
        if files != manifest["media"]:
            missing = sorted(set(manifest["media"]) - set(files))
            changed = sorted(k for k in manifest["media"] if k in files and files[k] != manifest["media"][k])
            raise BackupError(f"restored media differ from the backup: missing {missing[:10]}, changed {changed[:10]}")
    return {"tables": len(counts), "rows": sum(counts.values()), "files": len(manifest["media"])}
