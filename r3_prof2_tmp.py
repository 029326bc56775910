import os, time, cProfile, pstats
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cja_site.settings")
import django; django.setup()
from django.conf import settings
from django.test import Client
from django.test.utils import override_settings
from readership import counting
COUNTING = "readership.middleware.ReadershipMiddleware"
without = [m for m in settings.MIDDLEWARE if m != COUNTING]
def loop(client, n=500):
    t=time.perf_counter()
    for i in range(n):
        client.get("/", REMOTE_ADDR=f"10.0.{i//256%256}.{i%256}", HTTP_USER_AGENT=f"Mozilla/5.0 (X11; Linux x86_64; rv:{i%50}.0) Gecko/20100101 Firefox/{i%50}.0")
    return (time.perf_counter()-t)/n*1e6
for rnd in range(3):
    for label, mw in (("counting", settings.MIDDLEWARE), ("plain", without)):
        with override_settings(MIDDLEWARE=mw):
            c=Client(); c.get("/"); print(label, f"{loop(c):.0f}")
if os.environ.get("PROF"):
    with override_settings(MIDDLEWARE=settings.MIDDLEWARE):
        c=Client(); c.get("/")
        pr=cProfile.Profile(); pr.enable(); loop(c); counting.readership_flush(); pr.disable()
        pstats.Stats(pr).sort_stats("tottime").print_stats(30)
