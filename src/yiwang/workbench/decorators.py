"""Access to the staff workbench: signed-in staff (or system) accounts only."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from yiwang.workbench.access import is_workbench_user


def staff_required(view):
    """Anonymous visitors go to the login page; citizens and enterprises get a 403 page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_workbench_user(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
