"""Writes with side effects, by subdomain: `membership` and `meetings`."""
