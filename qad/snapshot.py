"""The frozen content of a signed QAD, as canonical JSON with its SHA-256.

Canonical means the same content always gives the same bytes: keys sorted,
no insignificant whitespace, UTF-8. Anyone can recompute the hash from the
stored snapshot text.
"""

import hashlib
import json

from .models import Qad


def snapshot_build(qad: Qad, *, signer, signed_at, declaration_version: str) -> dict:
    sections = qad.sections.select_related("template_section", "market_role").prefetch_related(
        "answers__question", "evidence__question", "evidence__revisions", "reviews"
    )
    roles = qad.qualifications.select_related("market_role")
    return {
        "qad": qad.pk,
        "qad_version": qad.version,
        "organisation": {"id": qad.organisation_id, "name": qad.organisation.name},
        "template": {"name": qad.template.name, "version": qad.template.version},
        "roles": sorted(q.market_role.code for q in roles),
        "sections": [
            {
                "key": s.template_section.key,
                "title": s.template_section.title,
                "role": s.market_role.code if s.market_role_id else None,
                "status": s.status,
                "accepted_by": sorted(r.body for r in s.reviews.all() if r.status == "accepted"),
                "answers": {a.question.key: a.value for a in s.answers.all()},
                "evidence": {
                    e.question.key: [
                        {
                            "revision": r.number,
                            "name": r.original_name,
                            "sha256": r.sha256,
                            "size": r.size,
                        }
                        for r in e.revisions.all()
                    ]
                    for e in s.evidence.all()
                },
            }
            for s in sections
        ],
        "declaration_version": declaration_version,
        "signer": signer.email,
        "signed_at": signed_at.isoformat(),
    }


def canonical_json(data: dict) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
