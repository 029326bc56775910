"""Read queries, by subdomain: `membership` and `meetings`."""
