"""JUnit XML, which GitLab, Jenkins, Azure Pipelines and most CI systems show as test results.

One test suite per file with findings, one failing test case per finding
(`type` is its severity). A clean run has one passing case, so the report is
never empty. No timestamps or host names: the same findings give the same bytes.

Line breaks in a message are written as `&#10;` and `##[` as `#&#35;[`, so
that printed in a GitHub Actions log no line of the report is read as a
workflow command (see github.py); the controls a terminal acts on that XML
can carry (C1, line separators, direction marks) are character references too.
"""

from __future__ import annotations

import re
from xml.etree import ElementTree as ET

from soclint.output.console import WIDE_CONTROLS
from soclint.output.paths import checkout_path, checkout_prefix
from soclint.output.text import summary
from soclint.report import Report

# Characters XML 1.0 cannot carry at all, escaped or not (and lone surrogates),
# and the stand-in for a line break below.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ue000\ufffe\uffff]")
# Stands for a line break inside text content until the XML is serialised.
_LINE_BREAK = "\ue000"
_WIDE_CONTROL = re.compile(f"[{WIDE_CONTROLS}]")


def _xml_text(text: str) -> str:
    # XML parsers turn CR LF and lone CR into LF anyway; doing it here keeps
    # what is written and what is read back the same.
    return _NOT_XML.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n"))


def render(report: Report) -> str:
    prefix = checkout_prefix(report.root)
    suites: dict[str, list[dict[str, str]]] = {}
    for finding in report.findings:
        entry = finding.to_dict()
        if finding.path is None:
            # About the program as a whole: no file, in the suite named after soclint.
            group, name, detail = "soclint", entry["code"], f"{entry['code']} {entry['message']}"
        else:
            group = _xml_text(checkout_path(prefix, entry["path"]))
            place = f"{group}:{entry['line']}:{entry['column']}"
            name, detail = (
                f"{entry['code']} {place}",
                f"{place}: {entry['code']} {entry['message']}",
            )
        suites.setdefault(group, []).append(
            {
                "name": name,
                "type": entry["severity"],
                "message": _xml_text(entry["message"]),
                "detail": _xml_text(detail),
            }
        )
    total = max(len(report.findings), 1)
    root = ET.Element(
        "testsuites",
        name="soclint",
        tests=str(total),
        failures=str(len(report.findings)),
        errors="0",
    )
    for path, cases in suites.items():
        suite = ET.SubElement(
            root,
            "testsuite",
            name=path,
            tests=str(len(cases)),
            failures=str(len(cases)),
            errors="0",
        )
        for case in cases:
            element = ET.SubElement(suite, "testcase", classname=path, name=case["name"])
            failure = ET.SubElement(element, "failure", message=case["message"], type=case["type"])
            failure.text = case["detail"].replace("\n", _LINE_BREAK)
    if not report.findings:
        suite = ET.SubElement(
            root, "testsuite", name="soclint", tests="1", failures="0", errors="0"
        )
        ET.SubElement(suite, "testcase", classname="soclint", name=summary(report))
    ET.indent(root)
    text = ET.tostring(root, encoding="unicode").replace(_LINE_BREAK, "&#10;")
    text = _WIDE_CONTROL.sub(lambda match: f"&#{ord(match.group())};", text)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + text.replace("##[", "#&#35;[") + "\n"
