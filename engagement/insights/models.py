"""What the insight jobs store: daily counts (so every window is a sum), dated snapshots,
alerts (预警), the editors' stop words and the routing model.

Nothing here holds personal data: terms, counts, ids of public objects, dates.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class StopWord(models.Model):
    """A word editors never want to see as a hot term (on top of the built-in list)."""

    word = models.CharField(_("word"), max_length=40, unique=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    panels = [FieldPanel("word"), FieldPanel("note")]

    class Meta:
        ordering = ["word"]
        verbose_name = _("stop word")
        verbose_name_plural = _("stop words")

    def __str__(self):
        return self.word

    def save(self, *args, **kwargs):
        self.word = self.word.strip().lower()
        super().save(*args, **kwargs)


class JobLock(models.Model):
    """One row per job; a run holds it with SELECT … FOR UPDATE NOWAIT so a second run exits."""

    name = models.CharField(max_length=40, primary_key=True)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_result = models.CharField(max_length=200, blank=True)


class HighWaterMark(models.Model):
    """How far the hot-term job has read one source (comments, demands, ratings)."""

    source = models.CharField(max_length=20, primary_key=True)
    last_id = models.BigIntegerField(default=0)
    documents = models.PositiveIntegerField(default=0, help_text="Documents read so far (the IDF's N).")


class TermDocFreq(models.Model):
    """In how many documents of the whole site corpus a term occurs (the IDF's df)."""

    term = models.CharField(max_length=40, primary_key=True)
    documents = models.PositiveIntegerField(default=0)


class TermDayCount(models.Model):
    """How often a term was used on one local day: occurrences and documents, with sample refs."""

    day = models.DateField(db_index=True)
    term = models.CharField(max_length=40)
    occurrences = models.PositiveIntegerField(default=0)
    documents = models.PositiveIntegerField(default=0)
    samples = models.JSONField(default=list, help_text="Up to 10 refs like 'demand:12' (evidence, no personal data).")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "term"], name="insights_term_day_once")]
        indexes = [models.Index(fields=["term", "day"])]


class CountedRecord(models.Model):
    """One source record whose terms are in the daily tables, with exactly what it added there.

    A record can leave its source's public queryset after it was counted (a demand rejected,
    merged or made private, a comment removed, a record deleted); the next run then subtracts
    what this row says it added and deletes the row. Only records of the days the public
    windows read are kept (``hot_terms.TRACKED_DAYS``); older ones are left to the weekly
    full recount. Holds terms of public texts and public ids, never a hidden record's for longer
    than until the next run.
    """

    source = models.CharField(max_length=20)
    record_id = models.BigIntegerField()
    day = models.DateField(db_index=True)
    terms = models.JSONField(default=dict, help_text="{term: occurrences} added to TermDayCount on ``day``.")
    topic_id = models.BigIntegerField(null=True, blank=True)
    areas = models.JSONField(default=list, help_text="Area ids whose TopicAreaDayCount row it added 1 to.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "record_id"], name="insights_counted_record_once")
        ]


class TopicAreaDayCount(models.Model):
    """Public demands per day, topic and area (one row at street level, one at district level)."""

    day = models.DateField(db_index=True)
    topic = models.ForeignKey("content.Topic", on_delete=models.CASCADE, related_name="+")
    area = models.ForeignKey("content.Area", on_delete=models.CASCADE, related_name="+")
    count = models.PositiveIntegerField(default=0)
    samples = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "topic", "area"], name="insights_topic_area_day_once")
        ]


class Period(models.TextChoices):
    DAY = "day", _("24 hours")
    WEEK = "week", _("7 days")
    MONTH = "month", _("30 days")


PERIOD_DAYS = {Period.DAY: 1, Period.WEEK: 7, Period.MONTH: 30}


class HotTermSnapshot(models.Model):
    """The hot terms (热点) of one period as computed for one day: history, not a recomputation."""

    period = models.CharField(_("period"), max_length=5, choices=Period.choices)
    computed_for = models.DateField(_("computed for"), db_index=True)
    term = models.CharField(_("term"), max_length=40)
    count = models.PositiveIntegerField(_("documents"))
    previous_count = models.PositiveIntegerField(_("documents in the previous period"), default=0)
    score = models.FloatField(_("score"))
    rank = models.PositiveSmallIntegerField(_("rank"))

    class Meta:
        ordering = ["period", "-computed_for", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["period", "computed_for", "term"], name="insights_snapshot_term_once")
        ]
        verbose_name = _("hot term snapshot")
        verbose_name_plural = _("hot term snapshots")
        permissions = [("view_dashboard", _("Can see the insight dashboard"))]

    @property
    def change(self):
        return self.count - self.previous_count


class Alert(models.Model):
    """An early warning (预警): a count far above its own baseline. One surge → one alert."""

    class Kind(models.TextChoices):
        TOPIC_AREA = "topic_area", _("Topic in an area")
        TERM = "term", _("Term")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        ASSIGNED = "assigned", _("Assigned to a department")
        DISPOSED = "disposed", _("Disposed of")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    key = models.CharField(_("key"), max_length=120, db_index=True)
    label = models.CharField(_("what"), max_length=200)
    search_query = models.CharField(max_length=100, blank=True)
    first_day = models.DateField(_("first day"))
    day = models.DateField(_("latest day"))
    observed = models.PositiveIntegerField(_("observed"))
    baseline_mean = models.FloatField(_("baseline mean"))
    threshold = models.PositiveIntegerField(_("threshold"))
    p_value = models.FloatField(_("p-value"))
    evidence = models.JSONField(_("evidence"), default=list, help_text="Refs like 'demand:12', 'comment:7'.")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN, db_index=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("acknowledged by"),
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    # 预警 → 处置: a supervisor or moderator gives the surge an owner and a deadline, the department's
    # staff close it with what they did (alerts.assign / alerts.dispose, both audited).
    department = models.ForeignKey(
        "content.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="alerts",
        verbose_name=_("department"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("assigned by"),
    )
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    due_on = models.DateField(_("dispose of by"), null=True, blank=True)
    disposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("disposed of by"),
    )
    disposed_at = models.DateTimeField(_("disposed of at"), null=True, blank=True)
    disposal_note = models.TextField(_("disposal note"), blank=True)
    disposed_on_time = models.BooleanField(_("disposed of on time"), null=True, blank=True)
    created_at = models.DateTimeField(_("raised at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-day", "-observed"]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        permissions = [
            ("assign_alert", _("Can assign early warnings to a department")),
            ("dispose_alert", _("Can dispose of the own department's early warnings")),
        ]

    def __str__(self):
        return f"{self.label} ({self.day}: {self.observed})"

    def evidence_refs(self):
        """[(kind, id)] parsed from the stored refs."""
        out = []
        for ref in self.evidence:
            kind, _sep, pk = str(ref).partition(":")
            if pk.isdigit():
                out.append((kind, int(pk)))
        return out


class RoutingModel(models.Model):
    """A trained department classifier (multinomial naive Bayes); the newest row is used."""

    trained_at = models.DateTimeField(auto_now_add=True)
    samples = models.PositiveIntegerField(default=0)
    params = models.JSONField(default=dict)

    class Meta:
        get_latest_by = "trained_at"
        ordering = ["-trained_at"]
