"""The RSS feed of the newest articles."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Rss201rev2Feed

from website.links import public_url


class ArticleFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return self.index_page.seo_title or self.index_page.title

    def link(self):
        return self.index_page.get_full_url(self.request)

    def feed_url(self):
        # The feed's own address on the public base URL, like every other link in it.
        return public_url(path=self.request.path)

    def description(self):
        return self.index_page.search_description or self.index_page.intro

    def items(self):
        return self.index_page.articles()[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.card_summary or item.intro

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        from datetime import datetime, time

        from django.utils import timezone

        return timezone.make_aware(datetime.combine(item.date, time(9)))
