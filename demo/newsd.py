#!/usr/bin/env python3
"""The demo's local news site: serves the fictional story in demo/site/story.json through
demo/site/template.html, on 127.0.0.1 only.

Like a real news site, page furniture changes on every request (a render timestamp, a rotating
"Most read" box, an ad id inside the story body), so only a real edit should make a new version.

  newsd.py PORT_FILE         binds a free port on 127.0.0.1 and writes it to PORT_FILE
  GET /_demo/version?n=N     switches the story to version N (1-based)
"""
import html
import itertools
import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse, parse_qs

SITE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "site")
STORY = json.load(open(os.path.join(SITE, "story.json"), encoding="utf-8"))
TEMPLATE = open(os.path.join(SITE, "template.html"), encoding="utf-8").read()
state = {"version": 1}
counter = itertools.count(1)
lock = threading.Lock()


def js(s):
    return json.dumps(s, ensure_ascii=False)[1:-1].replace("</", "<\\/")


def render(version, hit):
    v = STORY["versions"][version - 1]
    paragraphs = ["<p>%s</p>" % html.escape(p) for p in v["paragraphs"]]
    paragraphs.insert(2, '<div class="ad-slot inline-ad"><a href="/ads/%d">Advertisement</a></div>' % hit)
    most = STORY["most_read"]
    k = hit % len(most)
    rotated = most[k:] + most[:k]
    values = {
        "HEADLINE": html.escape(v["headline"]),
        "HEADLINE_JSON": js(v["headline"]),
        "BYLINE": html.escape(STORY["byline"]),
        "BYLINE_JSON": js(STORY["byline"]),
        "PUBLISHED": STORY["published"],
        "MODIFIED": v["modified"],
        "UPDATED_AT": "request %d" % hit,
        "AD_ID": str(hit * 7919),
        "MOST_READ": "".join('<li><a href="/news/%d">%s</a></li>' % (i, html.escape(t)) for i, t in enumerate(rotated)),
        "BODY": "\n".join(paragraphs),
    }
    page = TEMPLATE
    for key, value in values.items():
        page = page.replace("{{%s}}" % key, value)
    return page


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        url = urlparse(self.path)
        if url.path == "/_demo/version":
            n = int(parse_qs(url.query).get("n", ["1"])[0])
            if not 1 <= n <= len(STORY["versions"]):
                return self.reply(400, "text/plain", "no such version\n")
            with lock:
                state["version"] = n
            return self.reply(200, "text/plain", "version %d\n" % n)
        if url.path == STORY["path"]:
            with lock:
                version = state["version"]
            return self.reply(200, "text/html; charset=utf-8", render(version, next(counter)))
        self.reply(404, "text/html", "<h1>Not found</h1>")

    def reply(self, status, ctype, text):
        body = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    with open(sys.argv[1] + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(sys.argv[1] + ".tmp", sys.argv[1])
    server.serve_forever()


if __name__ == "__main__":
    main()
