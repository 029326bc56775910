"""Revisions: every save of an item's content is kept; any two compare; any one restores as a
new draft. Nothing here changes what visitors see: only `revision_publish` (review.py) copies a
revision onto the live item.

A revision holds the item's editable fields and many-to-many links as JSON, and its inline rows
(a publication's attachments, a campaign's milestones: the model's `revised_rows`) as a list of
each row's field values with the row's id where it has one. A live item's rows change only when
a revision is published, like the rest of it.

A file uploaded in a draft of a live item is kept in the private storage, under DRAFTED_FILES,
until the draft is published: only staff who may preview the item can download it
(publishing.views.drafted_file). Publishing copies it to its field's own storage.
"""

import json
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import PurePath

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.files.storage import storages
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from .models import AuditEntry, Publishable, Revision, Status, WorkingCopy

# Kept by the publishing machinery itself, never by an editor's revision.
NOT_REVISED = {"id", "status", "created_at", "updated_at", "search_vector", "is_demo"}
# Where a live item's draft keeps the files it adds, in the private storage.
DRAFTED_FILES = "drafts/"


class DraftConflict(Exception):
    """Someone saved a newer draft of the item while this editor was working on an older one."""

    def __init__(self, *, mine: Revision, theirs: Revision):
        super().__init__("A newer draft exists.")
        self.mine = mine
        self.theirs = theirs


class RevisionInvalid(Exception):
    """A revision that no longer makes a valid item (a field added since, a topic deleted…)."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


# ------------------------------------------------------------------------------
# What a revision holds
# ------------------------------------------------------------------------------
def revised_fields(model: type[Publishable]) -> list[models.Field]:
    """The fields a revision keeps, in the model's order: editable fields and m2m links."""
    return [
        f
        for f in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if f.editable and f.name not in NOT_REVISED and not f.primary_key
    ]


def row_fields(item_model: type[Publishable], name: str) -> list[models.Field]:
    """The fields a revision keeps of each row of the relation `name`: all but its id and the
    link to the item (a document's format and size too, which belong with its file)."""
    relation = item_model._meta.get_field(name)
    return [
        f
        for f in relation.related_model._meta.concrete_fields
        if not f.primary_key and f is not relation.field
    ]


def row_values(item_model: type[Publishable], name: str, row: models.Model) -> dict:
    values = {"id": row.pk}
    for f in row_fields(item_model, name):
        if isinstance(f, models.FileField):
            values[f.name] = getattr(row, f.name).name or ""
        else:
            values[f.name] = f.value_from_object(row)
    return values


def live_rows(item: Publishable, name: str) -> list[models.Model]:
    relation = type(item)._meta.get_field(name)
    return list(relation.related_model._default_manager.filter(**{relation.field.name: item}))


def revision_data(
    *,
    item: Publishable,
    m2m: dict[str, list[int]] | None = None,
    rows: dict[str, list[models.Model]] | None = None,
) -> dict:
    """The content of `item` as it is in memory; its m2m links from `m2m` and its inline rows
    from `rows`, or else the database."""
    data = {}
    for f in revised_fields(type(item)):
        if f.many_to_many:
            if m2m is not None and f.name in m2m:
                data[f.name] = sorted(m2m[f.name])
            else:
                data[f.name] = sorted(getattr(item, f.name).values_list("pk", flat=True))
        elif isinstance(f, models.FileField):
            data[f.name] = getattr(item, f.name).name or ""
        else:
            data[f.name] = f.value_from_object(item)
    model = type(item)
    for name in model.revised_rows:
        given = (rows or {}).get(name)
        shown = live_rows(item, name) if given is None else given
        data[name] = [row_values(model, name, row) for row in shown]
    # Through the JSON encoder now, so comparing with a stored revision compares like with like.
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def live_data(item: Publishable) -> dict:
    """The content of the item as stored in its own row (what visitors see, if it is public)."""
    stored = type(item)._default_manager.get(pk=item.pk)
    return revision_data(item=stored)


def changed_labels(model: type[Publishable], old: dict, new: dict) -> list[str]:
    fields = [
        str(f.verbose_name) for f in revised_fields(model) if old.get(f.name) != new.get(f.name)
    ]
    # A revision saved before rows were kept has none to compare.
    rows = [
        str(model._meta.get_field(name).related_model._meta.verbose_name_plural)
        for name in model.revised_rows
        if name in old and name in new and old[name] != new[name]
    ]
    return fields + rows


