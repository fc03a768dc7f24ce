import os

import pytest
from airflow.models import DagBag


@pytest.fixture(scope="session")
def dag_bag():
    return DagBag(dag_folder=os.path.join(os.path.dirname(__file__), "..", "..", "dags"), include_examples=False)


def test_no_import_errors(dag_bag):
    assert not dag_bag.import_errors
