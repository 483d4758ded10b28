// The one way diffwire reads a page: its bytes decoded to UTF-8 by what the page and its Content-Type
// declare (charset.hpp), then the extractor's layers (extract.hpp), then normalised (normalize.hpp).
// poll, reextract, `extract`, `compare`, the extraction bench and the extractor's fuzzer all read
// through here, so that no two of them can read one page differently.
#pragma once
#include <string>
#include <string_view>

#include "diffwire/article.hpp"
#include "diffwire/extract.hpp"

namespace diffwire {

// What a body of this Content-Type is: a page to extract (HTML or XML — or no type at all, when the
// extractor judges the bytes), plain text (a paragraph per line), or neither (an image, a PDF, …).
enum class BodyKind { page, text, other };
BodyKind body_kind(std::string_view content_type);

// The Content-Type a local file is read as: .html, .htm and .xhtml are pages; any other file is text.
std::string content_type_of_file(std::string_view path);

// The page's bytes as UTF-8 (never throws: undecodable bytes become U+FFFD), without C0 controls.
std::string page_to_utf8(std::string_view bytes, std::string_view content_type);

// The normalised article in a body of this Content-Type: a page's extracted article, or a text's
// lines; no paragraphs for `other` bodies and for pages with no article. Throws PageRefused for a page
// past the parse budgets.
Article read_page(std::string_view body, std::string_view content_type, const ExtractOptions& options = {});

}  // namespace diffwire
