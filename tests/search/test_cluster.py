"""OpenSearch as a two-node cluster with a replica (`make opensearch-cluster`, docs/scaling.md): with
one node stopped, searches keep answering from the other; when it comes back, it catches up with what
was indexed while it was away."""

import os
import socket
import subprocess
from pathlib import Path

import pytest

from search.opensearch_client import client_for
from tests.services import need

ROOT = Path(__file__).resolve().parents[2]
PORTS = {"1": 9281, "2": 9282}
URLS = ",".join(f"http://127.0.0.1:{port}" for port in PORTS.values())


def node_environment(number: str, state: Path) -> dict:
    return {
        **os.environ,
        "OPENSEARCH_PORT": str(PORTS[number]),
        "OPENSEARCH_TRANSPORT_PORT": str(PORTS[number] + 100),
        "OPENSEARCH_STATE_DIR": str(state / f"node-{number}"),
        "OPENSEARCH_JAVA_OPTS": "-Xms256m -Xmx512m -XX:TieredStopAtLevel=1",
        "OPENSEARCH_START_TIMEOUT": "240",
        "OPENSEARCH_NODE_ARGS": (
            f"--cluster-name signpost-test-cluster --node-name signpost-{number} -Ediscovery.type=zen "
            "-Ediscovery.seed_hosts=127.0.0.1:9381,127.0.0.1:9382 "
            "-Ecluster.initial_cluster_manager_nodes=signpost-1,signpost-2"
        ),
    }


def run(number: str, state: Path, action: str, wait: bool = True):
    command = [ROOT / "scripts" / "opensearch", action]
    if wait:
        return subprocess.run(  # noqa: S603 - our own script
            command, env=node_environment(number, state), check=False, capture_output=True
        )
    return subprocess.Popen(  # noqa: S603 - our own script
        command, env=node_environment(number, state), stdout=subprocess.DEVNULL
    )


def answering(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def cluster(tmp_path):
    """Two nodes of this test's own. Both start at once: the first cannot form the cluster alone."""
    need(bool(os.environ.get("OPENSEARCH_URL") or os.environ.get("OPENSEARCH_TEST_URL")), "OpenSearch")
    subprocess.run([ROOT / "scripts" / "opensearch", "build"], check=True, capture_output=True)  # noqa: S603
    # The script would reuse a node already answering on a port (one `make opensearch-cluster` started,
    # or one a killed test run left behind): this test would then index into it and stop it.
    taken = [str(port) for port in PORTS.values() if answering(port)]
    if taken:
        pytest.fail(
            f"Something already listens on 127.0.0.1 port {' and '.join(taken)}: stop it "
            "(make opensearch-cluster-stop, or the java processes a killed test run left) and run again."
        )
    starting = [run(number, tmp_path, "start", wait=False) for number in PORTS]
    started = all(process.wait() == 0 for process in starting)
    try:
        need(started, "a two-node OpenSearch cluster")
        yield tmp_path
    finally:
        for number in PORTS:
            run(number, tmp_path, "stop")


def health(client, **query) -> dict:
    """Cluster health, waiting up to two minutes on the cluster's side for what `query` asks."""
    return client.cluster.health(params={**query, "timeout": "120s"}, request_timeout=150)


@pytest.mark.opensearch
def test_searches_keep_answering_with_one_node_stopped_and_it_catches_up_when_back(cluster):
    client = client_for(URLS, 30)
    assert health(client, wait_for_nodes="2")["number_of_nodes"] == 2
    client.indices.create(
        index="listings", body={"settings": {"number_of_shards": 1, "number_of_replicas": 1}}
    )
    client.index(index="listings", id="1", body={"title": "Email drop-in"}, refresh=True)
    assert health(client, wait_for_status="green")["status"] == "green"

    # Stop the node that is not the cluster manager: the other keeps the cluster (and a full copy).
    manager = client.cat.cluster_manager(format="json")[0]["node"]
    stopped = "2" if manager == "signpost-1" else "1"
    running = "1" if stopped == "2" else "2"
    assert run(stopped, cluster, "stop").returncode == 0

    for _ in range(5):  # the client tries the stopped node, then the other one
        hits = client.search(index="listings", body={"query": {"match": {"title": "email"}}})["hits"]
        assert hits["total"]["value"] == 1
    client.index(index="listings", id="2", body={"title": "Email course"}, refresh=True)
    alone = health(client_for(f"http://127.0.0.1:{PORTS[running]}", 30), wait_for_nodes="1")
    assert alone["number_of_nodes"] == 1

    # Back (with an empty disk, as a replaced machine would be): it copies the index, new listing included.
    assert run(stopped, cluster, "start").returncode == 0
    assert health(client, wait_for_status="green")["status"] == "green"
    on_returned_node = client.search(
        index="listings",
        body={"query": {"match": {"title": "email"}}},
        params={"preference": f"_only_nodes:signpost-{stopped}"},
    )
    assert on_returned_node["hits"]["total"]["value"] == 2
