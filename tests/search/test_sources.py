from search.sources import search_sources


def test_each_content_app_declares_its_source_in_the_order_ties_are_shown():
    assert [source.kind for source in search_sources()] == ["Publication", "Campaign", "Page"]
