"""``imsmanifest.xml`` in the IMS CC 1.1 content-packaging profile.

Structure from the CC 1.1 schema Moodle ships (backup/cc/schemas11/ccv1p1_imscp_v1p2_v1p0.xsd):
metadata with schema ``IMS Common Cartridge`` 1.1.0 and LOM, one organization
(``rooted-hierarchy``) whose single top item has no title, then resources; an assessment
resource has one file and no ``href``; web content is referenced by ``href`` and a file of it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from . import xml
from .base import CourseContent

CP_NAMESPACE = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
LOM_MANIFEST = "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest"
LOM_RESOURCE = "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/resource"
_SCHEMA_LOCATIONS = " ".join((
    CP_NAMESPACE, "http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_imscp_v1p2_v1p0.xsd",
    LOM_MANIFEST, "http://www.imsglobal.org/profile/cc/ccv1p1/LOM/ccv1p1_lommanifest_v1p0.xsd",
    LOM_RESOURCE, "http://www.imsglobal.org/profile/cc/ccv1p1/LOM/ccv1p1_lomresource_v1p0.xsd",
))

ASSESSMENT = "imsqti_xmlv1p2/imscc_xmlv1p1/assessment"
WEB_CONTENT = "webcontent"
ASSOCIATED_CONTENT = "associatedcontent/imscc_xmlv1p1/learning-application-resource"
#: What Canvas's QTI-only export calls a quiz resource (lib/cc/qti/qti_generator.rb).
CANVAS_QTI_ASSESSMENT = "imsqti_xmlv1p2"


@dataclass(frozen=True, slots=True)
class Resource:
    identifier: str
    type: str
    files: tuple[str, ...]
    href: str | None = None
    dependencies: tuple[str, ...] = ()
    #: The module item's title; None for a resource no item points at.
    title: str | None = None


def package_identifier(prefix: str, course: CourseContent) -> str:
    """The same course and assets give the same identifier, so a re-import can match it."""
    names = "\n".join([course.course_name, *(name for name, _ in course.assets)])
    return f"{prefix}_" + hashlib.sha256(names.encode("utf-8")).hexdigest()[:20]


def manifest_xml(identifier: str, title: str, description: str,
                 resources: Iterable[Resource], *, organized: bool = True,
                 schema: tuple[str, str] = ("IMS Common Cartridge", "1.1.0")) -> str:
    """The whole manifest; with ``organized``, one module named ``title`` lists the items."""
    resources = list(resources)
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n',
             f'<manifest identifier="{identifier}" xmlns="{CP_NAMESPACE}" '
             f'xmlns:lomimscc="{LOM_MANIFEST}" xmlns:lom="{LOM_RESOURCE}" '
             'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
             f'xsi:schemaLocation="{_SCHEMA_LOCATIONS}">\n',
             f"<metadata>\n<schema>{schema[0]}</schema>\n<schemaversion>{schema[1]}"
             "</schemaversion>\n",
             "<lomimscc:lom><lomimscc:general>",
             f"<lomimscc:title><lomimscc:string>{xml.text(title)}</lomimscc:string>"
             "</lomimscc:title>",
             f"<lomimscc:description><lomimscc:string>{xml.text(description)}"
             "</lomimscc:string></lomimscc:description>",
             "</lomimscc:general></lomimscc:lom>\n</metadata>\n"]
    parts += _organizations(title, resources) if organized else ["<organizations/>\n"]
    parts.append("<resources>\n")
    parts += (_resource(resource) for resource in resources)
    parts.append("</resources>\n</manifest>\n")
    return "".join(parts)


def _organizations(title: str, resources: list[Resource]) -> list[str]:
    parts = ['<organizations>\n<organization identifier="org_1" structure="rooted-hierarchy">\n'
             '<item identifier="LearningModules">\n'
             f'<item identifier="module_1">\n<title>{xml.text(title)}</title>\n']
    for resource in resources:
        if resource.title is not None:
            parts.append(f'<item identifier="item_{resource.identifier}" '
                         f'identifierref="{resource.identifier}">'
                         f"<title>{xml.text(resource.title)}</title></item>\n")
    parts.append("</item>\n</item>\n</organization>\n</organizations>\n")
    return parts


def _resource(resource: Resource) -> str:
    href = f' href="{xml.attribute(resource.href)}"' if resource.href else ""
    files = "".join(f'<file href="{xml.attribute(path)}"/>' for path in resource.files)
    dependencies = "".join(f'<dependency identifierref="{ref}"/>'
                           for ref in resource.dependencies)
    return (f'<resource identifier="{resource.identifier}" type="{resource.type}"{href}>'
            f"{files}{dependencies}</resource>\n")
