"""The demo vocabulary: departments, topics (each with its default department) and the area tree."""

from content.models import Area, Department, Topic

from . import data


def seed_departments(command):
    result = {}
    for slug, name, short, phone, description in data.DEPARTMENTS:
        dept, created = Department.objects.get_or_create(
            slug=slug, defaults={"name": name, "short_name": short, "public_phone": phone, "description": description}
        )
        command.created += created
        result[slug] = dept
    return result


def seed_topics(command, departments):
    result = {}
    for slug, name, dept, description in data.TOPICS:
        topic, created = Topic.objects.get_or_create(
            slug=slug, defaults={"name": name, "default_department": departments[dept], "description": description}
        )
        command.created += created
        result[slug] = topic
    return result


def seed_areas(command):
    """Districts, streets, communities and grids; every area by slug."""
    existing = {a.slug: a for a in Area.objects.all()}

    def get(slug, name, kind, parent):
        if slug not in existing:
            existing[slug] = Area.objects.create(slug=slug, name=name, kind=kind, parent=parent)
            command.created += 1
        return existing[slug]

    for d_slug, d_name, streets in data.AREAS:
        district = get(d_slug, d_name, Area.Kind.DISTRICT, None)
        for s_slug, s_name, communities in streets:
            street = get(f"{d_slug}-{s_slug}", s_name, Area.Kind.STREET, district)
            for c_slug, c_name, grids in communities:
                community = get(f"{street.slug}-{c_slug}", c_name, Area.Kind.COMMUNITY, street)
                for n in range(1, grids + 1):
                    get(f"{community.slug}-{n}", data.GRID_NAMES[n - 1], Area.Kind.GRID, community)
    return existing
