"""The history path: git read safely, what changed after an approval, and diff mode.

git_command runs git, git_objects reads trees and blobs, git_history reads the log
in a few calls; lineage tells whether approved content changed since; snapshot
rebuilds the program at a past commit, and diff_mode, matching and weakening judge
what a pull request causes.
"""
