"""docs/stream.md's worked example is a real stream: it decodes, and the encoder writes exactly these bytes."""

from __future__ import annotations

import re
from pathlib import Path

from evsim.core.echo.events import Closed, Ready
from evsim.core.stream import REGISTRY, Decoder, Dropped, Encoder, KindRegistry, format_event

DOC = Path(__file__).resolve().parents[3] / "docs" / "stream.md"


def doc_bytes() -> bytes:
    blocks = re.findall(r"```hex\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert len(blocks) == 1
    return bytes.fromhex(" ".join(line.split("#")[0] for line in blocks[0].splitlines()))


def test_the_worked_example_decodes_and_prints_as_documented():
    events = Decoder().feed(doc_bytes())
    assert events == [Ready(1_000_000_000, 7, 1), Dropped(1_000_020_000, 3), Closed(1_000_050_000, 7, "normal", 5, 5)]
    text = DOC.read_text(encoding="utf-8")
    for ev in events:
        assert format_event(ev, events[0].t_ns) in text


def test_the_encoder_writes_the_documented_bytes():
    reg = KindRegistry()
    for cls in (Dropped, Ready, Closed):
        reg.register(cls, REGISTRY.spec_of(cls).kind_id)
    enc = Encoder(reg)
    events = Decoder().feed(doc_bytes())
    assert enc.header() + b"".join(map(enc.encode, events)) == doc_bytes()


def test_the_kinds_table_lists_every_registered_kind():
    text = re.sub(r" +", " ", DOC.read_text(encoding="utf-8"))
    for spec in REGISTRY.specs():
        fields = ", ".join(f"{n} {chr(c)}" for n, c in spec.fields)
        size = spec.max_payload() if spec.fixed else "var"
        assert re.sub(r" +", " ", f"| {spec.kind_id} | {spec.name} | {fields} | {size} |") in text, spec.name
