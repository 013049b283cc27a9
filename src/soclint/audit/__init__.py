"""The audit period: the program replayed day by day from git, the auditor's package, and
the readiness report.

span names the period; replay evaluates the rules as of each day of it, reading the
program from git objects and running again only what changed (tracking says what a
rule read); intervals turns the days into the spans each finding was open; calendar
lists what falls due; package writes the auditor's folder; readiness judges the
checklist before an audit.
"""
