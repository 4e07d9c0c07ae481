"""The rebuild's writer: Whoosh's ``SegmentWriter`` with the postings kept per term in memory.

Whoosh's writer puts every posting in one pool that it sorts at commit (past ``limitmb`` it
spills sorted runs to disk and merges them back), then writes the postings one at a time, reading
each one's document length back from the column file it has just written. A rebuild adds its
documents in order to a fresh generation, so each term's postings arrive in document order:
:class:`TermPool` groups them per term as they come, and the commit sorts the terms only and
hands each term's list to the postings writer whole (``InliningFieldWriter.add_term``,
codec.py). The segment
is byte for byte the one Whoosh's writer makes, in a fraction of the time.
"""

from whoosh.writing import SegmentWriter


class TermPool:
    """Stands in for Whoosh's ``PostingPool``: ``{fieldname: {btext: [posting, ...]}}``."""

    def __init__(self):
        self.fields = {}

    def add(self, item):
        # item = (fieldname, btext, docnum, weight, vbytes), as Whoosh's writer passes it
        terms = self.fields.get(item[0])
        if terms is None:
            terms = self.fields[item[0]] = {}
        postings = terms.get(item[1])
        if postings is None:
            terms[item[1]] = [item]
        else:
            postings.append(item)

    def iter_postings(self):
        for fieldname in sorted(self.fields):
            terms = self.fields[fieldname]
            for btext in sorted(terms):
                yield from terms[btext]

    def cleanup(self):
        self.fields = {}


class RebuildWriter(SegmentWriter):
    """One writer for a whole rebuild (``IndexStore.writer(gen, rebuild=True)``)."""

    def __init__(self, ix, **kwargs):
        super().__init__(ix, **kwargs)
        self.pool = TermPool()

    def _flush_segment(self):
        self.perdocwriter.close()
        reader = self.per_document_reader()
        writer = self.fieldwriter
        try:
            for fieldname in sorted(self.pool.fields):
                terms, field = self.pool.fields[fieldname], self.schema[fieldname]
                lengths = None
                if field.scorable:
                    lengths = [reader.doc_field_length(n, fieldname) for n in range(self.docnum)]
                writer.start_field(fieldname, field)
                for btext in sorted(terms):
                    writer.add_term(btext, terms[btext], lengths)
                writer.finish_field()
            writer.close()
        finally:
            reader.close()
