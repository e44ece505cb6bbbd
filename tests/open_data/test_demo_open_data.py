"""The Stockport demo, as open data: every listing matches the specification, and its export reads back."""

import io
import json
import tempfile
from pathlib import Path

from django.core.management import call_command

from directory.models import ServicePage
from open_data.validation import problems, response_validator, schema_validator
from tests.builders import DemoSiteTestCase


class DemoOpenDataTests(DemoSiteTestCase):
    def test_the_demo_has_an_open_data_page(self):
        response = self.client.get("/open-data/")
        assert response.status_code == 200
        assert b"Open Government Licence" in response.content

    def test_every_demo_listing_matches_the_open_referral_schema(self):
        body = b"".join(self.client.get("/open-data/directory.json").streaming_content)
        data = json.loads(body)
        assert data["total_items"] == ServicePage.objects.live().count() > 80
        assert not problems(response_validator("/services"), data)
        validator = schema_validator("compiled/service.json")
        for service in data["contents"]:
            assert not problems(validator, service), service["name"]

    def test_the_demo_export_reads_back_with_nothing_to_change(self):
        with tempfile.TemporaryDirectory() as folder:
            for name in ("directory.csv", "directory.json"):
                path = Path(folder) / name
                path.write_bytes(b"".join(self.client.get(f"/open-data/{name}").streaming_content))
                out = io.StringIO()
                call_command("import_listings", str(path), stdout=out)
                lines = out.getvalue().splitlines()
                changed = [line for line in lines if ": skipped " not in line and line]
                assert changed == [lines[-1]], f"{name}: " + "\n".join(changed[:10])
