"""`netinspect change check PLAN`: review a change plan before the window (plan.py reads it, review.py judges it)."""
