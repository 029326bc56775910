"""Forms, by subdomain: `membership` and `meetings`. They validate; services write."""
