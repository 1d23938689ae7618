"""The handler registry finds every capability's mutations.py and refuses ambiguity."""
from __future__ import annotations

import types

import pytest

from server.common.sync_contract import Entity, Mutation
from server.http import FIELD_ROLES
from server.sync.registry import Registry, RegistryError, discover


def test_discovery_finds_the_registry_proposal_handler_for_every_field_role():
    registry = discover()
    mutation = registry.mutations[("registry.propose_change", 1)]
    assert mutation.roles == frozenset(FIELD_ROLES)
    assert registry.lookup("registry.propose_change", 1) == (mutation, None)


def test_an_unknown_name_and_an_unkept_version_get_different_codes():
    registry = discover()
    assert registry.lookup("registry.propose_change", 99) == (None, "VERSION_NOT_SUPPORTED")
    assert registry.lookup("registry.inventada", 1) == (None, "UNKNOWN_MUTATION")


def test_two_capabilities_publishing_the_same_mutation_or_entity_is_an_error():
    m = Mutation("x.y", 1, object, lambda ctx, args: None, frozenset({"notifier"}))
    e = Entity("x", object, lambda s, ids: {})
    registry = Registry()
    registry.add_module(types.SimpleNamespace(MUTATIONS=[m], ENTITIES=[e]))
    with pytest.raises(RegistryError):
        registry.add_module(types.SimpleNamespace(MUTATIONS=[m]))
    with pytest.raises(RegistryError):
        registry.add_module(types.SimpleNamespace(ENTITIES=[e]))


def test_scoped_and_shared_entities_are_listed_apart_in_a_stable_order():
    registry = Registry()
    registry.add_module(types.SimpleNamespace(ENTITIES=[
        Entity("b", object, None), Entity("a", object, None),
        Entity("catalog", object, None, shared=True)]))
    assert [e.type for e in registry.scoped_entities()] == ["a", "b"]
    assert [e.type for e in registry.shared_entities()] == ["catalog"]
