"""Counts what other apps announce as it happens (a handout printed, a shortlist emailed)."""

from django.dispatch import receiver

from assisted_digital.signals import handout_printed, shortlist_emailed

from .choices import Measure
from .models import DailyCount


@receiver(handout_printed, dispatch_uid="insights.count_handout")
def count_handout(**kwargs) -> None:
    DailyCount.add(Measure.HANDOUT)


@receiver(shortlist_emailed, dispatch_uid="insights.count_email")
def count_email(**kwargs) -> None:
    DailyCount.add(Measure.EMAIL)
