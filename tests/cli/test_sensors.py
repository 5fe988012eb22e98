#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# test_sensors.py: ostat sensors_temperatures, sensors_fans,
# sensors_battery and sensors: their JSON against the recorded sysfs trees
# of tests/fixtures/linux (values worked out by hand from the files),
# names that would break a table or a JSON document, errors, and this
# machine against /sys read here.
import glob
import json
import os
import re
import sys
import tempfile

# Keep the source tree free of __pycache__.
sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import clitest  # noqa: E402
from clitest import (is_number, ostat_json, run, text_problems,  # noqa: E402
                     write_file)

FIXTURES = os.path.join(os.path.dirname(HERE), "fixtures", "linux")
COMMANDS = ["sensors_temperatures", "sensors_fans", "sensors_battery",
            "sensors"]


def sysfs(scenario):
    return os.path.join(FIXTURES, scenario, "sys")


def T(label, current, high=None, critical=None):
    return [("label", label), ("current", current), ("high", high),
            ("critical", critical)]


def F(label, current):
    return [("label", label), ("current", current)]


# sensors-desktop: the chips in the order their first sensor comes (the
# second coretemp package, hwmon9, is listed last but shares the key).
DESKTOP_TEMPS = [
    ("acpitz", [T("", 27.8, None, 119.0)]),
    ("coretemp", [T("Package id 0", 45.0, 80.0, 100.0),
                  T("Core 0", 43.0, 80.0, 100.0),
                  T("Core 1", 44.0, 80.0, 100.0),
                  T("Core 8", 41.0, 80.0, 100.0),
                  T("Package id 1", 47.0, 80.0, 100.0)]),
    ("it8728", [T("", 35.0), T("", 52.0), T("", -5.5), T("", None)]),
    ("k10temp", [T("Tctl", 51.25), T("Tccd1", 43.75)]),
    ("w83627ehf", [T("", 36.0, 60.0)]),
    ("nvme", [T("Composite", 38.85, 81.85, 84.85),
              T("Sensor 1", 38.85, 65261.85)]),
    ("iwlwifi_1", [T("", None)]),
    ("amdgpu", [T("edge", 40.0, None, 100.0),
                T("junction", 42.0, None, 110.0)]),
]
DESKTOP_FANS = [
    ("it8728", [F("", 1200), F("", 0), F("", None)]),
    ("dell_smm", [F("Processor Fan", 2400), F("Video Fan", 0)]),
    ("w83627ehf", [F("", 1500)]),
    ("amdgpu", [F("", 800)]),
]
THERMAL_TEMPS = [
    ("acpitz", [T("", 40.0, 95.0, 105.0)]),
    ("x86_pkg_temp", [T("", 52.0)]),
    ("iwlwifi_1", [T("", None)]),
    ("soc_thermal", [T("", -12.0, 100.0, 125.0)]),
]

# power-supply/<case>: (percent, secsleft, power_plugged)
BATTERIES = {
    "charging": (60.0, -2, True),
    "discharging": (50.0, 7200, False),
    "full": (100.0, -2, True),
    "unknown-status": (77.0, -1, None),
    "time-to-empty": (40.0, 5400, False),
    "energy-with-current": (50.0, -1, False),
    "two-batteries": (66.0, -2, True),
    "no-type": (88.0, 3600, False),
    "ac-only": None,
}


def same(got, want):
    """Equal, numbers within 1e-9 relative; ints and floats alike."""
    if isinstance(want, list):
        return (isinstance(got, list) and len(got) == len(want) and
                all(same(g, w) for g, w in zip(got, want)))
    if isinstance(want, tuple):
        return (isinstance(got, (list, tuple)) and len(got) == 2 and
                got[0] == want[0] and same(got[1], want[1]))
    if isinstance(want, float) or (is_number(want) and
                                   not isinstance(want, bool)):
        return is_number(got) and abs(got - want) <= 1e-9 * max(1, abs(want))
    return got == want and type(got) is type(want)


