"""The command line (Typer): options in, one call into a job, exit code out. `app.py` is the root app and
`main`; each other module holds the commands of one concern."""
