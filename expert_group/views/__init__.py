"""The pages, by subdomain: `membership` and `meetings`."""
