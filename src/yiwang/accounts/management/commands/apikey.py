"""``yiwang apikey create NAME`` prints a new key; ``list`` and ``revoke PREFIX`` manage them.

``create NAME --role operator --department CODE`` also places the key's service account in
that department with the role (e.g. an SMS gateway or an upper platform filing tickets needs
the operator role); ``--scope`` overrides the role's default data scope.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from yiwang.accounts import services
from yiwang.accounts.models import ApiKey
from yiwang.core.errors import YiwangError, bilingual


class Command(BaseCommand):
    help = "Manage API keys for other systems (对接系统 API 密钥)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a key and print it once")
        create.add_argument("name")
        create.add_argument("--role", help="give the service account this role (e.g. operator)")
        create.add_argument("--department", help="code of the department the role is held in")
        create.add_argument("--scope", help="data scope: own, subtree or all (default: the role's)")
        sub.add_parser("list", help="list keys (never the keys themselves)")
        revoke = sub.add_parser("revoke", help="revoke a key by its prefix")
        revoke.add_argument("prefix")

    def handle(self, *args, action, **options):
        try:
            if action == "create":
                api_key, key = self._create(options)
                self.stdout.write(key)
                self.stderr.write(
                    f"API key '{api_key.name}' created; it is shown only once "
                    f"(密钥仅显示一次，请妥善保存)."
                )
            elif action == "list":
                for k in ApiKey.objects.order_by("name"):
                    state = "revoked" if k.revoked_at else "active"
                    used = k.last_used_at.isoformat() if k.last_used_at else "-"
                    self.stdout.write(f"{k.prefix}\t{state}\t{used}\t{k.name}")
            else:
                api_key = ApiKey.objects.filter(prefix=options["prefix"]).first()
                if api_key is None:
                    raise CommandError("no such key (没有这个密钥)")
                services.apikey_revoke(actor=None, api_key=api_key)
                self.stdout.write(f"revoked {api_key.prefix}")
        except YiwangError as exc:
            messages = [fe.as_dict() for fe in exc.field_errors] or [
                dict(zip(("message", "message_en"), bilingual(exc.detail), strict=True))
            ]
            text = "; ".join(f"{m['message']} ({m['message_en']})" for m in messages)
            raise CommandError(text) from None

    def _create(self, options):
        from yiwang.org import services as org
        from yiwang.org.models import Department, Role, Scope

        role, code, scope = options.get("role"), options.get("department"), options.get("scope")
        if (role or scope) and not code:
            raise CommandError("--role needs --department CODE (角色须指定部门)")
        if code and not role:
            raise CommandError("--department needs --role ROLE (部门须指定角色)")
        if role and role not in Role.values:
            raise CommandError(f"unknown role {role!r}; one of {', '.join(Role.values)}")
        if scope and scope not in Scope.values:
            raise CommandError(f"unknown scope {scope!r}; one of {', '.join(Scope.values)}")
        department = Department.objects.filter(code=code).first() if code else None
        if code and department is None:
            raise CommandError(f"no department with code {code!r} (没有这个部门)")
        with transaction.atomic():
            api_key, key = services.apikey_create(actor=None, name=options["name"])
            if department is not None:
                org.membership_add(
                    actor=None, user=api_key.account, department=department, is_primary=True,
                    roles=[(role, scope) if scope else role],
                )  # fmt: skip
        return api_key, key
