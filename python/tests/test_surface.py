"""The Python surface itself: configuration, errors (classes, fields, pickling, no secrets),
models (attributes, equality, immutability, dicts) and argument conversion."""

from __future__ import annotations

import pickle

import pytest

import botika
from botika import _native, errors
from botika.testing import Sandbox
from conftest import PHONE
from mock_server import Reply, serving


def test_every_core_error_code_has_its_class() -> None:
    assert set(_native.ERROR_CODES) <= set(errors._BY_CODE), set(_native.ERROR_CODES) - set(errors._BY_CODE)
    for code, cls in errors._BY_CODE.items():
        assert issubclass(cls, botika.BotikaError) and cls.code == code
    assert issubclass(botika.ValidationError, ValueError) and issubclass(botika.InvalidArgumentError, ValueError)
    assert issubclass(botika.APITimeoutError, TimeoutError)
    assert botika.InternalServerError is botika.ServerError


def test_errors_keep_their_fields_through_pickle(sandbox: Sandbox) -> None:
    with sandbox.client() as client, pytest.raises(botika.ValidationError) as caught:
        client.messages.send_text(PHONE, "Reply", reply_to="wamid.unknown")
    error = caught.value
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is botika.ValidationError
    assert copy.to_dict() == error.to_dict() and str(copy) == str(error)
    assert error.request_id and error.request_id in str(error) and "POST /messages -> 422" in str(error)


def test_permission_and_decode_errors_through_the_sandboxs_faults(sandbox: Sandbox) -> None:
    with botika.Client(sandbox.token, base_url=sandbox.api_url, max_retries=2) as client:
        sandbox.set_fault("error", path="/profile", status=403, count=1)
        with pytest.raises(botika.PermissionDeniedError) as denied:
            client.profile.get()
        assert (denied.value.status, denied.value.code) == (403, "permission")
        sandbox.set_fault("malformed", path="/profile", count=1)
        with pytest.raises(botika.DecodeError) as undecodable:
            client.profile.get()
        assert undecodable.value.code == "decode"
        # Both faults were used up by one request each: neither error is retried.
        assert client.profile.get().about is not None


def test_other_servers_answers_map_too() -> None:
    forbidden = Reply(403, {"Content-Type": "application/json"}, b'{"message": "Forbidden for this number."}')
    with (
        serving(forbidden) as server,
        pytest.raises(botika.PermissionDeniedError) as denied,
    ):
        botika.Client("t", base_url=server.base_url).profile.get()
    assert (denied.value.status, denied.value.message) == (403, "Forbidden for this number.")
    with (
        serving(Reply(200, {"Content-Type": "text/html"}, b"<html>maintenance</html>")) as server,
        pytest.raises(botika.DecodeError),
    ):
        botika.Client("t", base_url=server.base_url).profile.get()


def test_configuration_from_the_environment(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOTIKA_API_TOKEN", sandbox.token)
    monkeypatch.setenv("BOTIKA_BASE_URL", sandbox.api_url)
    with botika.Client() as client:
        assert client.base_url == sandbox.api_url and client.profile.get().about
    monkeypatch.delenv("BOTIKA_API_TOKEN")
    with pytest.raises(botika.ConfigError) as missing:
        botika.Client()
    assert "BOTIKA_API_TOKEN" in str(missing.value)
    with pytest.raises(botika.ConfigError):
        botika.Client("t", base_url="ftp://example.com")


def test_bad_settings_name_the_setting() -> None:
    with pytest.raises(botika.InvalidArgumentError) as timeout:
        botika.Client("t", timeout=-1)
    assert "timeout" in timeout.value.field_errors
    with pytest.raises(botika.InvalidArgumentError) as headers:
        botika.Client("t", headers={"X-A": 1})  # type: ignore[dict-item]
    assert "headers.X-A" in headers.value.field_errors


def test_the_token_never_shows() -> None:
    client = botika.Client("super-secret-token", base_url="http://127.0.0.1:9/api")
    shown = repr(client) + str(client) + repr(client.messages) + repr(client.profile)
    assert "super-secret-token" not in shown and "127.0.0.1:9" in shown
    client.close()
    assert repr(client) == "<Client closed>"


def test_values_json_cannot_carry_are_refused_with_their_path(sandbox: Sandbox) -> None:
    with sandbox.client() as client:
        for value, rule in [(float("nan"), "finite"), (2**70, "64 bits"), ({1: "x"}, "keys must be strings")]:
            with pytest.raises(botika.InvalidArgumentError) as refused:
                client.messages.send(PHONE, {"type": "text", "text": {"body": "x", "extra": value}})
            ((field, rules),) = refused.value.field_errors.items()
            assert field == "text.extra" and rule in rules[0]
        assert sandbox.sent_messages() == []


def test_models_are_immutable_comparable_dicts(sandbox: Sandbox) -> None:
    with sandbox.client() as client:
        first, second = client.profile.get(), client.profile.get()
    assert first == second and first is not second and first != object()
    data = first.to_dict()
    data["about"] = "changed"
    assert first.about != "changed" and first.to_dict() != data
    with pytest.raises(AttributeError):
        first.about = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        hash(first)
    assert repr(first).startswith("Profile(about=") and "raw=" not in repr(first)


def test_sync_and_async_clients_can_share_one_pool(sandbox: Sandbox) -> None:
    import asyncio

    client = sandbox.client()
    shared = client.as_async()
    assert isinstance(shared, botika.AsyncClient) and shared.base_url == client.base_url
    assert asyncio.run(shared.profile.get()) == client.profile.get()
    assert isinstance(shared.as_sync(), botika.Client)
    client.close()
    assert shared.closed
    with pytest.raises(botika.ConfigError):
        asyncio.run(shared.profile.get())


def test_a_file_object_is_read_no_further_than_the_largest_media_size(sandbox: Sandbox) -> None:
    import io

    big = io.BytesIO(b"%PDF-1.4\n" + b"0" * (_native.MAX_MEDIA_SIZE + 1000))
    with sandbox.client() as client, pytest.raises(botika.InvalidArgumentError) as refused:
        client.media.upload(big)
    assert big.tell() == _native.MAX_MEDIA_SIZE + 1
    assert "document" in refused.value.field_errors