def test_fixture_json(tap, ostat):
    cases = [
        ("sensors-desktop", "sensors_temperatures", DESKTOP_TEMPS),
        ("sensors-desktop", "sensors_fans", DESKTOP_FANS),
        ("sensors-desktop", "sensors_battery", None),
        ("sensors-thermal-only", "sensors_temperatures", THERMAL_TEMPS),
        ("sensors-thermal-only", "sensors_fans", []),
        ("sensors-fans-only", "sensors_temperatures",
         [("acpitz", [T("", 48.0, None, 99.0)])]),
        ("sensors-fans-only", "sensors_fans",
         [("thinkpad", [F("", 2900), F("", 0)])]),
        ("sensors-empty", "sensors_temperatures", []),
        ("sensors-empty", "sensors_fans", []),
    ]
    for scenario, cmd, want in cases:
        try:
            got = ostat_json(ostat, "--sysfs", sysfs(scenario), cmd,
                             pairs=True)
        except (clitest.OstatError, ValueError) as e:
            tap.ok(False, "%s on %s" % (cmd, scenario), e)
            continue
        tap.ok(same(got, want), "%s --json on %s" % (cmd, scenario),
               "got %r\nwant %r" % (got, want))


def test_battery_json(tap, ostat):
    for case, want in sorted(BATTERIES.items()):
        root = os.path.join(FIXTURES, "power-supply", case, "sys")
        try:
            got = ostat_json(ostat, "--sysfs", root, "sensors_battery",
                             pairs=True)
        except (clitest.OstatError, ValueError) as e:
            tap.ok(False, "sensors_battery on %s" % case, e)
            continue
        if want is not None:
            want = [("percent", want[0]), ("secsleft", want[1]),
                    ("power_plugged", want[2])]
        tap.ok(same(got, want), "sensors_battery --json on power-supply/%s"
               % case, "got %r\nwant %r" % (got, want))


def test_sensors_json(tap, ostat):
    try:
        got = ostat_json(ostat, "--sysfs", sysfs("sensors-desktop"),
                         "sensors", pairs=True)
    except (clitest.OstatError, ValueError) as e:
        tap.ok(False, "sensors --json", e)
        return
    want = [("temperatures", DESKTOP_TEMPS), ("fans", DESKTOP_FANS),
            ("battery", None)]
    tap.ok(same(got, want), "sensors --json: temperatures, fans, battery",
           "got %r" % (got,))


def test_tables(tap, ostat):
    root = sysfs("sensors-desktop")
    rc, out, err = run([ostat, "--sysfs", root, "sensors_temperatures"])
    lines = out.decode("utf-8").splitlines()
    tap.ok(rc == 0 and len(lines) == 19 and
           lines[0].split() == ["chip", "label", "current", "high",
                                "critical"],
           "sensors_temperatures: a header and 18 rows", out)
    tap.ok(any(re.fullmatch(r"acpitz\s+27\.8\s+-\s+119\.0", l)
               for l in lines) and
           any(re.fullmatch(r"iwlwifi_1\s+-\s+-\s+-", l) for l in lines) and
           any(re.fullmatch(r"coretemp\s+Core 8\s+41\.0\s+80\.0\s+100\.0", l)
               for l in lines),
           "sensors_temperatures rows: '-' for what is not known", out)
    rc, out, err = run([ostat, "--sysfs", root, "sensors_fans"])
    lines = out.decode("utf-8").splitlines()
    tap.ok(rc == 0 and len(lines) == 8 and
           any(re.fullmatch(r"dell_smm\s+Processor Fan\s+2400", l)
               for l in lines), "sensors_fans: a header and 7 rows", out)
    rc, out, err = run([ostat, "--sysfs", root, "sensors"])
    text = out.decode("utf-8")
    tap.ok(rc == 0 and re.search(r"^coretemp\n(    .*\n){5}it8728\n", text,
                                 re.M) and
           re.search(r"^    Core 8\s+41\.0 °C\s+high 80\.0 °C\s+"
                     r"critical 100\.0 °C$", text, re.M) and
           re.search(r"^dell_smm\n    Processor Fan\s+2400 RPM$", text, re.M)
           and "battery" not in text,
           "sensors: each chip with its temperatures and fans", text)
    rc, out, err = run([ostat, "--sysfs",
                        os.path.join(FIXTURES, "power-supply", "discharging",
                                     "sys"), "sensors_battery"])
    text = out.decode("utf-8")
    tap.ok(rc == 0 and re.search(r"^percent\s+50\.0$", text, re.M) and
           re.search(r"^secsleft\s+7200\s+2:00$", text, re.M) and
           re.search(r"^power_plugged\s+no$", text, re.M),
           "sensors_battery: percent, secsleft with the time, plugged",
           text)
    for scenario, cmd, msg in [
            ("sensors-empty", "sensors_temperatures", "no temperature"),
            ("sensors-empty", "sensors_fans", "no fans"),
            ("sensors-empty", "sensors_battery", "no battery"),
            ("sensors-empty", "sensors", "no temperatures, fans or battery"),
            ("sensors-thermal-only", "sensors_fans", "no fans")]:
        rc, out, err = run([ostat, "--sysfs", sysfs(scenario), cmd])
        tap.ok(rc == 0 and out.decode().startswith(msg),
               "%s on %s says so" % (cmd, scenario), out)


