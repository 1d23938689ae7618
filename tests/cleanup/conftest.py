"""Clean-up fixtures: a person (user + token) by roles."""
from __future__ import annotations

import pytest


@pytest.fixture()
def person(app, make_user):
    """person("manager", "director") → (user, headers) of one fresh staff user."""
    from flask_jwt_extended import create_access_token

    def _person(*roles):
        user = make_user(*roles)
        with app.test_request_context():
            token = create_access_token(identity=str(user.id),
                                        additional_claims={"roles": list(roles)})
        return user, {"Authorization": f"Bearer {token}"}

    return _person
