"""Entity resolution: person, organisation and address mentions -> stable entity ids.

normalise (the cleaner) -> ``features`` -> ``blocking`` -> ``compare`` -> ``score`` ->
``cluster`` -> ``ids``; ``persons``, ``orgs`` and ``addresses`` put these together per
entity type and ``entities.resolve_entities`` runs all three.
"""
