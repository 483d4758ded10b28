// Readability.js over a corpus, the same layout and the same timing as bench/extract_corpus.cpp:
// CORPUS/<page>/source.html -> OUT/<page>.txt and OUT/<page>.title; the time counted is jsdom's parse
// plus Readability's parse, one core. The pages are read as UTF-8 text: bench/extraction hands it the
// text diffwire decodes (extract-corpus --decoded), so that both read the same characters.
//   node run.mjs CORPUS_DIR OUT_DIR
import { Readability } from "@mozilla/readability";
import { JSDOM, VirtualConsole } from "jsdom";
import fs from "node:fs";
import path from "node:path";

const [corpus, out] = process.argv.slice(2);
fs.mkdirSync(out, { recursive: true });
const pages = fs.readdirSync(corpus).filter((p) => fs.existsSync(path.join(corpus, p, "source.html"))).sort();
const BLOCK = /^(P|DIV|SECTION|ARTICLE|H[1-6]|LI|UL|OL|DL|DT|DD|BLOCKQUOTE|PRE|TABLE|TR|TD|TH|FIGURE|FIGCAPTION|BR|HR)$/;

// The article's HTML as text, one paragraph per block (textContent would glue "end.Start" together).
function blocks(node, out) {
  for (const child of node.childNodes) {
    if (child.nodeType === 3) out.push(child.nodeValue);
    else if (child.nodeType === 1) {
      const block = BLOCK.test(child.tagName);
      if (block) out.push("\n\n");
      blocks(child, out);
      if (block) out.push("\n\n");
    }
  }
  return out;
}

let bytes = 0;
let ns = 0n;
const quiet = new VirtualConsole();  // pages' own console noise and CSS errors are not ours to print
for (const page of pages) {
  const html = fs.readFileSync(path.join(corpus, page, "source.html"), "utf8");  // UTF-8 text (extract-corpus --decoded)
  bytes += Buffer.byteLength(html);
  let start = process.hrtime.bigint();
  let article = null, text = "";
  try {
    const dom = new JSDOM(html, { url: "http://fakehost/test/page.html", virtualConsole: quiet });
    article = new Readability(dom.window.document).parse();
    if (article) {
      ns += process.hrtime.bigint() - start;
      const holder = dom.window.document.createElement("div");
      holder.innerHTML = article.content;
      text = blocks(holder, []).join("");
      start = process.hrtime.bigint();
    }
    dom.window.close();
  } catch (e) {
    article = null;
  }
  ns += process.hrtime.bigint() - start;
  fs.writeFileSync(path.join(out, page + ".txt"), text);
  fs.writeFileSync(path.join(out, page + ".title"), article && article.title ? article.title : "");
}
const seconds = Number(ns) / 1e9;
const mb = bytes / 1e6;
const rss = process.resourceUsage().maxRSS / 1024;
console.log(`${pages.length} pages, ${mb.toFixed(4)} MB in ${seconds.toFixed(3)} s: ${(mb / seconds).toFixed(3)} MB/s, peak RSS ${Math.round(rss)} MiB`);
