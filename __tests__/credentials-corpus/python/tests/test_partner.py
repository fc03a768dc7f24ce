import pytest

from include.partner import PartnerClient

FAKE_PASSWORD = "test"  #!clean
PASSWORD = "changeme"  #!clean


@pytest.fixture
def client():
    return PartnerClient(api_key="dummy", password="xxxx")  #!clean


def test_login(client):
    assert client.login("svc", "***") is None  #!clean
    assert client.login(username="svc", password="{{!password:py-26}}")  #!flag:AG206
    assert client.token_url == "https://auth.partner.io/oauth/token"  #!clean
