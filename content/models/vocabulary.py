"""The vocabulary every other part of Gongzhi tags things with: departments, topics, areas (网格)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from .. import geo


class Department(index.Indexed, models.Model):
    """A government department (部门) that answers residents' demands."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=False)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    description = models.TextField(_("description"), blank=True)
    public_phone = models.CharField(
        _("public service phone"), max_length=40, blank=True,
        help_text=_("The department's published service line, shown on its public page."),
    )
    website = models.URLField(_("website"), blank=True)
    staff_group = models.OneToOneField(
        "auth.Group", verbose_name=_("staff group"), null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="department",
        help_text=_("Members of this group work the department's demand inbox."),
    )

    search_fields = [
        index.SearchField("name", boost=3),
        index.AutocompleteField("name"),
        index.SearchField("description"),
        index.FilterField("slug"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("content:department", kwargs={"slug": self.slug})

    @property
    def staff_group_name(self):
        """The readable name of the staff group (部门 <slug>); membership is looked up by staff_group, never by name."""
        return f"部门 {self.slug}"


class Topic(models.Model):
    """A subject (主题) such as 垃圾分类 or 停车; Open311 calls these services."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    description = models.TextField(_("description"), blank=True)
    default_department = models.ForeignKey(
        Department,
        verbose_name=_("default department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="default_for_topics",
        help_text=_("Suggested when a moderator forwards a demand on this topic."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("content:topic", kwargs={"slug": self.slug})


class AreaQuerySet(models.QuerySet):
    def grid_at(self, lat, lng):
        """The grid whose boundary holds the point (lat, lng), or None (point in polygon, content/geo.py)."""
        candidates = self.filter(kind=Area.Kind.GRID, boundary__isnull=False).only("pk", "boundary", "name", "slug")
        for area in candidates.order_by("pk"):
            if geo.contains(area.boundary, lat, lng):
                return self.get(pk=area.pk)
        return None


class Area(models.Model):
    """A place in the district → street → community → grid tree (区 → 街道 → 社区 → 网格)."""

    class Kind(models.TextChoices):
        DISTRICT = "district", _("District")
        STREET = "street", _("Street")
        COMMUNITY = "community", _("Community")
        GRID = "grid", _("Grid")

    PARENT_KIND = {
        Kind.DISTRICT: None,
        Kind.STREET: Kind.DISTRICT,
        Kind.COMMUNITY: Kind.STREET,
        Kind.GRID: Kind.COMMUNITY,
    }

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("part of"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # The order among its siblings (第一, 第二, 第三网格…): names do not sort as people count.
    sort_order = models.PositiveIntegerField(
        _("position"), null=True, blank=True,
        help_text=_("Order among the areas it sits beside, lowest first. Left empty, a new area goes last."),
    )
    boundary = models.JSONField(
        _("boundary"), null=True, blank=True,
        help_text=_("A GeoJSON Polygon or MultiPolygon, positions as [longitude, latitude] (WGS 84)."),
    )
    # Derived from the boundary on save: the public location of what is reported in the area (Open311).
    centroid_lat = models.DecimalField(_("centroid latitude"), max_digits=9, decimal_places=6, null=True,
                                       blank=True, editable=False)
    centroid_long = models.DecimalField(_("centroid longitude"), max_digits=9, decimal_places=6, null=True,
                                        blank=True, editable=False)

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="area_unique_name_in_parent")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.sort_order is None:
            last = Area.objects.filter(parent_id=self.parent_id).aggregate(m=models.Max("sort_order"))["m"]
            self.sort_order = (last or 0) + 1
        if self.boundary:
            lat, lng = geo.centroid(self.boundary)
            self.centroid_lat, self.centroid_long = round(Decimal(lat), 6), round(Decimal(lng), 6)
        else:
            self.centroid_lat = self.centroid_long = None
        super().save(*args, **kwargs)

    def public_point(self):
        """(lat, long) of this area's centroid, else of the nearest enclosing area that has one; or None.

        Walks up loaded parents (select_related them): no query of its own."""
        node = self
        while node is not None:
            if node.centroid_lat is not None:
                return float(node.centroid_lat), float(node.centroid_long)
            node = node.parent
        return None

    def clean(self):
        if self.boundary is not None:
            geo.validate_geometry(self.boundary)
        expected = self.PARENT_KIND.get(self.kind)
        if expected is None and self.parent_id:
            raise ValidationError({"parent": _("A district is not part of another area.")})
        if expected is not None and (self.parent is None or self.parent.kind != expected):
            raise ValidationError(
                {"parent": _("A %(kind)s must be part of a %(parent)s.")
                 % {"kind": self.get_kind_display(), "parent": self.Kind(expected).label}}
            )

    def get_absolute_url(self):
        return reverse("content:area", kwargs={"slug": self.slug})

    def ancestors(self):
        """From the district down to the parent; walks at most three levels."""
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))

    def full_name(self):
        return " · ".join([a.name for a in self.ancestors()] + [self.name])

    def descendant_ids(self):
        """Ids of this area and everything under it: one query per level (at most four)."""
        ids, frontier = [self.pk], [self.pk]
        while frontier:
            frontier = list(Area.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
            ids.extend(frontier)
        return ids