# Bytes a driver could put in a name or a label.
ODD_CHIP = b"we\"ird \\ \x1b[31m chip\xff"
ODD_LABEL = b"Core\n0\t\x01 \xc3\x28 end"


def make_odd(top):
    def w(rel, data):
        write_file(os.path.join(top, rel), data)

    w("class/hwmon/hwmon0/name", ODD_CHIP + b"\n")
    w("class/hwmon/hwmon0/temp1_label", ODD_LABEL + b"\n")
    w("class/hwmon/hwmon0/temp1_input", b"42000\n")
    w("class/hwmon/hwmon0/fan1_label", ODD_LABEL + b"\n")
    w("class/hwmon/hwmon0/fan1_input", b"1000\n")
    w("class/hwmon/hwmon1/name", b"plain\n")
    w("class/hwmon/hwmon1/temp1_input", b"30000\n")


def test_odd_names(tap, ostat):
    with tempfile.TemporaryDirectory(prefix="ostat-cli-sensors-") as top:
        make_odd(top)
        for cmd, rows in [("sensors_temperatures", 3), ("sensors_fans", 2),
                          ("sensors", 5)]:
            rc, out, err = run([ostat, "--sysfs", top, cmd])
            lines = out.decode("utf-8", "replace").splitlines()
            tap.ok(rc == 0 and text_problems(out) is None and
                   len(lines) == rows,
                   "%s: odd names stay on their line, without control "
                   "characters (%d lines)" % (cmd, rows),
                   "%s\n%r" % (text_problems(out), out))
        try:
            got = ostat_json(ostat, "--sysfs", top, "sensors_temperatures",
                             pairs=True)
        except (clitest.OstatError, ValueError) as e:
            tap.ok(False, "sensors_temperatures --json with odd names", e)
            return
        chip = ODD_CHIP.decode("utf-8", "replace")
        label = ODD_LABEL.decode("utf-8", "replace")
        tap.ok(same(got, [(chip, [T(label, 42.0)]),
                          ("plain", [T("", 30.0)])]),
               "sensors_temperatures --json: names repaired to UTF-8 and "
               "escaped", got)
        rc, out, err = run([ostat, "--sysfs", top, "sensors", "--json"])
        raw = out.decode("utf-8")
        tap.ok(rc == 0 and "\\u001b" in raw and "\\n" in raw and
               "\\\"" in raw and "\\\\" in raw and text_problems(out) is None
               and json.loads(raw)["fans"][chip][0]["label"] == label,
               "sensors --json escapes control characters, quotes and "
               "backslashes", raw)


def test_errors(tap, ostat):
    for case, cmd, rel in [
            ("hwmon-temp-garbage", "sensors_temperatures",
             "class/hwmon/hwmon0/temp1_input"),
            ("hwmon-fan-negative", "sensors_fans",
             "class/hwmon/hwmon0/fan1_input"),
            ("battery-energy-garbage", "sensors_battery",
             "class/power_supply/BAT0/energy_now"),
            ("thermal-trip-garbage", "sensors",
             "class/thermal/thermal_zone0/trip_point_0_temp")]:
        root = os.path.join(FIXTURES, "malformed", case, "sys")
        for extra in ([], ["--json"]):
            rc, out, err = run([ostat, "--sysfs", root, cmd] + extra)
            msg = err.decode("utf-8", "replace")
            tap.ok(rc == 1 and out == b"" and "OSTAT_EPARSE" in msg and
                   os.path.join(root, rel) in msg,
                   "%s %s on malformed/%s: exit 1, the file named, nothing "
                   "on stdout" % (cmd, " ".join(extra), case),
                   "rc %d, stdout %r, stderr %r" % (rc, out, msg))


