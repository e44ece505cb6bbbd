from tests.search import conftest as search_fixtures

# The search tests' small directory around Stockport, shared.
directory = search_fixtures.directory
gazetteer = search_fixtures.gazetteer
