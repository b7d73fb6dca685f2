from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from yiwang.accounts.selectors import user_find_by_phone
from yiwang.accounts.validators import is_mobile_phone


class UsernameOrPhoneBackend(ModelBackend):
    """Sign in with the login name or, for people who registered one, the mobile number.

    The phone is found through its blind index: the database never holds it in clear.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        from yiwang.accounts.models import User

        user = User.objects.filter(username=username).first()
        if user is None and is_mobile_phone(username):
            user = user_find_by_phone(username)
        if user is None:
            User().set_password(password)  # same work as a real check: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
