"""What `soclint adopt` prints: what it did to each file and how it knew, then the to-do list."""

from __future__ import annotations

from soclint.adoption.adopt import Adoption


def summary_lines(adoption: Adoption, dry_run: bool) -> list[str]:
    """The adoption told line by line, ending with the to-do list."""
    would = "would be " if dry_run else ""
    count = len(adoption.adopted)
    noun = "document" if count == 1 else "documents"
    lines = [f"{count} {noun} {would}adopted for {adoption.company}, each a draft:"]
    for adopted in adoption.adopted:
        lines.append(f"  {adopted.path}: {adopted.doc_type} {adopted.doc_id}")
        lines += [f"    {told}" for told in adopted.told]
    if adoption.already:
        lines.append(f"Kept as they are (soclint documents already): {', '.join(adoption.already)}")
    if adoption.folded:
        folded = ", ".join(adoption.folded)
        lines.append(f"Folded into the system description (and kept for comply): {folded}")
    lines.append(f"Written{' (would be)' if dry_run else ''}:")
    lines += [f"  {plan.summary}" for plan in adoption.plans if plan.created]
    if adoption.left_out:
        lines.append("Left out:")
        lines += [f"  {refused.path}: {refused.reason}" for refused in adoption.left_out]
    lines.append(f"To do ({len(adoption.todo)} steps):")
    lines += [f"  {step}" for step in adoption.todo]
    lines.append("Then `soclint check` lists what remains.")
    return lines