# ------------------------------------------------------------------------------
# Reading an item's history
# ------------------------------------------------------------------------------
def revisions_of(item: Publishable) -> models.QuerySet[Revision]:
    content_type = ContentType.objects.get_for_model(type(item))
    return Revision.objects.filter(content_type=content_type, object_id=item.pk).select_related(
        "created_by", "published_by"
    )


def working_copy_of(item: Publishable) -> WorkingCopy | None:
    content_type = ContentType.objects.get_for_model(type(item))
    return (
        WorkingCopy.objects.filter(content_type=content_type, object_id=item.pk)
        .select_related("revision__created_by", "submitted_by")
        .first()
    )


def audit_of(item: Publishable) -> models.QuerySet[AuditEntry]:
    content_type = ContentType.objects.get_for_model(type(item))
    return AuditEntry.objects.filter(content_type=content_type, object_id=item.pk).select_related(
        "user", "revision"
    )


def revision_head(item: Publishable) -> Revision | None:
    """The revision an editor starts from: the working copy's, or else the newest one."""
    working_copy = working_copy_of(item)
    if working_copy is not None:
        return working_copy.revision
    return revisions_of(item).filter(published_at__isnull=False).first()


def revision_authors(item: Publishable) -> set[int]:
    """Who made the changes not yet published: the authors of every revision since the last
    published one (restores included). An approver must be someone else."""
    revisions = revisions_of(item)
    last_published = revisions.filter(published_at__isnull=False).first()
    if last_published is not None:
        revisions = revisions.filter(pk__gt=last_published.pk)
    return {pk for pk in revisions.values_list("created_by", flat=True) if pk is not None}


# ------------------------------------------------------------------------------
# Writing: save, apply, restore
# ------------------------------------------------------------------------------
def revision_save(
    *,
    item: Publishable,
    data: dict,
    user,
    note: str = "",
    based_on_id: int | None = None,
    check_conflict: bool = True,
) -> Revision:
    """Keep `data` as the item's newest draft revision, the head of its working copy.

    `based_on_id`: the revision the editor's form showed. If someone saved a newer draft since,
    the editor's version is still kept (in the history, nothing lost) but not made the draft, and
    DraftConflict says so: nothing is overwritten silently.
    """
    revision, theirs = _revision_keep(
        item=item,
        data=data,
        user=user,
        note=note,
        based_on_id=based_on_id,
        check_conflict=check_conflict,
    )
    if theirs is not None:
        raise DraftConflict(mine=revision, theirs=theirs)
    return revision


@transaction.atomic
def _revision_keep(*, item, data, user, note, based_on_id, check_conflict):
    model = type(item)
    # One editor at a time decides what the newest draft is.
    model._default_manager.select_for_update().filter(pk=item.pk).first()
    head = revision_head(item)
    conflict = check_conflict and head is not None and based_on_id != head.pk
    if head is not None and head.data == data and not note and not conflict:
        return head, None  # saved without a change: nothing new to keep
    revision = Revision.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        object_id=item.pk,
        data=data,
        changed=changed_labels(model, head.data if head else live_data(item), data),
        note=note[:300],
        created_by=user,
        based_on_id=based_on_id,
    )
    if conflict:
        return revision, head
    _working_copy_point_at(item, revision, working_copy_of(item))
    return revision, None


def _working_copy_point_at(item, revision, working_copy) -> WorkingCopy:
    if working_copy is None:
        working_copy = WorkingCopy(
            content_type_id=revision.content_type_id, object_id=revision.object_id
        )
    working_copy.revision = revision
    working_copy.object_repr = str(revision.data.get("title") or item)[:200]
    working_copy.state = WorkingCopy.State.EDITING
    working_copy.of_live_item = item_is_live(item)
    working_copy.updated_at = timezone.now()
    working_copy.save()
    return working_copy


@dataclass
class Applied:
    """An item with a revision's content set on it (unsaved), and what could not be."""

    item: Publishable
    m2m: dict[str, list[int]]
    rows: dict[str, list[models.Model]] = field(default_factory=dict)
    left_out: list[str] = field(default_factory=list)


