#!/usr/bin/python3
"""The peer for extraction benchmarks: Debian's python3-readability (readability-lxml 0.8.1).
Extracts every CORPUS/<page>/source.html into OUT/<page>.txt (+ .title) like extract-corpus does,
one paragraph per block element, and prints pages, MB and MB/s (parsing and extraction only)."""
import os
import sys
import time

import lxml.html
from readability import Document

BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "th", "dd", "dt", "div", "figcaption"}


def paragraphs(html):
    root = lxml.html.fromstring(html)
    out = []
    for el in root.iter():
        if el.tag in BLOCKS and not any(c.tag in BLOCKS for c in el):
            text = " ".join(el.text_content().split())
            if text:
                out.append(text)
    return out


def main(corpus, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    total_bytes, pages, seconds = 0, 0, 0.0
    for page in sorted(os.listdir(corpus)):
        source = os.path.join(corpus, page, "source.html")
        if not os.path.exists(source):
            continue
        raw = open(source, encoding="utf-8", errors="replace").read()  # the text diffwire decodes
        start = time.perf_counter()
        try:
            doc = Document(raw)
            summary, title = doc.summary(html_partial=True), doc.short_title()
            paras = paragraphs(summary) if summary.strip() else []
        except Exception as e:  # the peer gives up on some pages; score them as empty
            print(f"{page}: {e}", file=sys.stderr)
            paras, title = [], ""
        seconds += time.perf_counter() - start
        total_bytes += len(raw.encode("utf-8"))
        pages += 1
        with open(os.path.join(out_dir, page + ".txt"), "w", encoding="utf-8") as f:
            f.write("\n\n".join(paras))
        with open(os.path.join(out_dir, page + ".title"), "w", encoding="utf-8") as f:
            f.write(title or "")
    print(f"{pages} pages, {total_bytes / 1e6:.4f} MB in {seconds:.3f} s: {total_bytes / 1e6 / seconds:.3f} MB/s")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
