"""The ``yiwang`` command: one entry point for everything an operator runs.

Every subcommand is a Django management command underneath (``yiwang serve``,
``yiwang audit verify``, ``yiwang calendar add 2025-09-30 1`` ...), so ``yiwang help`` lists
them all and each has ``--help``.
"""

from __future__ import annotations

import os
import sys

CONFIG_ERROR_EXIT = 2


def _config_error(exc: Exception) -> SystemExit:
    # The settings messages already name the variable in English and Chinese; a traceback
    # would only bury that line.
    print(f"yiwang: configuration error / 配置错误: {exc}", file=sys.stderr)
    return SystemExit(CONFIG_ERROR_EXIT)


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    argv[0] = "yiwang"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yiwang.settings")
    from django.core.exceptions import ImproperlyConfigured

    try:
        import django

        django.setup()
    except ImproperlyConfigured as exc:
        raise _config_error(exc) from None

    from django.core.management import execute_from_command_line

    from yiwang.core import context

    try:
        with context.bind(request_id=context.new_request_id(), channel="cli"):
            execute_from_command_line(argv)
    except ImproperlyConfigured as exc:
        # Some settings are only read when first used (e.g. a malformed YIWANG_PII_KEY).
        raise _config_error(exc) from None


if __name__ == "__main__":
    main()
