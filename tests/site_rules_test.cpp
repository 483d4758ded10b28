#include "extract/site_rules.hpp"

#include <doctest/doctest.h>

#include <fstream>

#include "diffwire/error.hpp"
#include "diffwire/extract.hpp"
#include "support.hpp"

using namespace diffwire;

namespace {
const char* kRules = R"(# test rules
[courier]
hosts = courier.example  *.marlow.example   # comment after a value
title = h1.headline
body = .story-body > p, .story-body > h2
drop = .inline-promo
drop = p:not([data-keep]) .kicker

[courier-live]
hosts = live.courier.example
body = #live
)";

std::string page(const std::string& extra = "") {
  return "<html><head><title>Site title | Courier</title></head><body>"
         "<h1 class=headline>The harbour wall will be rebuilt</h1>"
         "<div class=story-body><p>The council agreed on Tuesday to rebuild the harbour wall, which storms breached twice.</p>"
         "<p class=inline-promo>Read more: the storm of the century</p>"
         "<h2>Cost</h2><p>Work starts in spring and costs four million pounds, shared with the port authority.</p>" +
         extra + "</div><div class=most-read><p>Most read: something else that rotates on every request.</p></div></body></html>";
}
}  // namespace

TEST_CASE("rules parse; the most specific host wins; user rules win over shipped ones") {
  SiteRules rules;
  rules.add(kRules, "test.rules");
  REQUIRE(rules.size() == 2);
  REQUIRE(rules.find("courier.example"));
  CHECK(rules.find("courier.example")->name == "courier");
  CHECK(rules.find("www.courier.example")->name == "courier");
  CHECK(rules.find("live.courier.example")->name == "courier-live");
  CHECK(rules.find("news.marlow.example")->name == "courier");
  CHECK(rules.find("marlow.example")->name == "courier");
  CHECK(rules.find("notcourier.example") == nullptr);
  CHECK(rules.find("courier.example.org") == nullptr);
  CHECK(rules.find("courier.example")->origin == "test.rules:2");
  CHECK(rules.find("courier.example")->drop.size() == 2);

  testing::TempDir dir;
  testing::write_text(dir.file("mine.rules"), "[mine]\nhosts = courier.example\nbody = article\n");
  testing::write_text(dir.file("ignored.txt"), "not rules");
  rules.add_directory(dir.path());
  CHECK(rules.find("courier.example")->name == "mine");
  CHECK(rules.find("live.courier.example")->name == "courier-live");
}

TEST_CASE("bad rules files are errors naming the file and line") {
  auto error_of = [](const std::string& text) {
    try {
      SiteRules r;
      r.add(text, "bad.rules");
    } catch (const Error& e) {
      return std::string(e.what()) + " @ " + e.subject();
    }
    return std::string("no error");
  };
  CHECK(error_of("hosts = x\n").find("bad.rules:1") != std::string::npos);
  CHECK(error_of("[a]\nbody = p\n").find("no hosts") != std::string::npos);
  CHECK(error_of("[a]\nhosts = x\n").find("neither body") != std::string::npos);
  CHECK(error_of("[a]\nhosts = x\nbody = p:hover\n").find("bad.rules:3") != std::string::npos);
  CHECK(error_of("[a]\nhosts = x\ncolour = red\n").find("unknown key") != std::string::npos);
  CHECK(error_of("[a\n").find("bad.rules:1") != std::string::npos);
  SiteRules r;
  CHECK_THROWS_AS(r.add_directory("/nonexistent/rules"), Error);
}

TEST_CASE("the shipped rules parse and cover the major news sites") {
  SiteRules rules = SiteRules::builtin();
  CHECK(rules.size() >= 15);
  for (const char* host : {"www.bbc.co.uk", "www.theguardian.com", "www.reuters.com", "apnews.com", "www.nytimes.com",
                           "www.washingtonpost.com", "edition.cnn.com", "www.aljazeera.com", "www.itv.com",
                           "news.sky.com", "www.independent.co.uk", "www.telegraph.co.uk", "www.lemonde.fr",
                           "www.spiegel.de", "www.npr.org"}) {
    CAPTURE(host);
    CHECK(rules.find(host) != nullptr);
  }
}

TEST_CASE("a site rule answers first: its title, its body, its drops") {
  SiteRules rules;
  rules.add(kRules, "test.rules");
  Explanation why;
  Article a = extract_article(page(), {"https://www.courier.example/news/1", &rules, &why});
  CHECK(a.method == std::string("site-rule:courier@") + kExtractorVersion);
  CHECK(a.title == "The harbour wall will be rebuilt");
  std::vector<std::string> expected = {
      "The council agreed on Tuesday to rebuild the harbour wall, which storms breached twice.", "Cost",
      "Work starts in spring and costs four million pounds, shared with the port authority."};
  CHECK(a.paragraphs == expected);
  std::string notes;
  for (const auto& n : why.notes) notes += n + "\n";
  CHECK(notes.find("site rule [courier] (test.rules:2)") != std::string::npos);
  CHECK(notes.find("answered") != std::string::npos);

  // No URL, another host, or a rule whose selector finds too little: the other layers answer.
  CHECK(extract_article(page(), {"", &rules, nullptr}).method == std::string("dom@") + kExtractorVersion);
  CHECK(extract_article(page(), {"https://other.example/", &rules, nullptr}).method.starts_with("dom@"));
  Explanation stale;
  Article b = extract_article(page(), {"https://live.courier.example/", &rules, &stale});
  CHECK(b.method.starts_with("dom@"));
  CHECK(b.paragraphs.size() == 3);
  bool passed_on = false;
  for (const auto& n : stale.notes) passed_on = passed_on || n.find("passing on") != std::string::npos;
  CHECK(passed_on);
}

TEST_CASE("a site rule may select on any attribute: the page it reads keeps them all") {
  SiteRules rules;
  rules.add("[data-site]\nhosts = data.example\nbody = [data-role=story] p\ndrop = [data-ad]\n", "data.rules");
  std::string html = "<html><body><div data-role=story><p>The council agreed on Tuesday to rebuild the harbour wall, "
                     "which storms breached twice this winter.</p><p data-ad=1>Advertisement: buy a boat</p><p>Work "
                     "starts in spring and costs four million pounds, shared with the port authority.</p></div>"
                     "<div data-role=other><p>Something else entirely, that no rule asked for, on this page.</p></div>"
                     "</body></html>";
  Article a = extract_article(html, {"https://data.example/1", &rules, nullptr});
  CHECK(a.method == std::string("site-rule:data-site@") + kExtractorVersion);
  CHECK(a.paragraphs == std::vector<std::string>{
                            "The council agreed on Tuesday to rebuild the harbour wall, which storms breached twice this winter.",
                            "Work starts in spring and costs four million pounds, shared with the port authority."});
}
