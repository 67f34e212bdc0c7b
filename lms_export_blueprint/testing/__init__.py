"""Testing aids: the reference LMS and its two transports (``FakeLMS``, ``LiveLMS``)."""
