"""A bare Django: no installed apps, no database, three middleware, one URL."""

import os

SECRET_KEY = os.environ.get("SECRET_KEY", "bench-bare-not-secret")
DEBUG = False
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1").split(",")
INSTALLED_APPS: list[str] = []
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "bench.bare.urls"
DATABASES: dict = {}
USE_TZ = True
