"""``yiwang apikey create NAME`` prints a new key; ``list`` and ``revoke PREFIX`` manage them."""

from django.core.management.base import BaseCommand, CommandError

from yiwang.accounts import services
from yiwang.accounts.models import ApiKey
from yiwang.core.errors import YiwangError, bilingual


class Command(BaseCommand):
    help = "Manage API keys for other systems (对接系统 API 密钥)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a key and print it once")
        create.add_argument("name")
        sub.add_parser("list", help="list keys (never the keys themselves)")
        revoke = sub.add_parser("revoke", help="revoke a key by its prefix")
        revoke.add_argument("prefix")

    def handle(self, *args, action, **options):
        try:
            if action == "create":
                api_key, key = services.apikey_create(actor=None, name=options["name"])
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
