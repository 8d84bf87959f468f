"""bot/pipeline.py: the page's own publisher, named in its metadata, is never a key actor of the
story it publishes, on both paths (one source for the Slack worker, a batch for the CLI)."""

from __future__ import annotations

from pathlib import Path

from bot.nlp.analyze import Analyzer
from bot.pipeline import analyze_source, analyze_sources

PAGE = """<html lang="en"><head><title>Council closes bridge | Harbour Herald</title>
<meta property="og:site_name" content="Harbour Herald"><meta property="og:type" content="article">
</head><body><article><h1>Council closes bridge</h1>
<p>Harbour Herald reported on Monday that Mayor Maria Lopez would close the old bridge. The
Harbour Herald asked the council for its plans, and Harbour Herald readers wrote in.</p>
<p>\u201cWe cannot keep patching it,\u201d Lopez said. The Harbour Traders Association asked for a
free shuttle bus during the works, and the council said it would answer within a month.</p>
<p>A new crossing for pedestrians and cyclists will open in 2027, paid for by a regional grant
of twelve million euros. Engineers told the council that the old bridge could not carry buses
any longer, and that repairs would cost more than a new crossing built beside it.</p>
<p>Shop owners on the north bank said the closure would cost them customers during the
busiest months of the year, and several of them asked the mayor to delay the works.</p>
</article></body></html>"""


def test_the_publisher_is_ranked_after_the_story_actors(tmp_path: Path, analyzer: Analyzer) -> None:
    source = tmp_path / "bridge.html"
    source.write_text(PAGE, encoding="utf-8")
    one = analyze_source(str(source), analyzer=analyzer, fetcher=None)
    [batch] = analyze_sources([str(source)], analyzer=analyzer, fetcher=None)
    for result in (one, batch):
        assert result.article is not None and result.article.site == "Harbour Herald"
        assert result.analysis is not None
        names = [a.name for a in result.analysis.actors]
        assert "Harbour Herald" in names, names
        assert names[0] == "Maria Lopez"
        assert names[-1] == "Harbour Herald"
        assert result.analysis.actors[-1].salience == 0.0