def test_usage(tap, ostat):
    rc, out, err = run([ostat, "--help"])
    text = out.decode("utf-8")
    tap.ok(rc == 0 and all(re.search(r"^  %s\b" % c, text, re.M)
                           for c in COMMANDS),
           "--help lists the sensor subcommands", text)
    for args in (["sensors_fans", "--percpu"], ["sensors", "extra"],
                 ["sensors_battery", "--interval", "1"],
                 ["sensors_temperatures", "1"]):
        rc, out, err = run([ostat] + args)
        tap.ok(rc == 2 and out == b"" and err != b"",
               "ostat %s: exit 2" % " ".join(args), (rc, out, err))


# ---- this machine ---------------------------------------------------------

def read_line(path):
    try:
        with open(path, "rb") as f:
            return f.read().split(b"\n")[0].decode("utf-8", "replace")
    except OSError:
        return None


def sys_sensors(kind):
    """{chip: sorted labels} of /sys, found as psutil does."""
    found = {}
    paths = glob.glob("/sys/class/hwmon/hwmon[0-9]*/%s*_input" % kind)
    paths += glob.glob("/sys/class/hwmon/hwmon[0-9]*/device/%s*_input"
                       % kind)
    if kind == "temp":
        for p in glob.glob("/sys/devices/platform/coretemp.*/hwmon/hwmon*/"
                           "temp*_input"):
            hw = os.path.basename(os.path.dirname(p))
            if not os.path.isdir("/sys/class/hwmon/" + hw):
                paths.append(p)
    for p in paths:
        if not re.fullmatch(r"%s[0-9]+_input" % kind, os.path.basename(p)):
            continue
        d = os.path.dirname(p)
        chip = read_line(os.path.join(d, "name"))
        if chip is None and d.endswith("/device"):
            chip = read_line(os.path.join(os.path.dirname(d), "name"))
        if chip is None:
            continue
        label = read_line(p[:-len("input")] + "label") or ""
        found.setdefault(chip, []).append(label)
    if kind == "temp" and not paths:
        for z in glob.glob("/sys/class/thermal/thermal_zone[0-9]*"):
            chip = read_line(os.path.join(z, "type"))
            if chip is not None:
                found.setdefault(chip, []).append("")
    return {k: sorted(v) for k, v in found.items()}


def test_this_machine(tap, ostat):
    for cmd, kind in (("sensors_temperatures", "temp"),
                      ("sensors_fans", "fan")):
        try:
            got = clitest.ostat_json(ostat, cmd)
        except clitest.OstatError as e:
            tap.ok(False, "%s --json on this machine" % cmd, e)
            continue
        labels = {k: sorted(e["label"] for e in v) for k, v in got.items()}
        want = sys_sensors(kind)
        tap.ok(labels == want, "%s --json: the chips and labels of /sys "
               "(%d chips)" % (cmd, len(want)),
               "ostat %r\n/sys %r" % (labels, want))
    try:
        got = clitest.ostat_json(ostat, "sensors_battery")
    except clitest.OstatError as e:
        tap.ok(False, "sensors_battery --json on this machine", e)
        return
    bats = []
    for d in sorted(glob.glob("/sys/class/power_supply/*")):
        if (read_line(d + "/type") == "Battery" and
                read_line(d + "/scope") != "Device" and
                read_line(d + "/present") != "0"):
            bats.append(d)
    if not bats:
        tap.ok(got is None, "sensors_battery --json: null, as /sys has no "
               "battery", got)
        return
    cap = read_line(bats[0] + "/capacity")
    tap.ok(isinstance(got, dict) and
           (got["percent"] is None or cap is None or
            abs(got["percent"] - float(cap)) <= 5),
           "sensors_battery --json: percent within 5 of %s/capacity"
           % bats[0], (got, cap))


def main():
    return clitest.main([test_fixture_json, test_battery_json,
                         test_sensors_json, test_tables, test_odd_names,
                         test_errors, test_usage, test_this_machine])


if __name__ == "__main__":
    sys.exit(main())
