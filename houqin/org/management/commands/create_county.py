"""python manage.py create_county — the first step of a real deployment: the county and its first
bureau administrator (who then registers townships, schools and accounts in the portal)."""

import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from houqin.org.choices import Role
from houqin.org.models import County, User


class Command(BaseCommand):
    help = "Create (or find) a county and its first bureau administrator account."

    def add_arguments(self, parser):
        parser.add_argument("--code", required=True, help="6-digit administrative division code")
        parser.add_argument("--name", required=True, help="county name, e.g. 汉江县")
        parser.add_argument("--bureau-name", default="", help="e.g. 汉江县教育局学校后勤管理办公室")
        parser.add_argument("--complaint-phone", default="")
        parser.add_argument("--admin", required=True, help="username of the first bureau administrator")
        parser.add_argument("--admin-name", default="", help="the administrator's full name")
        parser.add_argument("--password", help="initial password (asked for when omitted)")

    @transaction.atomic
    def handle(self, *args, **options):
        county = County.objects.filter(code=options["code"]).first()
        if county is None:
            county = County(code=options["code"], name=options["name"], bureau_name=options["bureau_name"],
                            complaint_phone=options["complaint_phone"])
            self._save(county)
            self.stdout.write(f"county {county.name} ({county.code}) created")
        if User.objects.filter(username=options["admin"]).exists():
            self.stdout.write(f"account {options['admin']} exists already; nothing changed")
            return
        password = options["password"] or getpass.getpass("initial password: ")
        user = User(username=options["admin"], full_name=options["admin_name"] or options["admin"],
                    role=Role.BUREAU_ADMIN, county=county)
        from django.contrib.auth.password_validation import validate_password

        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        user.set_password(password)
        self._save(user)
        self.stdout.write(self.style.SUCCESS(f"bureau administrator {user.username} created for {county.name}"))

    def _save(self, instance):
        try:
            instance.full_clean()
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        instance._change_reason = "create_county"
        instance.save()
