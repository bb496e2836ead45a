"""Builds test archives from the fixture sites: a WARC (one gzip member per
record, with request records, a binary payload, a record whose
Content-Length lies, and a truncated last member), a WARC of the same pages
with encoded HTTP bodies (two of them broken), and a JSON Lines file (with
extra fields and one malformed line).

usage: make_archives.py FIXTURES_DIR OUT_DIR
"""
import gzip
import json
import os
import sys
import zlib

fixtures, out = sys.argv[1], sys.argv[2]
site = os.path.join(fixtures, "sites", "harbortimes")
pages = sorted(os.listdir(site))


def warc_record(kind, uri, payload, record_id, length=None):
    head = (f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n"
            f"WARC-Record-ID: <urn:test:{record_id}>\r\n"
            f"Content-Type: application/http; msgtype={'response' if kind == 'response' else 'request'}\r\n"
            f"Content-Length: {len(payload) if length is None else length}\r\n\r\n").encode()
    return head + payload + b"\r\n\r\n"


def http_response(body, content_type="text/html; charset=utf-8"):
    return (f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode() + body


members = []
for i, name in enumerate(pages):
    uri = f"https://www.harbortimes.example/news/{name[:-5]}"
    members.append(warc_record("request", uri, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", f"req{i}"))
    body = open(os.path.join(site, name), "rb").read()
    members.append(warc_record("response", uri, http_response(body), f"page{i}"))
# A binary payload: skipped, not an error.
members.append(warc_record("response", "https://www.harbortimes.example/logo.png",
                           http_response(b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "image/png"), "logo"))
# A record whose Content-Length is far too short: an error, then resync.
bad = http_response(b"<html><body><p>short record</p></body></html>")
members.append(warc_record("response", "https://www.harbortimes.example/bad", bad, "badlength", length=20))
members.append(warc_record("response", "https://www.harbortimes.example/news/after",
                           http_response(b"<html><body><p>The record after the bad one still reads.</p></body></html>"),
                           "after"))
with open(os.path.join(out, "site.warc.gz"), "wb") as f:
    for m in members:
        f.write(gzip.compress(m))
    # A truncated last member.
    f.write(gzip.compress(warc_record("response", "https://www.harbortimes.example/cut",
                                      http_response(b"<p>cut</p>" * 200), "cut"))[:150])

# The same pages with their HTTP bodies encoded as servers send them
# (gzip, deflate, chunked), and two bodies that do not decode.
def encoded_response(body, headers):
    return (f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n{headers}\r\n").encode() + body


def chunk(body, size=700):
    parts = [body[k:k + size] for k in range(0, len(body), size)]
    return b"".join(b"%x\r\n" % len(p) + p + b"\r\n" for p in parts) + b"0\r\n\r\n"


with open(os.path.join(out, "encoded.warc.gz"), "wb") as f:
    for i, name in enumerate(pages):
        uri = f"https://www.harbortimes.example/news/{name[:-5]}"
        body = open(os.path.join(site, name), "rb").read()
        if i % 3 == 0:
            http = encoded_response(gzip.compress(body), "Content-Encoding: gzip\r\n")
        elif i % 3 == 1:
            http = encoded_response(chunk(zlib.compress(body)),
                                    "Transfer-Encoding: chunked\r\nContent-Encoding: deflate\r\n")
        else:
            http = encoded_response(chunk(body), "Transfer-Encoding: chunked\r\n")
        f.write(gzip.compress(warc_record("response", uri, http, f"enc{i}")))
    f.write(gzip.compress(warc_record("response", "https://www.harbortimes.example/news/badgzip",
                                      encoded_response(gzip.compress(body)[:len(gzip.compress(body)) // 2],
                                                       "Content-Encoding: gzip\r\n"), "badgzip")))
    f.write(gzip.compress(warc_record("response", "https://www.harbortimes.example/news/badchunk",
                                      encoded_response(b"zz\r\nnot a chunk", "Transfer-Encoding: chunked\r\n"),
                                      "badchunk")))

with open(os.path.join(out, "site.jsonl"), "w") as f:
    for i, name in enumerate(pages):
        html = open(os.path.join(site, name), encoding="utf-8").read()
        f.write(json.dumps({"id": f"doc-{i}", "url": f"https://www.harbortimes.example/news/{name[:-5]}",
                            "html": html, "lang_score": 0.98, "tags": ["news", i]}) + "\n")
        if i == 2:
            f.write('{"id": "broken", "html": "<p>unterminated\n')
