"""The history path: git read safely, and what changed after an approval.

git_command runs git, git_objects reads trees and blobs, git_history reads the log
in a few calls; revisions reads documents as they were, lineage tells whether
approved content changed since, drafts how long a draft has been one; snapshot
rebuilds the program at a past commit, and change is what the rules that judge
a pull request see of its base (diff_mode/ compares the two).
"""
