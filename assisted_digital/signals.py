"""What assisted digital tells the rest of the site as it happens, without knowing who listens.

Insights counts them (insights/receivers.py); nothing personal is sent, only that it happened.
"""

from django.dispatch import Signal

handout_printed = Signal()
shortlist_emailed = Signal()
