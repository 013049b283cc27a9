"""soclint: a linter for SOC 2 programs kept as Markdown with YAML front-matter."""

__version__ = "0.1.0"
