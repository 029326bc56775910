"""PostgreSQL full-text search: a trigger keeps each table's search_vector current, and a GIN
index makes matching fast. Weights: title A, summary B, body C. Other databases skip this."""

TRIGGER_SQL = """
CREATE OR REPLACE FUNCTION {table}_search_vector_update() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(NEW.summary, '')), 'B') ||
    setweight(to_tsvector('english',
      coalesce(regexp_replace(NEW.body, '<[^>]*>', ' ', 'g'), '')), 'C');
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS {table}_search_vector ON {table};
CREATE TRIGGER {table}_search_vector BEFORE INSERT OR UPDATE OF title, summary, body
  ON {table} FOR EACH ROW EXECUTE FUNCTION {table}_search_vector_update();
CREATE INDEX IF NOT EXISTS {table}_search_vector_gin ON {table} USING gin (search_vector);
UPDATE {table} SET title = title;
"""

DROP_SQL = """
DROP INDEX IF EXISTS {table}_search_vector_gin;
DROP TRIGGER IF EXISTS {table}_search_vector ON {table};
DROP FUNCTION IF EXISTS {table}_search_vector_update();
"""


def search_operations(table: str):
    """Migration operations adding the trigger and index on PostgreSQL only."""
    from django.db import migrations

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(TRIGGER_SQL.format(table=table))

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(DROP_SQL.format(table=table))

    return [migrations.RunPython(forwards, backwards, elidable=False)]
