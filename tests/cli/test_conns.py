#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# test_conns.py: ostat net_connections and ostat netstat against what this
# test knows independently: the sockets a child it starts opens (their
# addresses from the child itself, their descriptors from /proc/PID/fd),
# the child's name in /proc/PID/comm, `ss -tlnH`, and the recorded tree
# tests/fixtures/linux/conns.
import json
import os
import re
import shutil
import socket
import sys
import tempfile
import time

# Keep the source tree free of __pycache__.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import clitest  # noqa: E402
from clitest import (Children, have, is_number, ostat_json, run,  # noqa: E402
                     text_problems)

FIXTURE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                       "fixtures", "linux", "conns", "proc")
KEYS = ["fd", "family", "type", "laddr", "raddr", "status", "pid"]
FAMILIES = {"AF_INET", "AF_INET6", "AF_UNIX"}
TYPES = {"SOCK_STREAM", "SOCK_DGRAM", "SOCK_SEQPACKET"}
STATES = {"ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2",
          "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN",
          "CLOSING", "NONE"}

# The child: a TCP listener and a connection to it on 127.0.0.1, a UDP
# socket, and a UNIX socket bound to a path with a space, a newline and a
# byte that is not UTF-8 (sys.argv[1] is its directory). It writes the
# addresses and descriptors it has, as JSON, to info.json there.
SETUP = r"""
import json, os, socket
d = os.fsencode(sys.argv[1])
l = socket.socket(); l.bind(("127.0.0.1", 0)); l.listen(4)
c = socket.create_connection(l.getsockname()); a, _ = l.accept()
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("127.0.0.1", 0))
x = socket.socket(socket.AF_UNIX); x.bind(d + b"/odd \n\xff sock"); x.listen(1)
keep = (l, c, a, u, x)
open(d + b"/info.json", "w").write(json.dumps({
    "listen": [l.fileno(), list(l.getsockname())],
    "client": [c.fileno(), list(c.getsockname()), list(c.getpeername())],
    "accepted": [a.fileno(), list(a.getsockname()), list(a.getpeername())],
    "udp": [u.fileno(), list(u.getsockname())],
    "unix": [x.fileno()]}))
"""


def socket_fds(pid):
    """The child's socket descriptors, from /proc/PID/fd (independent of
    ostat): {fd: inode}."""
    out = {}
    base = "/proc/%d/fd" % pid
    for name in os.listdir(base):
        try:
            target = os.readlink(os.path.join(base, name))
        except OSError:
            continue
        m = re.fullmatch(r"socket:\[(\d+)\]", target)
        if m:
            out[int(name)] = int(m.group(1))
    return out


def start_child(kids, tmp):
    return kids.sleeper(setup=SETUP, args=[tmp.encode()])


def test_usage(tap, ostat):
    rc, out, err = run([ostat, "--help"])
    text = out.decode("utf-8", "replace")
    tap.ok("net_connections" in text and "netstat" in text
           and "--kind" in text,
           "--help names net_connections, netstat and --kind")
    for args in (["net_connections", "--kind", "bogus"],
                 ["net_connections", "--kind", ""],
                 ["net_connections", "--kind", "TCP"],
                 ["net_connections", "--kind"],
                 ["virtual_memory", "--kind", "tcp"],
                 ["netstat", "1"],
                 ["net_connections", "1", "2"]):
        rc, out, err = run([ostat] + args)
        tap.ok(rc == 2 and out == b"" and b"--help" in err,
               "bad usage %r exits 2 with a message on stderr only" % args,
               "rc=%d stdout=%r stderr=%r" % (rc, out[:200], err[:300]))
    rc, out, err = run([ostat, "net_connections", "999999999", "--json"])
    tap.ok(rc == 1 and b"OSTAT_ENOPROC" in err,
           "net_connections of a pid that does not exist exits 1 with "
           "OSTAT_ENOPROC", "rc=%d stderr=%r" % (rc, err))


