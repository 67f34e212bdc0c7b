"""``imsmanifest.xml`` in the IMS CC 1.1 content-packaging profile.

Structure from the CC 1.1 schema Moodle ships (backup/cc/schemas11/ccv1p1_imscp_v1p2_v1p0.xsd):
metadata with schema ``IMS Common Cartridge`` 1.1.0 and LOM, one organization
(``rooted-hierarchy``) whose single top item has no title, then resources; an assessment
resource has one file and no ``href``; web content is referenced by ``href`` and a file of it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..formats.files import CarriedFile, Linker
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

#: What a QTI file's links to packed files start with; the importer puts its base there.
FILEBASE = "$IMS-CC-FILEBASE$"
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


def file_resources(files: Iterable[CarriedFile], folder: str,
                   ) -> tuple[dict[str, Resource], list[tuple[str, bytes]]]:
    """Per carried file (by name), a ``webcontent`` resource in ``folder``, and the zip
    members holding the bytes."""
    resources: dict[str, Resource] = {}
    members: list[tuple[str, bytes]] = []
    for number, carried in enumerate(files, start=1):
        path = f"{folder}/{carried.name}"
        resources[carried.name] = Resource(f"file_{number:04d}", WEB_CONTENT, (path,), href=path)
        members.append((path, carried.data))
    return resources, members


def file_linker(used: list[str], prefix: str, folder: str) -> Linker:
    """Links to ``folder`` relative to a resource one folder deep, after ``prefix``, as Moodle's
    CC export writes them (backup/cc/cc_lib/cc_utils.php ``process_linked_files``: QTI behind
    ``$IMS-CC-FILEBASE$``, web content plain); each linked name is noted in ``used``."""
    def link(name: str) -> str:
        used.append(name)
        return f"{prefix}../{folder}/{name}"
    return link


def with_files(resource: Resource, uses: dict[str, list[str]],
               files: dict[str, Resource]) -> Resource:
    """``resource`` depending, besides what it did, on every file resource it links."""
    names = dict.fromkeys(uses.get(resource.identifier, ()))
    if not names:
        return resource
    return replace(resource, dependencies=resource.dependencies + tuple(
        files[name].identifier for name in names))


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
