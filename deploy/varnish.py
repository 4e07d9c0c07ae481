"""Start Varnish with deploy/varnish.vcl in front of a given backend port (tests, bench/load.py).

In production run varnishd from its systemd unit with the VCL edited for your backend; this helper
writes a copy of the VCL with the port and runs ``varnishd -F`` as a child process.
"""

import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

VCL = Path(__file__).with_name("varnish.vcl")
VARNISHD = shutil.which("varnishd") or ("/usr/sbin/varnishd" if Path("/usr/sbin/varnishd").exists() else None)


def wait_for_port(port, host="127.0.0.1", timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            sock.settimeout(0.5)
            if sock.connect_ex((host, port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on {host}:{port} after {timeout:.0f} s")


def start_varnish(backend_port, listen_port, *, memory="64m", workdir=None):
    """A running varnishd (Popen) caching 127.0.0.1:``backend_port`` on 127.0.0.1:``listen_port``."""
    if VARNISHD is None:
        raise FileNotFoundError("varnishd is not installed (apt-get install varnish)")
    workdir = Path(workdir or tempfile.mkdtemp(prefix="gongzhi-varnish-"))
    workdir.mkdir(parents=True, exist_ok=True)
    workdir.chmod(0o755)  # varnishd reads the VCL after dropping root to its own user
    vcl = workdir / "gongzhi.vcl"
    vcl.write_text(VCL.read_text().replace('.port = "8000";', f'.port = "{backend_port}";'))
    vcl.chmod(0o644)
    process = subprocess.Popen(
        [VARNISHD, "-F", "-a", f"127.0.0.1:{listen_port}", "-f", str(vcl), "-n", str(workdir / "n"),
         "-s", f"malloc,{memory}", "-p", "ban_lurker_sleep=0.01"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(listen_port)
    except TimeoutError:
        process.kill()
        raise
    return process


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
