"""Search over subjects and records: Whoosh behind a small interface (`service.SearchService`)."""

from xinyong.search_index import whoosh_patches

whoosh_patches.apply()
