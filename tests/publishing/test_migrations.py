"""A database made before topics and redirects moved to the publishing app migrates to the new
layout with nothing lost: the rows, the campaigns and publications filed under the topics, and
the permissions staff hold on them."""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django_test_migrations.signals import mute_migrate_signals

from campaigns.models import Campaign
from publishing.models import Redirect, Topic

FIRST_MOVE = ("publishing", "0001_topic_and_redirect_from_cja_site")


def migrate_to_the_layout_before_the_move(migrator):
    """Every migration that existed before the move, and none of those that made it."""
    migrator.apply_initial_migration([(FIRST_MOVE[0], None)])  # a clean database, part way
    executor = MigrationExecutor(connection)
    graph = executor.loader.graph
    after_the_move = set(graph.backwards_plan(FIRST_MOVE))  # it and all that follow it
    applied = executor.loader.applied_migrations
    rest = [
        (migration, False)
        for migration, _ in executor.migration_plan(graph.leaf_nodes(), clean_start=True)
        if (migration.app_label, migration.name) not in after_the_move | set(applied)
    ]
    with mute_migrate_signals():
        state = executor.migrate([], plan=rest)
    state.clear_delayed_apps_cache()
    return state.apps


def test_topics_redirects_and_their_permissions_survive_the_move(migrator):
    old = migrate_to_the_layout_before_the_move(migrator)
    assert ("publishing", "topic") not in {
        (m._meta.app_label, m._meta.model_name) for m in old.get_models()
    }
    topic = old.get_model("cja_site", "Topic").objects.create(name="Prisons", slug="prisons")
    old.get_model("cja_site", "Redirect").objects.create(old_path="/a/", new_path="/b/")
    campaign = old.get_model("campaigns", "Campaign").objects.create(
        title="Restorative prisons", slug="restorative-prisons", summary="s"
    )
    campaign.topics.add(topic)
    publication = old.get_model("publications", "Publication").objects.create(
        title="A briefing", slug="a-briefing", summary="s", published_on="2026-11-01"
    )
    publication.topics.add(topic)
    content_type = old.get_model("contenttypes", "ContentType").objects.create(
        app_label="cja_site", model="topic"
    )
    permission = old.get_model("auth", "Permission").objects.create(
        content_type=content_type, codename="change_topic", name="Can change topic"
    )
    editor = old.get_model("cja_site", "User").objects.create(
        email="editor@example.org", is_staff=True
    )
    editor.user_permissions.add(permission)

    migrator.apply_tested_migration(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert list(Topic.objects.values_list("slug", flat=True)) == ["prisons"]
    assert list(Redirect.objects.values_list("old_path", "new_path")) == [("/a/", "/b/")]
    assert [t.slug for t in Campaign.objects.get(slug="restorative-prisons").topics.all()] == [
        "prisons"
    ]
    assert [p.slug for p in Topic.objects.get().publications.all()] == [publication.slug]
    ContentType.objects.clear_cache()
    assert ContentType.objects.get_for_model(Topic).pk == content_type.pk
    assert not ContentType.objects.filter(app_label="cja_site", model="topic").exists()
    assert (
        get_user_model().objects.get(email="editor@example.org").has_perm("publishing.change_topic")
    )
