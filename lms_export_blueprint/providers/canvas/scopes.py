"""The OAuth2 scopes the Canvas provider needs, as Canvas names them.

Canvas names a scope after the API route it opens: ``url:<VERB>|/api/v1/<route>`` with the
route's own parameter names (lib/token_scopes.rb builds them from config/routes.rb; e.g.
``url:GET|/api/v1/courses/:course_id/pages/:url_or_id`` in Canvas's DataFixup
UpdateDeveloperKeyScopes, ``url:POST|/api/v1/courses/:course_id/quizzes`` in its specs). A
developer key that enforces scopes must enable each; one that does not ignores them.
New Quizzes calls (``/api/quiz/v1``) are not Canvas routes and have no scope of their own here.
"""

from __future__ import annotations

#: Every route the provider calls: login, courses, classic quizzes, pages, a New Quiz's publish,
#: modules, assignment groups and course files.
MINIMAL_SCOPES: tuple[str, ...] = (
    "url:GET|/api/v1/users/:id",  # GET users/self (users_controller.rb#api_show)
    "url:GET|/api/v1/users/:user_id/profile",  # the login's email
    "url:GET|/api/v1/courses",  # finding the course a push created, by its mark
    "url:GET|/api/v1/courses/:id",  # checking lms_course_id
    "url:POST|/api/v1/accounts/:account_id/courses",
    "url:GET|/api/v1/courses/:course_id/quizzes",
    "url:POST|/api/v1/courses/:course_id/quizzes",
    "url:PUT|/api/v1/courses/:course_id/quizzes/:id",
    "url:DELETE|/api/v1/courses/:course_id/quizzes/:id",
    "url:GET|/api/v1/courses/:course_id/quizzes/:quiz_id/questions",
    "url:POST|/api/v1/courses/:course_id/quizzes/:quiz_id/questions",
    "url:POST|/api/v1/courses/:course_id/quizzes/:id/reorder",  # questions sent at once
    "url:GET|/api/v1/courses/:course_id/pages",
    "url:POST|/api/v1/courses/:course_id/pages",
    "url:PUT|/api/v1/courses/:course_id/pages/:url_or_id",
    "url:PUT|/api/v1/courses/:course_id/assignments/:id",  # a New Quiz's publish and group
    # the push's module (context_modules_api, context_module_items_api)
    "url:GET|/api/v1/courses/:course_id/modules",
    "url:POST|/api/v1/courses/:course_id/modules",
    "url:PUT|/api/v1/courses/:course_id/modules/:id",
    "url:GET|/api/v1/courses/:course_id/modules/:module_id/items",
    "url:POST|/api/v1/courses/:course_id/modules/:module_id/items",
    # the push's assignment group (assignment_groups#index, assignment_groups_api#create)
    "url:GET|/api/v1/courses/:course_id/assignment_groups",
    "url:POST|/api/v1/courses/:course_id/assignment_groups",
    # images and files (courses#create_file, files#api_create_success; step 2 is the store's)
    "url:POST|/api/v1/courses/:course_id/files",
    "url:GET|/api/v1/files/:id/create_success",
)