def revision_apply(*, item: Publishable, data: dict) -> Applied:
    """Set `data` on `item` in memory (nothing saved), field by field, as far as the model
    still has those fields, and its inline rows as unsaved instances (the live rows they
    change, or new ones). Raises RevisionInvalid if the result would not be a valid item."""
    model = type(item)
    left_out = []
    m2m = {}
    errors = []
    for name, value in data.items():
        if name in model.revised_rows:
            continue
        try:
            f = model._meta.get_field(name)
        except FieldDoesNotExist:
            left_out.append(name)
            continue
        if f.many_to_many:
            m2m[name] = list(value or [])
            continue
        try:
            setattr(item, f.attname, f.to_python(value))
        except ValidationError as error:
            errors.append(f"{f.verbose_name}: {' '.join(error.messages)}")
    if errors:
        raise RevisionInvalid(errors)
    try:
        item.full_clean(exclude=[*m2m, *NOT_REVISED])
    except ValidationError as error:
        raise RevisionInvalid(_messages_of(model, error)) from None
    for name, pks in m2m.items():
        related = model._meta.get_field(name).related_model
        existing = set(related._default_manager.filter(pk__in=pks).values_list("pk", flat=True))
        if existing != set(pks):
            raise RevisionInvalid(
                [f"{model._meta.get_field(name).verbose_name}: some of these no longer exist."]
            )
    rows = {
        name: _rows_apply(item, name, data[name]) for name in model.revised_rows if name in data
    }
    return Applied(item=item, m2m=m2m, rows=rows, left_out=left_out)


def _rows_apply(item: Publishable, name: str, drafted: list[dict]) -> list[models.Model]:
    """The drafted rows as instances: a live row of the item where the id names one, else new."""
    relation = type(item)._meta.get_field(name)
    row_model = relation.related_model
    live = {row.pk: row for row in live_rows(item, name)}
    rows, errors = [], []
    for values in drafted:
        row = live.get(values.get("id")) or row_model(**{relation.field.name: item})
        setattr(row, relation.field.name, item)
        live_files = _file_names(row) if row.pk else set()
        try:
            _row_set(row, type(item), name, values)
            _row_files_exist(row, known=live_files)
            row.full_clean(exclude=[relation.field.name])
        except ValidationError as error:
            label = f"{str(row_model._meta.verbose_name).capitalize()} “{values.get('title', '')}”"
            errors.extend(f"{label}: {message}" for message in _messages_of(row_model, error))
        rows.append(row)
    if errors:
        raise RevisionInvalid(errors)
    return rows


def _row_set(row: models.Model, item_model, name: str, values: dict) -> None:
    for f in row_fields(item_model, name):
        if f.name in values:
            setattr(row, f.attname, f.to_python(values[f.name]))
            if isinstance(f, models.FileField) and is_drafted_file(getattr(row, f.name)):
                getattr(row, f.name).storage = storages["private"]


def is_drafted_file(stored) -> bool:
    """Whether a row's file is one a draft added, not yet published."""
    return bool(stored) and stored.name.startswith(DRAFTED_FILES)


def drafted_files_store(row: models.Model) -> None:
    """Store the files just uploaded to a draft's row (without saving it) where only staff
    reach them, for the revision to name."""
    for f in row._meta.concrete_fields:
        upload = getattr(row, f.name) if isinstance(f, models.FileField) else None
        if upload and not upload._committed:
            private = storages["private"]
            wanted = DRAFTED_FILES + f.generate_filename(row, upload.name)
            upload.name = private.save(wanted, upload.file, max_length=f.max_length)
            upload.storage, upload._committed = private, True


def drafted_row_naming(item: Publishable, file_name: str) -> models.Model | None:
    """A row, as a revision of the item drafted it, whose file is `file_name` (a draft's)."""
    if not file_name.startswith(DRAFTED_FILES) or "\x00" in file_name:  # jsonb holds no NUL
        return None
    model = type(item)
    for name in model.revised_rows:
        for f in row_fields(model, name):
            if not isinstance(f, models.FileField):
                continue
            naming = {f"data__{name}__contains": [{f.name: file_name}]}
            revision = revisions_of(item).filter(**naming).first()
            if revision is not None:
                values = next(v for v in revision.data[name] if v.get(f.name) == file_name)
                row = model._meta.get_field(name).related_model()
                _row_set(row, model, name, values)
                return row
    return None


def drafted_files_publish(row: models.Model) -> None:
    """Copy the files a draft added to the storage of their field, under a name of their own."""
    for f in row._meta.concrete_fields:
        drafted = getattr(row, f.name) if isinstance(f, models.FileField) else None
        if is_drafted_file(drafted):
            wanted = f.generate_filename(row, PurePath(drafted.name).name)
            with drafted.storage.open(drafted.name, "rb") as handle:
                name = f.storage.save(wanted, handle, max_length=f.max_length)
            setattr(row, f.attname, name)


def _file_names(row: models.Model) -> set[str]:
    return {
        getattr(row, f.name).name
        for f in row._meta.concrete_fields
        if isinstance(f, models.FileField) and getattr(row, f.name)
    }


