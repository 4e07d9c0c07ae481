"""Whoosh's W3 codec with short posting lists inlined in the term table.

whoosh-reloaded's ``W3PostingsWriter.finish_postings`` inlines a list shorter than ``inlinelimit``
by calling ``terminfo.set_inline``, a method its ``W3TermInfo`` does not have (it is
``set_inlined``); the default limit of 1 (``len < 1``) is what keeps that path from running. So
every term, most of them found in one or two documents, got a pickled, zlib-compressed block in
the postings file: most of the time of indexing. Reading inlined postings works (``ListMatcher``);
only writing needed the missing name (and an empty bytes value per posting for fields without values). Segments record a plain ``W3Codec``, so an index written
with this one reads with stock Whoosh.
"""

from array import array

from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter, W3PostingsWriter, W3Segment, W3TermInfo

INLINE_POSTINGS = 16  # lists shorter than this live in the term table


class InliningTermInfo(W3TermInfo):
    def set_inline(self, ids, weights, values):
        # Formats without values (ID fields) keep none, and ListMatcher then answers "" (a str)
        # where merging segments needs bytes: store an empty value per posting.
        self.set_inlined(ids, weights, list(values) if len(values) else [b""] * len(ids))


class InliningPostingsWriter(W3PostingsWriter):
    def start_postings(self, format_, terminfo):
        super().start_postings(format_, InliningTermInfo())

    def add_postings_list(self, postings, lengths=None):
        """What ``add_posting`` does one posting at a time, for a term's whole list (the rebuild's
        writer, bulk.py): ``postings`` are ``(fieldname, btext, docnum, weight, vbytes)`` in
        document order, ``lengths`` every document's field length as stored (None: no lengths)."""
        limit = self._blocklimit
        for start in range(0, len(postings), limit):
            if start:
                self._write_block()
            block = postings[start : start + limit]
            weights = [p[3] for p in block]
            self._ids = array("I", [p[2] for p in block])
            self._weights = array("f", weights)
            self._maxweight = max(0, max(weights))
            self._values = [p[4] for p in block if p[4]]
            if lengths is not None:
                found = [n for n in (lengths[p[2]] for p in block) if n]
                self._minlength = min(found, default=None)
                self._maxlength = max(found, default=0)


class InliningFieldWriter(W3FieldWriter):
    def add_term(self, btext, postings, lengths):
        """One term with its whole posting list (see ``add_postings_list``)."""
        self.start_term(btext)
        self._postwriter.add_postings_list(postings, lengths)
        self.finish_term()


class InliningCodec(W3Codec):
    def __init__(self):
        super().__init__(inlinelimit=INLINE_POSTINGS)

    def postings_writer(self, dbfile, byteids=False):
        return InliningPostingsWriter(dbfile, blocklimit=self._blocklimit, byteids=byteids,
                                      compression=self._compression, inlinelimit=self._inlinelimit)

    def field_writer(self, storage, segment):
        return InliningFieldWriter(self, storage, segment)

    def new_segment(self, storage, indexname):
        return W3Segment(W3Codec(), indexname)
