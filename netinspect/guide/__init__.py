"""Deliverables for the customer's own engineers: the command checklist and the daily maintenance guide."""