def check_rows(rows, keys):
    """Problems with the shape of net_connections --json rows."""
    bad = []
    if not isinstance(rows, list):
        return ["not an array: %r" % (rows,)]
    for r in rows:
        if not isinstance(r, dict) or list(r) != keys:
            bad.append("keys %r" % (list(r) if isinstance(r, dict) else r))
            continue
        if not isinstance(r["fd"], int) or r["fd"] < -1:
            bad.append("fd %r" % r["fd"])
        if r["family"] not in FAMILIES or r["type"] not in TYPES:
            bad.append("family %r type %r" % (r["family"], r["type"]))
        if r["status"] is not None and r["status"] not in STATES:
            bad.append("status %r" % r["status"])
        for k in ("laddr", "raddr"):
            v = r[k]
            if r["family"] == "AF_UNIX":
                if not isinstance(v, str):
                    bad.append("%s of a UNIX socket %r" % (k, v))
            elif not (isinstance(v, list) and
                      (v == [] or (len(v) == 2 and isinstance(v[0], str)
                                   and is_number(v[1])))):
                bad.append("%s %r" % (k, v))
        if "pid" in r and r["pid"] is not None and \
                (not isinstance(r["pid"], int) or r["pid"] < 0):
            bad.append("pid %r" % r["pid"])
    return bad


def test_json_shape(tap, ostat):
    for kind in ("inet", "inet4", "inet6", "tcp", "tcp4", "tcp6", "udp",
                 "udp4", "udp6", "unix", "all"):
        rows = ostat_json(ostat, "net_connections", "--kind", kind)
        bad = check_rows(rows, KEYS)
        tap.ok(not bad, "net_connections --kind %s --json: objects of "
               "psutil's fields" % kind, "\n".join(bad[:10]))
        fams = {r["family"] for r in rows}
        want = {"inet": {"AF_INET", "AF_INET6"}, "unix": {"AF_UNIX"},
                "all": FAMILIES}.get(kind.rstrip("46"), None)
        if kind.endswith("4"):
            want = {"AF_INET"}
        elif kind.endswith("6"):
            want = {"AF_INET6"}
        elif kind in ("tcp", "udp"):
            want = {"AF_INET", "AF_INET6"}
        tap.ok(fams <= want, "--kind %s lists only %s" % (kind, sorted(want)),
               sorted(fams))


def find(rows, fd, pid=None):
    return [r for r in rows if r["fd"] == fd
            and (pid is None or r.get("pid") == pid)]


