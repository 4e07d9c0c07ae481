"""A rebuild writes the same index as Whoosh's own writer (bulk.py keeps postings per term)."""

import hashlib

import pytest
from whoosh.index import create_in
from whoosh.writing import SegmentWriter

from search.whoosh.bulk import RebuildWriter
from search.whoosh.codec import InliningCodec
from search.whoosh.schema import build_schema

pytestmark = pytest.mark.django_db  # the autouse index fixture

WORDS = ["停车难", "垃圾分类", "小区", "电梯加装", "parking", "recycling", "2026", "社区", "噪音扰民"]


def documents(n=400):
    """Enough documents that common terms span several posting blocks (128 postings each)."""
    for i in range(n):
        title = f"{WORDS[i % 9]}{WORDS[(i * 7) % 9]}问题{i}号"
        body = "，".join(WORDS[(i + k) % 9] for k in range(i % 5 + 3)) + " elevator retrofit"
        yield {
            "doc_id": f"content.department:{i}", "doc_pk": str(i), "doc_ct": "content.department",
            "t_name": title, "ac_name": title, "t_description": body,
            "all_terms": [(title, 3.0, True), (body, 1.0, False)],
        }


def segment_files(path, writer_class):
    ix = create_in(path, build_schema())
    writer = writer_class(ix, codec=InliningCodec())
    for doc in documents():
        writer.add_document(**doc)
    writer.commit(optimize=True)
    (segment,) = ix._segments()
    files = segment.open_compound_file(ix.storage)
    return {
        name.replace(segment.segment_id(), "SEG"): hashlib.sha256(files.open_file(name).read()).hexdigest()
        for name in files.list()
    }


def test_rebuild_writer_makes_the_segment_whooshs_writer_makes(tmp_path):
    (tmp_path / "whoosh").mkdir()
    (tmp_path / "rebuild").mkdir()
    expected = segment_files(tmp_path / "whoosh", SegmentWriter)
    assert segment_files(tmp_path / "rebuild", RebuildWriter) == expected
    assert {"SEG.pst", "SEG.trm"} <= set(expected)