def _row_files_exist(row: models.Model, *, known: set[str]) -> None:
    """A file the row names that is not its live one must still be stored (asked of the
    storage only then: it may be remote)."""
    for f in row._meta.concrete_fields:
        stored = getattr(row, f.name) if isinstance(f, models.FileField) else None
        missing = stored and stored._committed and stored.name not in known
        if missing and not stored.storage.exists(stored.name):
            raise ValidationError({f.name: "this file is no longer stored."})


def rows_write(*, item: Publishable, rows: dict[str, list[models.Model]]) -> None:
    """Make the item's rows these: update the ones kept, create the new, delete the rest."""
    for name, drafted in rows.items():
        kept = {row.pk for row in drafted if row.pk is not None}
        gone = [row for row in live_rows(item, name) if row.pk not in kept]
        gone_ids = {row.pk for row in gone}
        for row in gone:
            row.delete()
        for row in drafted:
            _unlink_from(row, gone_ids)  # as the deletion did to the live row (SET_NULL)
            drafted_files_publish(row)
            row.save()


def _unlink_from(row: models.Model, gone_ids: set[int]) -> None:
    for f in row._meta.concrete_fields:
        if f.is_relation and f.related_model is type(row) and getattr(row, f.attname) in gone_ids:
            setattr(row, f.attname, None)


def revision_settle_rows(*, revision: Revision, item: Publishable) -> None:
    """After a draft item's rows were saved as edited, the revision names them by their ids."""
    names = type(item).revised_rows
    if not names:
        return
    stored = revision_data(item=item)
    revision.data = {**revision.data, **{name: stored[name] for name in names}}
    revision.save(update_fields=["data"])


def _messages_of(model, error: ValidationError) -> list[str]:
    if not hasattr(error, "error_dict"):
        return list(error.messages)
    messages = []
    for name, errors in error.message_dict.items():
        label = name
        if name != "__all__":
            with suppress(FieldDoesNotExist):
                label = str(model._meta.get_field(name).verbose_name)
        messages.extend(f"{label}: {message}" for message in errors)
    return messages


@dataclass
class Restored:
    revision: Revision
    notes: list[str]


@transaction.atomic
def revision_restore(*, revision: Revision, user) -> Restored:
    """Make an earlier revision the item's draft again, as a new revision: never a live change.

    Fields added since it was saved keep their current values, fields removed since are left out
    (and said so); if what results is not a valid item, RevisionInvalid says why and nothing
    changes.
    """
    model = revision.content_type.model_class()
    item = model._default_manager.get(pk=revision.object_id)
    head = revision_head(item)
    current = head.data if head else live_data(item)
    data = {**current, **revision.data}
    candidate = model._default_manager.get(pk=item.pk)
    applied = revision_apply(item=candidate, data=data)
    notes = (
        [f"“{name}” no longer exists and was left out." for name in sorted(applied.left_out)]
        + [
            f"“{f.verbose_name}” did not exist then: it keeps its current value."
            for f in revised_fields(model)
            if f.name not in revision.data
        ]
        + [
            f"Its {model._meta.get_field(name).related_model._meta.verbose_name_plural} were not "
            "kept then: they stay as they are."
            for name in model.revised_rows
            if name not in revision.data
        ]
    )
    data = {name: value for name, value in data.items() if name not in applied.left_out}
    restored = revision_save(
        item=item,
        data=data,
        user=user,
        note=f"Restored from the revision of {timezone.localtime(revision.created_at):%d %b %Y %H:%M}",
        based_on_id=head.pk if head else None,
        check_conflict=False,
    )
    restored.restored_from = revision
    restored.save(update_fields=["restored_from"])
    audit_record(item=item, action=AuditEntry.Action.RESTORED, user=user, revision=restored)
    return Restored(revision=restored, notes=notes)


def revision_record_current(*, item: Publishable, user, note: str = "") -> Revision:
    """Keep the item's stored content as a revision (an item written outside the admin, by the
    demo loader or a script, has none until then)."""
    return revision_save(
        item=item, data=live_data(item), user=user, note=note, check_conflict=False
    )


def item_is_live(item: Publishable) -> bool:
    """Published (now or scheduled): from then on, edits are drafts until published."""
    stored_status = (
        type(item)._default_manager.filter(pk=item.pk).values_list("status", flat=True).first()
    )
    return stored_status == Status.PUBLISHED


def audit_record(
    *, item: Publishable, action: str, user, revision: Revision | None = None, note: str = ""
) -> AuditEntry:
    return AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(type(item)),
        object_id=item.pk,
        object_repr=str(item)[:200],
        action=action,
        user=user,
        revision=revision,
        note=note,
    )
