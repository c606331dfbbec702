import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The possible-duplicate rule made sharper (issue 11, item 4; docs/duplicates.md): start times at
 * most 2 h apart instead of time windows at most 2 h apart, and two records linked to two different
 * sites are never a pair (same site: a pair whatever the distance; otherwise 300 m as before).
 *
 * The stored pairs are recomputed here with the new rule at its default thresholds: `possible`
 * pairs the rule no longer makes are deleted, the new ones added. `dismissed` pairs are a
 * coordinator's decision, evidence of human work: neither direction touches them. The rule used is
 * recorded in `dataset_facts` (`duplicate_rule`); `npm start` (`setup`) recomputes the pairs again
 * when VIGIE_DUPLICATE_* set other thresholds. `down()` recomputes them with the previous rule.
 *
 * The SQL is written out here rather than imported from the API: a migration must keep doing what
 * it did when it was written, whatever the rule becomes later.
 */
export class SharpenDuplicateRule1795412000000 implements MigrationInterface {
  name = 'SharpenDuplicateRule1795412000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      refreshPairs(`
        d.started_at <= o.started_at + interval '120 minutes'
        AND CASE WHEN o.site_id IS NOT NULL AND d.site_id IS NOT NULL THEN o.site_id = d.site_id
                 ELSE ST_DWithin(d.location::geography, o.location::geography, 300) END`),
    );
    await queryRunner.query(
      `INSERT INTO dataset_facts (key, value, updated_at)
       VALUES ('duplicate_rule', '{"radiusM": 300, "windowMinutes": 120}'::jsonb, now())
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM dataset_facts WHERE key = 'duplicate_rule'`);
    // The previous rule: same kind, 300 m, windows [startedAt, endedAt ?? startedAt] at most 2 h apart.
    await queryRunner.query(
      refreshPairs(`
        d.started_at <= coalesce(o.ended_at, o.started_at) + interval '2 hours'
        AND ST_DWithin(d.location::geography, o.location::geography, 300)`),
    );
  }
}

/**
 * Every `possible` pair recomputed in one statement, each pair found from the record that starts
 * first (`o`); `match` adds the rule's conditions on `d`. Dismissed pairs are kept as they are.
 */
function refreshPairs(match: string): string {
  return `
    WITH candidates AS (
      SELECT least(o.id, d.id) AS a, greatest(o.id, d.id) AS b
        FROM observations o
        JOIN observations d
          ON d.kind = o.kind AND d.id <> o.id AND d.deleted_at IS NULL
         AND d.started_at >= o.started_at
         AND (d.started_at > o.started_at OR d.id > o.id)
         AND ${match}
       WHERE o.deleted_at IS NULL
    ), stale AS (
      DELETE FROM observation_duplicates p
       WHERE p.status = 'possible'
         AND NOT EXISTS (SELECT 1 FROM candidates c WHERE c.a = p.observation_a AND c.b = p.observation_b)
    )
    INSERT INTO observation_duplicates (observation_a, observation_b)
    SELECT a, b FROM candidates
    ON CONFLICT (observation_a, observation_b) DO NOTHING`;
}
