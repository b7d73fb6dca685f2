"""好差评 (国办发〔2019〕51号): the five levels shared by 12345 tickets and applications.

The last two levels are bad reviews; each is followed up and rectified within a deadline
(local practice: 5 working days). One rating per visit on site (一次一评) and per case online
(一事一评)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

BAD_RATING_RECTIFY_DAYS = 5


class RatingLevel(models.IntegerChoices):
    VERY_SATISFIED = 5, _("非常满意")
    SATISFIED = 4, _("满意")
    BASICALLY_SATISFIED = 3, _("基本满意")
    DISSATISFIED = 2, _("不满意")
    VERY_DISSATISFIED = 1, _("非常不满意")


def is_bad(level: int) -> bool:
    """不满意 and 非常不满意 are bad reviews."""
    return level <= RatingLevel.DISSATISFIED
