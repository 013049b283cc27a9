"""Approval and review (A codes): sign-offs, review cycles, drift after approval, changes."""
