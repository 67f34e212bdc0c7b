"""A Moodle 5.0 site with web services and the ``local_lmsexport`` plugin, as a double:
``FakeMoodle`` (through ``responses``) and ``LiveMoodle`` (on 127.0.0.1) serve
``MoodleDouble``; ``grade()`` marks a student's answers as Moodle would."""
