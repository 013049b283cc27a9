from soclint.cli import run

run()
