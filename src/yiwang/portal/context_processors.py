from django.conf import settings
from django.utils import translation

from yiwang.workbench.access import is_workbench_user

CARE_MODE_COOKIE = "care_mode"


def site(request):
    """Site identity (DESIGN §5), care mode, and whether the user may enter the workbench."""
    info = dict(settings.YIWANG_SITE)
    # The site's name is configuration, not a msgid; an English name may be configured beside it.
    if translation.get_language() == "en" and info.get("name_en"):
        info["name"] = info["name_en"]
    return {
        "site": info,
        "care_mode": request.COOKIES.get(CARE_MODE_COOKIE) == "1",
        "is_workbench_user": is_workbench_user(getattr(request, "user", None)),
    }