def test_child_sockets(tap, ostat):
    tmp = tempfile.mkdtemp(prefix="ostat-cli-conns-")
    try:
        with Children() as kids:
            p = start_child(kids, tmp)
            with open(os.path.join(tmp, "info.json")) as f:
                info = json.load(f)
            fds = socket_fds(p.pid)
            rows = ostat_json(ostat, "net_connections", "--kind", "all")
            mine = [r for r in rows if r["pid"] == p.pid]
            tap.ok(sorted(r["fd"] for r in mine) == sorted(fds),
                   "net_connections lists each of the child's socket "
                   "descriptors once", (sorted(r["fd"] for r in mine),
                                        sorted(fds)))
            fd, (ip, port) = info["listen"]
            got = find(mine, fd)
            tap.ok(len(got) == 1 and got[0]["family"] == "AF_INET"
                   and got[0]["type"] == "SOCK_STREAM"
                   and got[0]["laddr"] == [ip, port] and got[0]["raddr"] == []
                   and got[0]["status"] == "LISTEN",
                   "the listener: AF_INET SOCK_STREAM %s:%d LISTEN" % (ip, port),
                   got)
            for what in ("client", "accepted"):
                fd, local, peer = info[what]
                got = find(mine, fd)
                tap.ok(len(got) == 1 and got[0]["laddr"] == local
                       and got[0]["raddr"] == peer
                       and got[0]["status"] == "ESTABLISHED",
                       "the %s: %r -> %r ESTABLISHED" % (what, local, peer),
                       got)
            fd, local = info["udp"]
            got = find(mine, fd)
            tap.ok(len(got) == 1 and got[0]["type"] == "SOCK_DGRAM"
                   and got[0]["laddr"] == local and got[0]["raddr"] == []
                   and got[0]["status"] == "NONE",
                   "the UDP socket: SOCK_DGRAM %r NONE" % (local,), got)
            fd, = info["unix"]
            got = find(mine, fd)
            want = tmp + "/odd \n\ufffd sock"
            tap.ok(len(got) == 1 and got[0]["family"] == "AF_UNIX"
                   and got[0]["laddr"] == want and got[0]["raddr"] == "",
                   "the UNIX socket's odd path comes back repaired to UTF-8 "
                   "(U+FFFD for the bad byte)", got)

            # The child's own sockets: psutil's pconn, without pid.
            prow = ostat_json(ostat, "net_connections", str(p.pid), "--kind",
                              "all")
            bad = check_rows(prow, [k for k in KEYS if k != "pid"])
            tap.ok(not bad, "net_connections PID --json: pconn objects",
                   "\n".join(bad[:10]))
            tap.ok(sorted(r["fd"] for r in prow) == sorted(fds),
                   "net_connections PID lists exactly the child's socket "
                   "descriptors", (sorted(r["fd"] for r in prow), sorted(fds)))
            prow = ostat_json(ostat, "net_connections", str(p.pid), "--kind",
                              "tcp4")
            tap.ok(sorted(r["fd"] for r in prow) ==
                   sorted([info["listen"][0], info["client"][0],
                           info["accepted"][0]]),
                   "net_connections PID --kind tcp4: the three TCP sockets",
                   prow)

            # Tables: the odd path must not break a line.
            rc, out, err = run([ostat, "net_connections", str(p.pid),
                                "--kind", "unix"])
            tap.ok(rc == 0 and text_problems(out) is None,
                   "the table is UTF-8 without control characters",
                   text_problems(out))
            lines = out.decode("utf-8", "replace").splitlines()
            tap.ok(len(lines) == 2 and "odd ?" in lines[1],
                   "the UNIX socket is one table line, its newline shown as "
                   "'?'", lines)

            # netstat: the program name from /proc/PID/comm.
            comm = clitest.read_text("/proc/%d/comm" % p.pid).strip()
            rc, out, err = run([ostat, "netstat"])
            text = out.decode("utf-8", "replace")
            ip, port = info["listen"][1]
            want = re.compile(r"^tcp\s+%s:%d\s+-\s+LISTEN\s+%d\s+%s$"
                              % (re.escape(ip), port, p.pid,
                                 re.escape(comm)), re.M)
            tap.ok(rc == 0 and want.search(text) is not None,
                   "netstat shows the listener with pid %d and name %s"
                   % (p.pid, comm), text[:2000])
            tap.ok(text.splitlines()[0].split()[:3] ==
                   ["Proto", "Local", "address"], "netstat's header",
                   text.splitlines()[:1])
            rows = ostat_json(ostat, "netstat")
            got = [r for r in rows if r["pid"] == p.pid
                   and r["status"] == "LISTEN"]
            tap.ok(len(got) == 1 and got[0]["proto"] == "tcp"
                   and got[0]["name"] == comm
                   and list(got[0]) == ["proto", "laddr", "raddr", "status",
                                        "pid", "name"],
                   "netstat --json: proto, laddr, raddr, status, pid, name",
                   got)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def ss_listen():
    rc, out, err = run(["ss", "-tlnH"])
    if rc != 0:
        return None
    ports = set()
    for line in out.decode("utf-8", "replace").splitlines():
        w = line.split()
        if len(w) >= 4:
            host, _, port = w[3].rpartition(":")
            host = host.strip("[]").split("%")[0]
            ports.add((host, int(port)))
    return ports


