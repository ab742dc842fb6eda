#!/usr/bin/env python3
"""Manual check: the machine-readable reports of `htx validate` parse with independent
readers and agree with the JSON report.

Usage: scripts/check-machine-formats.py PATH... [--htx .build/debug/htx] [--schema PACK]

Runs `htx validate` on the PATHs with --format json, junit and sarif (the last two through
--output, as CI would) and github; reads the JUnit file with junitparser and the SARIF log
with sarif-tools; and checks their counts against the JSON report's stats and findings.
Needs junitparser and sarif-tools (pip install junitparser sarif-tools). Not part of
`swift test`: the Swift suite parses the reports with Foundation, this uses other readers.
Prints one line per check and exits 1 if any fails, 2 if htx could not run.
"""
import argparse, collections, json, os, re, subprocess, sys, tempfile, urllib.parse

from junitparser import JUnitXml
from sarif import loader


def run_htx(htx, arguments):
    """Runs htx; its exit status must be 0 or 1 (2 means it could not run)."""
    done = subprocess.run([htx, "validate", *arguments], capture_output=True)
    if done.returncode not in (0, 1):
        sys.stderr.write(done.stderr.decode("utf-8", "replace"))
        sys.exit(f"htx validate {' '.join(arguments)} exited {done.returncode}")
    return done


def uri_path(uri):
    """A SARIF artifact URI back as the path htx was given."""
    if uri.startswith("file://"):
        uri = uri[len("file://"):]
    return urllib.parse.unquote(uri)


def main():
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("paths", nargs="+")
    options.add_argument("--htx", default=".build/debug/htx")
    options.add_argument("--schema")
    args = options.parse_args()
    common = (["--schema", args.schema] if args.schema else []) + args.paths

    report = json.loads(run_htx(args.htx, ["--format", "json", *common]).stdout)
    stats = report["stats"]
    findings = report["findings"]
    severities = collections.Counter(f["severity"] for f in findings)
    invalid = sorted(f["path"] for f in report["files"] if not f["valid"])
    print(f"json: {stats['files']} files, {stats['rows']} rows, {stats['errors']} errors, "
          f"{stats['warnings']} warnings, {len(findings)} findings, {len(invalid)} files invalid")

    results = []

    def check(what, expected, got):
        results.append(expected == got)
        if expected == got:
            shown = repr(got) if len(repr(got)) <= 60 else f"{len(got)} equal entries"
            print(f"ok   {what}: {shown}")
        else:
            print(f"FAIL {what}: expected {expected!r}, got {got!r}")

    with tempfile.TemporaryDirectory(prefix="htx-formats-") as folder:
        junit_path = os.path.join(folder, "report.xml")
        sarif_path = os.path.join(folder, "report.sarif")
        run_htx(args.htx, ["--format", "junit", "--output", junit_path, *common])
        run_htx(args.htx, ["--format", "sarif", "--output", sarif_path, *common])

        # JUnit, read by junitparser.
        xml = JUnitXml.fromfile(junit_path)
        suites = list(xml)
        file_suites = [s for s in suites if s.name != "(folder)"]
        cases = [(suite, case) for suite in suites for case in suite]
        properties = collections.Counter()
        for suite in suites:
            for prop in suite.properties():
                if prop.name in ("rows", "errors", "warnings"):
                    properties[prop.name] += int(prop.value)
        check("junit: one testsuite per file", stats["files"], len(file_suites))
        check("junit: <testsuites tests> = test cases", len(cases), xml.tests)
        check("junit: <testsuites failures> = failing cases", sum(c.is_failure for _, c in cases), xml.failures)
        check("junit: suites with failures = invalid files", invalid,
              sorted(s.name for s in file_suites if any(c.is_failure for c in s)))
        check("junit: rows properties = stats.rows", stats["rows"], properties["rows"])
        check("junit: errors properties = stats.errors", stats["errors"], properties["errors"])
        check("junit: warnings properties = stats.warnings", stats["warnings"], properties["warnings"])

        # SARIF, read by sarif-tools.
        sarif = loader.load_sarif_file(sarif_path)
        issues = sarif.get_report()
        check("sarif: tool name", ["htx"], sarif.get_distinct_tool_names())
        check("sarif: results = findings", len(findings), sarif.get_result_count())
        check("sarif: error results = stats.errors", stats["errors"], issues.get_issue_count_for_severity("error"))
        check("sarif: warning results = stats.warnings", stats["warnings"],
              issues.get_issue_count_for_severity("warning"))
        check("sarif: note results = info findings", severities["info"], issues.get_issue_count_for_severity("note"))
        located = collections.Counter(uri_path(r["Location"]) for r in sarif.get_records() if r["Location"] != "-")
        check("sarif: results per file", collections.Counter(f["file"] for f in findings if "file" in f), located)
        with open(sarif_path, encoding="utf-8") as handle:
            log = json.load(handle)
        check("sarif: version", "2.1.0", log.get("version"))
        rows = [(r.get("locations") or [{}])[0].get("physicalLocation", {}).get("region", {}).get("startLine")
                for r in log["runs"][0]["results"]]
        check("sarif: startLine = finding row", [f.get("row") for f in findings], rows)

    # GitHub annotations, read by the workflow-command pattern.
    lines = run_htx(args.htx, ["--format", "github", *common]).stdout.decode("utf-8").splitlines()
    pattern = re.compile(r"^::(error|warning|notice)(?: [^:]*)?::.*$")
    check("github: every line is a workflow command", len(lines), sum(bool(pattern.match(l)) for l in lines))
    commands = collections.Counter(l[2:].split(" ", 1)[0].split("::", 1)[0] for l in lines)
    check("github: ::error lines = stats.errors", stats["errors"], commands["error"])
    check("github: ::warning lines = stats.warnings", stats["warnings"], commands["warning"])
    check("github: ::notice lines = info findings", severities["info"], commands["notice"])

    print(f"{sum(results)} passed, {len(results) - sum(results)} failed")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
