"""The handler registry: every `server.<capability>.mutations` module's MUTATIONS and ENTITIES.

Discovery imports each subpackage's `mutations` module when it exists, so a capability plugs
into field sync by publishing that module; `server.sync` never names a capability.
"""
from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import threading
from dataclasses import dataclass, field

from server.common.sync_contract import Entity, Mutation


class RegistryError(RuntimeError):
    """Two capabilities publish the same mutation (name, v) or the same entity type."""


@dataclass
class Registry:
    """Mutations keyed by (name, v) and entities keyed by type."""

    mutations: dict[tuple[str, int], Mutation] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)

    def add_module(self, module) -> None:
        """Register a module's MUTATIONS and ENTITIES; duplicates are a programming error."""
        for m in getattr(module, "MUTATIONS", ()) or ():
            if (m.name, m.v) in self.mutations:
                raise RegistryError(f"mutation {m.name} v{m.v} published twice")
            self.mutations[(m.name, m.v)] = m
        for e in getattr(module, "ENTITIES", ()) or ():
            if e.type in self.entities:
                raise RegistryError(f"entity {e.type} published twice")
            self.entities[e.type] = e

    def lookup(self, name: str, v: int) -> tuple[Mutation | None, str | None]:
        """The handler of (name, v), or None with the rejection code: an unknown name is
        UNKNOWN_MUTATION; a known name at a version we do not keep is VERSION_NOT_SUPPORTED."""
        found = self.mutations.get((name, v))
        if found is not None:
            return found, None
        if any(n == name for n, _ in self.mutations):
            return None, "VERSION_NOT_SUPPORTED"
        return None, "UNKNOWN_MUTATION"

    def prefetch(self, session, batch: list[dict]) -> None:
        """Let each mutation type load what its share of the batch will touch."""
        groups: dict[tuple, list[dict]] = {}
        for m in batch:
            found = self.mutations.get((m.get("name"), m.get("v")))
            if found is not None and found.prefetch is not None and isinstance(
                    m.get("args"), dict):
                groups.setdefault((found.name, found.v), []).append(m["args"])
        for key, args in groups.items():
            self.mutations[key].prefetch(session, args)

    def scoped_entities(self) -> list[Entity]:
        """Entity types a worker holds through scope_memberships, in a stable order."""
        return [self.entities[t] for t in sorted(self.entities) if not self.entities[t].shared]

    def shared_entities(self) -> list[Entity]:
        """Catalog types every worker holds, in a stable order."""
        return [self.entities[t] for t in sorted(self.entities) if self.entities[t].shared]


def discover(package_name: str = "server") -> Registry:
    """Import `<package>.<sub>.mutations` for every subpackage that has one."""
    package = importlib.import_module(package_name)
    registry = Registry()
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if not info.ispkg:
            continue
        name = f"{package_name}.{info.name}.mutations"
        if importlib.util.find_spec(name) is None:
            continue
        registry.add_module(importlib.import_module(name))
    return registry


_lock = threading.Lock()
_registry: Registry | None = None


def get_registry() -> Registry:
    """The process-wide registry, discovered once on first use."""
    global _registry
    if _registry is None:
        with _lock:
            if _registry is None:
                _registry = discover()
    return _registry
