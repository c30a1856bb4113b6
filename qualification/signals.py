from django.dispatch import Signal

# Sent once per event, after the transaction that recorded it commits. It is
# the only publish/subscribe link between apps (notifications, webhooks).
event_recorded = Signal()
