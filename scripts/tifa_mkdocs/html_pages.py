"""Generated pages whose body is already HTML (tifa.site.headings) skip Python-Markdown:
MkDocs converts nothing for them and gets their HTML back, with the table of contents
and the anchors a conversion would have found."""

from __future__ import annotations

from mkdocs.structure.toc import get_toc

from tifa.site.headings import HTML_BODY, anchor_ids, toc_tokens


class HtmlPages:
    def __init__(self) -> None:
        self.waiting: dict[str, str] = {}  # page -> its HTML, between on_page_markdown and on_page_content

    def take(self, markdown: str, page) -> str:
        """What MkDocs converts: nothing, for a page whose front matter says its body is HTML."""
        if not page.meta.get(HTML_BODY):
            return markdown
        self.waiting[page.file.src_uri] = markdown
        return ""

    def give(self, html: str, page) -> str:
        """The page's HTML, as its conversion would have left it."""
        body = self.waiting.pop(page.file.src_uri, None)
        if body is None:
            return html
        page.toc = get_toc(toc_tokens(body))
        page.present_anchor_ids = anchor_ids(body)
        return body
