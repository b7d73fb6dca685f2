from django.shortcuts import render


def lockout_response(request, credentials=None, *args, **kwargs):
    """Shown by django-axes when an account is locked after repeated failed logins."""
    return render(request, "accounts/locked.html", status=429)
