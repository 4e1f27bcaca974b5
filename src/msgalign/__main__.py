"""`python -m msgalign`: the same command line as `msgalign`."""

from msgalign.cli import main

main(prog_name="msgalign")
