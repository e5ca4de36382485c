"""What the operations on a resource answered in a Schemathesis run (scripts/schemathesis.sh).

    schemathesis_summary.py DOCUMENT_URL HAR...

Reads the HAR reports of the passes and prints, for every operation whose path has a
parameter (`/apps/{id}`, `/admin/attestations/{id}/review`, ...), how often it answered
each status, then how many of them reached a real resource: answered a 2xx, or a 409
that the state of the resource explains. One that only answered 404 (or 401/403, or a
400/422 its path id is checked after) was fed random ids and never got that far.
"""

import collections
import json
import re
import sys

import requests

METHODS = ("get", "post", "put", "patch", "delete")


def templates(document):
    """(METHOD, path template, regex) of every operation with a path parameter."""
    for path, item in document["paths"].items():
        if "{" not in path:
            continue
        pattern = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$")
        for method in METHODS:
            if method in item:
                yield method.upper(), path, pattern


def main(document_url, har_paths):
    operations = list(templates(requests.get(document_url, timeout=10).json()))
    counts = {(method, path): collections.Counter() for method, path, _ in operations}
    for har_path in har_paths:
        with open(har_path) as f:
            entries = json.load(f)["log"]["entries"]
        for entry in entries:
            method = entry["request"]["method"]
            path = re.sub(r"^[a-z]+://[^/]+", "", entry["request"]["url"]).split("?")[0]
            for op_method, template, pattern in operations:
                if op_method == method and pattern.match(path):
                    counts[(op_method, template)][entry["response"]["status"]] += 1
                    break
    reached_count = 0
    print("== operations on a resource: answers in the whole run")
    for (method, template), statuses in sorted(counts.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        answered = ", ".join(f"{status} x{n}" for status, n in sorted(statuses.items())) or "not called"
        reached = any(200 <= status < 300 or status == 409 for status in statuses)
        reached_count += reached
        print(f"  {'real' if reached else '----'} {method:6} {template:48} {answered}")
    print(f"== {reached_count} of {len(counts)} operations on a resource reached a real one (a 2xx or 409)")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
