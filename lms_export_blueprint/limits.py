"""What a push or package body may hold: lengths and ids, one source for its schema and its
fast path (and, for ids, the transport)."""

#: Assets in one push or package, and the longest asset name.
MAX_ASSETS = 1000
MAX_ASSET_NAME_LENGTH = 500
#: Longest LMS course id we pass on; ids are path segments, not documents.
MAX_ID_LENGTH = 200
#: What no id may be: as a path segment each would name another LMS path.
DOT_SEGMENTS = (".", "..")
#: Longest module (section, topic) or assignment group name.
MAX_PLACE_NAME_LENGTH = 255
