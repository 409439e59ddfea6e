"""One module per `iob` subcommand; each exposes a click command named `command`.

Keep these modules thin: parse options, call into flows/ or transforms/, print the result.
Heavy imports (prefect, great_expectations) happen inside the command function.
"""
