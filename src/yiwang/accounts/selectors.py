"""Reads of identities. Personal data leaves here masked unless the viewer may see it."""

from __future__ import annotations

from typing import Any

from yiwang.accounts.models import User, UserKind
from yiwang.core import pii
from yiwang.org.permissions import can


def user_pii_for(viewer: Any, user: User, *, reveal: bool = False) -> dict[str, Any]:
    """What ``viewer`` is shown of ``user``'s personal data.

    Values are masked unless ``reveal`` is asked for AND the viewer is the owner or
    authorised staff (action ``accounts.pii.view``). Revealing for staff should go through
    ``services.pii_reveal`` so it is audited; owners see their own data freely.
    """
    allowed = can(viewer, "accounts.pii.view", user)
    full = reveal and allowed
    phone = user.phone or ""
    data: dict[str, Any] = {
        "may_reveal": allowed,
        "revealed": full,
        "display_name": user.display_name,
        "phone": phone if full else pii.mask_phone(phone),
    }
    if user.kind == UserKind.CITIZEN and hasattr(user, "citizen_profile"):
        profile = user.citizen_profile
        data["real_name"] = (
            profile.real_name if (full or viewer == user) else pii.mask_name(profile.real_name)
        )
        data["id_number"] = profile.id_number if full else pii.mask_id_number(profile.id_number)
    if user.kind == UserKind.ENTERPRISE and hasattr(user, "enterprise_profile"):
        profile = user.enterprise_profile
        data["name"] = profile.name
        data["credit_code"] = profile.credit_code  # public register data, not personal
        data["legal_representative"] = profile.legal_representative
    return data


def user_find_by_phone(phone: str) -> User | None:
    """The single user with this mobile number, or None (also when several share it)."""
    canonical = pii.normalize(phone or "").removeprefix("+86")
    matches = list(User.objects.filter(phone_index=pii.blind_index(canonical, purpose="phone"))[:2])
    return matches[0] if len(matches) == 1 else None


def user_find_by_id_number(id_number: str) -> User | None:
    return User.objects.filter(
        citizen_profile__id_number_index=pii.blind_index(id_number, purpose="id_number")
    ).first()
