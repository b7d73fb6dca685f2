from django.conf import settings


def site(request):
    return {
        "site": settings.YIWANG_SITE,
        "care_mode": request.COOKIES.get("care_mode") == "1",
    }
