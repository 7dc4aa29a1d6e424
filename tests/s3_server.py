"""An S3-compatible server for the tests and CI: moto's standalone server (moto[server]) as a
process of its own, listening on a free port of 127.0.0.1, with any access key accepted.

The storage tests start one per session (tests/conftest.py, `s3_server`). As a script
(`.ci/s3`, i.e. `python -m tests.s3_server`):

    .ci/s3 -- COMMAND ARGS...   run COMMAND with STORAGE_URL and the AWS_* credentials pointing
                                at a fresh bucket, then stop the server; exits with COMMAND's code
    eval "$(.ci/s3)"            start the server in the background and print `export` lines
                                (STORAGE_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
                                S3_SERVER_PID); `kill "$S3_SERVER_PID"` stops it
"""

from __future__ import annotations

import argparse
import os
import shlex
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from urllib.parse import urlencode

ACCESS_KEY = "mineready-test"
SECRET_KEY = "mineready-test-secret"  # moto accepts any pair; these only have to be consistent
REGION = "us-east-1"
HOST = "127.0.0.1"
START_SECONDS = 30


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@dataclass
class S3Server:
    process: subprocess.Popen
    endpoint: str

    def credentials(self) -> dict[str, str]:
        return {"AWS_ACCESS_KEY_ID": ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": SECRET_KEY}

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
        )

    def create_bucket(self, name: str) -> None:
        self.client().create_bucket(Bucket=name)

    def storage_url(self, bucket: str, prefix: str = "") -> str:
        query = urlencode(
            {"endpoint_url": self.endpoint, "region": REGION, "addressing_style": "path"}
        )
        return f"s3://{bucket}/{prefix}?{query}" if prefix else f"s3://{bucket}?{query}"

    def environment(self, bucket: str, prefix: str = "") -> dict[str, str]:
        return {"STORAGE_URL": self.storage_url(bucket, prefix), **self.credentials()}

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _answers(server: S3Server) -> bool:
    try:
        with socket.create_connection((HOST, int(server.endpoint.rsplit(":", 1)[1])), timeout=1):
            return True
    except OSError:
        return False


def start_s3_server(*, background: bool = False) -> S3Server:
    """Start moto's server on a free port and wait until it answers; a few ports are tried in
    case another process takes the chosen one first. `background`: a session of its own, so
    that it outlives this process."""
    for _attempt in range(5):
        port = free_port()
        process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", HOST, "-p", str(port)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=background,
        )
        server = S3Server(process=process, endpoint=f"http://{HOST}:{port}")
        deadline = time.monotonic() + START_SECONDS
        while process.poll() is None and time.monotonic() < deadline:
            if _answers(server):
                server.client().list_buckets()  # the S3 API answers, not only the socket
                return server
            time.sleep(0.1)
        server.stop()
    raise RuntimeError("moto's S3 server did not start (is moto[server] installed?)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=".ci/s3", description=__doc__.split("\n\n")[0])
    parser.add_argument("--bucket", default="mineready")
    parser.add_argument("--prefix", default="media", help="key prefix of MineReady's files")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- COMMAND ARGS...")
    arguments = parser.parse_args(argv)
    command = arguments.command[1:] if arguments.command[:1] == ["--"] else arguments.command
    server = start_s3_server(background=not command)
    try:
        server.create_bucket(arguments.bucket)
    except Exception:
        server.stop()
        raise
    environment = server.environment(arguments.bucket, arguments.prefix)
    if not command:
        for key, value in {**environment, "S3_SERVER_PID": str(server.process.pid)}.items():
            print(f"export {key}={shlex.quote(value)}")
        return 0
    try:
        return subprocess.run(command, env=os.environ | environment).returncode
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
