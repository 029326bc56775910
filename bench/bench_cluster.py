"""Two app servers behind HAProxy, one stopped a third of the way through: requests per second
through the load balancer, and how many failed (PostgreSQL and Redis required)."""

import os

from tests.cluster import Cluster, bounded_load, haproxy_binary

from .bench_pages import bench_database_url, bench_environment, manage

REQUESTS = int(os.environ.get("BENCH_CLUSTER_REQUESTS", "3000"))
PATHS = ["/", "/publications/", "/campaigns/", "/search/?q=restorative+justice"]


def run() -> str:
    if not (os.environ.get("DATABASE_URL") and os.environ.get("REDIS_URL")):
        return "skipped: needs DATABASE_URL (PostgreSQL) and REDIS_URL"
    if haproxy_binary() is None:
        return "skipped: needs HAProxy (apt-get install haproxy)"
    database_url = bench_database_url()
    env = bench_environment(database_url)
    manage(env, "migrate", "--no-input")
    manage(env, "load_demo_content")
    cluster = Cluster(env={"DATABASE_URL": database_url, "REDIS_URL": os.environ["REDIS_URL"]})
    cluster.start()
    try:
        steady = bounded_load(cluster.url, PATHS, requests=REQUESTS, clients=8)
        failover = bounded_load(
            cluster.url, PATHS, requests=REQUESTS, clients=8, during=lambda: cluster.stop_server(0)
        )
    finally:
        cluster.stop()
    return "\n".join(
        [
            "| scenario | requests | req/s | failed |",
            "|---|---:|---:|---:|",
            f"| two servers | {steady.sent:,} | {steady.per_second:,.0f} | {steady.failed} |",
            f"| one stopped a third of the way | {failover.sent:,} | "
            f"{failover.per_second:,.0f} | {failover.failed} |",
        ]
    )
