"""Sample courses of a course-authoring app: a quiz, a question paper and a notes page."""

PHOTOSYNTHESIS_QUIZ = {
    "title": "Photosynthesis check",
    "instructions": "Answer all questions.",
    "questions": [
        {"type": "multiple_choice", "text": "Which pigment absorbs <b>light</b>?",
         "options": ["Chlorophyll", "Keratin"], "answer": 0, "points": 1,
         "feedback": "Chlorophyll is green."},
        {"type": "multiple_answer", "text": "Pick the gases.", "options": ["O2", "Fe", "CO2"],
         "answers": [0, 2]},
        {"type": "true_false", "text": "Plants respire.", "answer": True},
        {"type": "short_answer", "text": "Name the organelle.",
         "answers": ["chloroplast", "chloroplasts"]},
        {"type": "numerical", "text": "Carbon atoms in glucose?", "answer": 6, "tolerance": 0},
        {"type": "essay", "text": "Explain the light reactions.", "points": 5},
        {"type": "matching", "text": "Match.", "pairs": [
            {"prompt": "H2O", "match": "water"},
            {"prompt": "CO2", "match": "carbon dioxide"},
        ]},
    ],
}

TERM_PAPER = {
    "title": "Biology term paper",
    "instructions": "Two hours. Calculators allowed.",
    "questions": [
        {"type": "essay", "text": "Describe the Calvin cycle.", "points": 10},
        {"type": "numerical", "text": "Leaves in a sample of 3 plants with 12 each?",
         "answer": 36, "tolerance": 0, "points": 2},
        {"type": "true_false", "text": "Mitochondria make glucose.", "answer": False},
    ],
}

LESSON_NOTES = {
    "title": "Light and dark reactions",
    "body": "<h2>Light reactions</h2><p>Happen in the thylakoid membranes.</p>"
            "<h2>Calvin cycle</h2><p>Fixes CO<sub>2</sub> in the stroma.</p>",
}

COURSES = {
    "bio-101": {
        "name": "Biology 101",
        "description": "Plants, cells and energy.",
        "assets": {
            "photosynthesis-quiz": {
                "asset_name": "photosynthesis-quiz", "asset_type": "quiz",
                "asset_content": PHOTOSYNTHESIS_QUIZ,
                "asset_last_updated_at": "2026-11-20T09:30:00Z",
                "asset_last_updated_by": "teacher-1",
            },
            "term-paper": {
                "asset_name": "term-paper", "asset_type": "question-paper",
                "asset_content": TERM_PAPER,
                "asset_last_updated_at": "2026-11-21T14:00:00Z",
                "asset_last_updated_by": "teacher-1",
            },
            "lesson-notes": {
                "asset_name": "lesson-notes", "asset_type": "notes",
                "asset_content": LESSON_NOTES,
                "asset_last_updated_at": "2026-11-22T08:15:00Z",
                "asset_last_updated_by": "teacher-1",
            },
        },
    },
}
