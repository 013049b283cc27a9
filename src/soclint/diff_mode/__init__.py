"""Diff mode (`check --diff-base REV`): what a pull request causes, wherever it lands.

compare judges the head against the program at the base, which it evaluates
with the engine like the head; matching pairs the findings of the two runs;
weakening finds what a change of soclint.yaml or a rule pack takes away.
"""
