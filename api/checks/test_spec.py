"""The checker itself: it must accept what the description allows and name what it does not, or
every other check here could pass by saying nothing."""

from spec import Spec


def test_operations_are_found_by_method_and_path(spec: Spec) -> None:
    assert spec.operation("POST", "/messages").operation_id == "sendMessage"
    assert spec.operation("PUT", "/messages/wamid.1").operation_id == "markMessageRead"
    assert spec.operation("POST", "/broadcasts/latest").operation_id == "getLatestBroadcast"
    assert spec.operation("DELETE", "/message-templates/x").operation_id == "deleteTemplate"
    assert spec.operation("GET", "/_sandbox/faults").operation_id == "sandboxListFaults"
    assert spec.operation("PATCH", "/messages") is None


def test_requests_are_checked(spec: Spec) -> None:
    send = spec.operation("POST", "/messages")
    text = {"to": "+62 812-3456-7890", "type": "text", "text": {"body": "Halo"}}
    assert send.request_problems("/messages", json_body=text, has_json=True) == []
    assert send.request_problems("/messages", json_body={**text, "to": "0812"}, has_json=True)
    assert send.request_problems("/messages") == ["the request body is required"]
    listing = spec.operation("GET", "/message-templates")
    assert listing.request_problems("/message-templates", {"page": ["2"], "seacrh": ["a"]}) == []
    assert listing.request_problems("/message-templates", {"page": ["0"]})
    assert listing.request_problems("/message-templates", {"q": ["a"]}) == [
        "query parameter 'q' is not described"
    ]
    upload = spec.operation("POST", "/media")
    image = {"name": "image", "content_type": "image/png", "size": 3}
    assert upload.request_problems("/media", multipart=[image]) == []
    assert upload.request_problems("/media", multipart=[{**image, "content_type": "image/gif"}])
    assert upload.request_problems("/media", multipart=[{**image, "name": "photo"}])


def test_answers_are_checked(spec: Spec) -> None:
    profile = spec.operation("GET", "/profile")
    good = b'{"data": {"about": "Batik"}}'
    assert profile.response_problems(200, {}, "application/json", good) == []
    assert profile.response_problems(200, {}, "application/json", b'{"about": "Batik"}')
    assert profile.response_problems(200, {}, "text/html", b"<p>")
    assert profile.response_problems(409, {}, "application/json", b"{}") == [
        "status 409 is not documented"
    ]
    throttled = b'{"message": "Too Many Attempts."}'
    assert profile.response_problems(429, {"Retry-After": "3"}, "application/json", throttled) == []
    assert profile.response_problems(429, {}, "application/json", throttled) == [
        "header Retry-After is missing"
    ]
    assert profile.response_problems(503, {}, None, b"") == []
    mark = spec.operation("PUT", "/messages/wamid.1")
    assert mark.response_problems(404, {}, None, b"") == []
    assert mark.response_problems(200, {}, "application/json", b"null") == []
    assert mark.response_problems(200, {}, "application/json", b"[]")