def ostat_listen(ostat):
    rows = ostat_json(ostat, "net_connections", "--kind", "tcp")
    return {(r["laddr"][0].split("%")[0], r["laddr"][1]) for r in rows
            if r["status"] == "LISTEN"}


def test_versus_ss(tap, ostat):
    """psutil's own oracle: the listening TCP ports equal ss's (retried:
    listeners come and go on a busy machine)."""
    if not have("ss"):
        tap.skip("listening ports equal ss -tln's", "ss is not installed")
        return
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(1)
        mine = ("127.0.0.1", s.getsockname()[1])
        for attempt in range(5):
            a = ostat_listen(ostat)
            b = ss_listen()
            if a == b:
                break
            time.sleep(0.2)
        tap.ok(a == b and mine in a,
               "the listening TCP addresses equal ss -tlnH's, this test's "
               "own included", "ostat only %r, ss only %r"
               % (sorted(a - b), sorted(b - a)))


def test_fixture(tap, ostat):
    args = ["--procfs", FIXTURE, "net_connections", "--kind", "all"]
    rows = ostat_json(ostat, *args)
    tap.ok(len(rows) == 26 and not check_rows(rows, KEYS),
           "the recorded tree: 26 rows of psutil's fields", len(rows))
    want = {"fd": 3, "family": "AF_INET", "type": "SOCK_STREAM",
            "laddr": ["0.0.0.0", 22], "raddr": [], "status": "LISTEN",
            "pid": 100}
    tap.ok(want in rows, "the shared listener, once, with pid 100's fd 3",
           [r for r in rows if r["laddr"] == ["0.0.0.0", 22]])
    want = {"fd": -1, "family": "AF_INET6", "type": "SOCK_STREAM",
            "laddr": ["::ffff:192.0.2.1", 443],
            "raddr": ["::ffff:198.51.100.7", 51003], "status": "ESTABLISHED",
            "pid": None}
    tap.ok(want in rows, "an IPv4-mapped connection without an owner: fd -1, "
           "pid null")
    unknown = [r for r in rows if r["laddr"] == ["127.0.0.1", 8081]]
    tap.ok(len(unknown) == 1 and unknown[0]["status"] is None,
           "a TCP state ostat does not know is null", unknown)
    odd = [r["laddr"] for r in rows if r["family"] == "AF_UNIX"]
    tap.ok("/tmp/line one\nline two" in odd and "" in odd
           and "@/tmp/.X11-unix/X0" in odd,
           "UNIX paths: with a newline, none, abstract", odd)
    rc, out, err = run([ostat, "--procfs", FIXTURE, "netstat", "--kind",
                        "inet"])
    lines = out.decode("utf-8", "replace").splitlines()
    tap.ok(rc == 0 and len(lines) == 19,
           "netstat on the recorded tree: a header and 18 inet rows",
           "\n".join(lines))
    tap.ok(any(re.match(r"^tcp6\s+\[::1\]:8080\s+-\s+LISTEN\s+100\s+sshd$", l)
               for l in lines), "netstat: [::1]:8080 LISTEN 100 sshd", lines)
    rc, out, err = run([ostat, "--procfs", FIXTURE, "net_connections", "200",
                        "--json"])
    rows = json.loads(out.decode()) if rc == 0 else None
    tap.ok(rows is not None and sorted(r["fd"] for r in rows) == [3, 5, 6],
           "net_connections 200 on the recorded tree: fds 3, 5, 6", rows)
    bad = os.path.join(FIXTURE, "..", "..", "malformed", "conns-tcp-bad-hex",
                       "proc")
    rc, out, err = run([ostat, "--procfs", bad, "net_connections"])
    tap.ok(rc == 1 and out == b"" and b"OSTAT_EPARSE" in err
           and b"net/tcp: line 2" in err,
           "a broken table: exit 1, OSTAT_EPARSE naming the file and line",
           err)


if __name__ == "__main__":
    sys.exit(clitest.main([test_usage, test_json_shape, test_child_sockets,
                           test_versus_ss, test_fixture]))
