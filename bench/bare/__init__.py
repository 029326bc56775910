"""The bench's ceiling: a Django project with nothing in it but one static page.

Served by the same gunicorn command line as the site, so every figure in `make bench` is a
share of what Django itself costs on this machine, not of a view inside the site's own stack.
"""
