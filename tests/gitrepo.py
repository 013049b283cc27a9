"""Real git repositories for the history tests: commits with chosen dates and authors."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

AUTHOR = "Ada Lovelace"
EMAIL = "author@example.com"


def git(
    root: Path,
    *args: str,
    when: str | None = None,
    author: str = AUTHOR,
    input: str | None = None,
    email: str = EMAIL,
) -> str:
    """Run git in `root`, isolated from the user's configuration; `when` dates the commit."""
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": author,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": author,
        "GIT_COMMITTER_EMAIL": email,
    }
    if when is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{when}T12:00:00+00:00"
    done = subprocess.run(
        ["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True, input=input
    )
    return done.stdout


def init(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    return root


def commit(
    root: Path,
    message: str,
    when: str,
    author: str = AUTHOR,
    email: str = EMAIL,
    signing_key: Path | None = None,
) -> str:
    """Commit everything in `root` on day `when` (YYYY-MM-DD) as `author` <`email`>, signed
    with the SSH private key `signing_key` when one is given; the new commit's sha."""
    git(root, "add", "-A")
    signing = ["-c", "gpg.format=ssh", "-c", f"user.signingKey={signing_key}"]
    options = [*signing, "commit", "-S"] if signing_key else ["commit"]
    git(root, *options, "-q", "-m", message, when=when, author=author, email=email)
    return git(root, "rev-parse", "HEAD").strip()
