"""The review page (`iob review`): analysts review signals and uncertain person links.

A small Starlette application over the data folder and the decisions store, with users,
roles, TOTP, CSRF and a hash-chained audit log. See `review/app.py` for the routes.
"""
