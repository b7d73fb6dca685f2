"""Access to the staff workbench: signed-in staff (or system) accounts only."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def staff_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if user.kind not in ("staff", "system") and not user.is_superuser:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
