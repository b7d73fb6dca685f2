"""RSS 2.0 and Atom feeds of newly published information, overall and per catalogue node."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from yiwang.disclosure.models import CatalogueNode, Publication
from yiwang.disclosure.selectors import publications as selectors

FEED_SIZE = 50


class PublicationsRss(Feed):
    def get_object(self, request, code: str | None = None) -> CatalogueNode | None:
        if code is None:
            return None
        node = selectors.catalogue_node(code)
        if node is None:
            raise Http404
        return node

    def title(self, node: CatalogueNode | None) -> str:
        if node is None:
            return _("政府信息公开 - 最新发布")
        return _("政府信息公开 - %(name)s") % {"name": node.name}

    def link(self, node: CatalogueNode | None) -> str:
        if node is None:
            return reverse("disclosure:index")
        return reverse("disclosure:catalogue", args=[node.code])

    def description(self, node: CatalogueNode | None) -> str:
        return _("主动公开的政府信息，按发布时间倒序。")

    def items(self, node: CatalogueNode | None):
        return selectors.publications_in(node=node)[:FEED_SIZE]

    def item_title(self, item: Publication) -> str:
        return item.title

    def item_description(self, item: Publication) -> str:
        return Truncator(item.body_text).chars(300)

    def item_link(self, item: Publication) -> str:
        return reverse("disclosure:publication", args=[item.pk])

    def item_guid(self, item: Publication) -> str:
        return item.index_number or str(item.pk)

    item_guid_is_permalink = False

    def item_pubdate(self, item: Publication):
        return item.published_at

    def item_updateddate(self, item: Publication):
        return item.updated_at

    def item_author_name(self, item: Publication) -> str:
        return item.department.name

    def item_categories(self, item: Publication):
        return [item.catalogue.name]


class PublicationsAtom(PublicationsRss):
    feed_type = Atom1Feed

    def subtitle(self, node: CatalogueNode | None) -> str:
        return self.description(node)
