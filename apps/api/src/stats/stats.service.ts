import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  addDays,
  AREAS,
  can,
  comparisonPeriods,
  dayCount,
  FORCE_UNITS,
  INCIDENT_TYPES,
  isAgainstObservers,
  OBSERVATION_KINDS,
  formatParisDate,
  type Role,
  ROLES_SEEING_DELETED,
  ROLES_SEEING_UNVALIDATED,
  SEIZURE_ITEMS,
  type StatsResearchRules,
  TIME_ZONE,
} from '@vigie/domain';
import { assertCan } from '../auth/access';
import type { Actor } from '../auth/actor';
import { AppConfig } from '../config/app-config';
import type { RawQuery } from '../common/list-query/parse-list-query';
import { statsErrors } from './stats.errors';
import { type MapPoint, type MapPrivacy, StatsRepository, type SummaryRow } from './stats.repository';
import type { StatsScope } from './stats-query';
import { parseScopeQuery, parseSeriesQuery, parseSummaryQuery } from './stats-query';
import { bucketsOf } from './stats-period';
import type { StatsSeries, StatsShare, StatsSiteCount, StatsSummary } from '@vigie/domain';

/** Every code of a vocabulary, with the counted value or `zero`. */
function everyCode<C extends string, V>(
  codes: readonly C[],
  counted: Record<string, V>,
  zero: () => V,
): Record<C, V> {
  return Object.fromEntries(codes.map((code) => [code, counted[code] ?? zero()])) as Record<C, V>;
}

function ratio(count: number, over: number): number | null {
  return over === 0 ? null : Math.round((count / over) * 10_000) / 10_000;
}

function share(count: number, known: number, total: number): StatsShare {
  return { count, known, unknown: total - known, ofKnown: ratio(count, known), ofTotal: ratio(count, total) };
}

/**
 * Roles whose figures follow the research level (DESIGN §7): nothing from the last
 * VIGIE_RESEARCH_EMBARGO_DAYS days, incidents only with research consent. What each figure keeps
 * is in docs/api.md, "Statistics".
 */
export const ROLES_UNDER_RESEARCH_RULES: readonly Role[] = ['researcher'];

/**
 * The only code that counts (DESIGN §1.4): the dashboard, the reports and scripts all read their
 * figures here. Definitions are in docs/api.md, "Statistics".
 */
@Injectable()
export class StatsService {
  private readonly embargoDays: number;

  constructor(
    private readonly repository: StatsRepository,
    @Optional() @Inject(AppConfig) config?: Pick<AppConfig, 'VIGIE_RESEARCH_EMBARGO_DAYS'>,
  ) {
    this.embargoDays = config?.VIGIE_RESEARCH_EMBARGO_DAYS ?? 30;
  }

  /**
   * `GET /api/stats/summary`: the figures of the period, the periods it is compared with and, with
   * `compare=true`, the same figures over those periods (one request for the dashboard and the
   * reports, and no client computes a comparison period again).
   */
  async summary(actor: Actor, query: RawQuery): Promise<StatsSummary> {
    assertCan(actor, 'stats.read');
    const { compare, ...scope } = await this.checkedScope(actor, parseSummaryQuery(query));
    const summary = this.summaryOf(actor, scope);
    if (!compare) return summary;
    const { previous, yearBefore } = comparisonPeriods(scope);
    const [current, previousSummary, yearBeforeSummary] = await Promise.all([
      summary,
      this.summaryOf(actor, { ...scope, ...previous }),
      yearBefore ? this.summaryOf(actor, { ...scope, ...yearBefore }) : null,
    ]);
    return { ...current, comparisons: { previous: previousSummary, yearBefore: yearBeforeSummary } };
  }

  /**
   * The evictions of a period on a map, de-identified as `privacy` says (StatsRepository.mapPoints):
   * for the reports' maps, in-process (no route). Same parameters and scope as the summary, so the
   * circles add up to its `evictions.total`.
   */
  async mapPoints(actor: Actor, query: RawQuery, privacy: MapPrivacy): Promise<MapPoint[]> {
    assertCan(actor, 'stats.read');
    const scope = await this.checkedScope(actor, parseScopeQuery(query));
    return this.repository.mapPoints(scope, privacy);
  }

  private async summaryOf(actor: Actor, scope: StatsScope): Promise<StatsSummary> {
    const row = await this.repository.summary(scope);
    const { totals } = row;
    const days = dayCount(scope);
    const rules = this.researchRules(scope);
    const countedDays = rules ? daysBefore(scope, rules.embargoFrom) : days;
    const seizures = everyCode(SEIZURE_ITEMS.codes, row.seizures, () => ({ quantity: 0, destroyed: 0 }));
    const byType = everyCode(INCIDENT_TYPES.codes, row.incidents, () => 0);
    const incidentTotal = INCIDENT_TYPES.codes.reduce((sum, type) => sum + byType[type], 0);
    const againstObservers = INCIDENT_TYPES.codes
      .filter(isAgainstObservers)
      .reduce((sum, type) => sum + byType[type], 0);
    return {
      from: scope.from,
      to: scope.to,
      timezone: TIME_ZONE,
      area: scope.area,
      communeCode: scope.communeCode,
      includeUnvalidated: scope.includeUnvalidated,
      days,
      periods: comparisonPeriods(scope),
      evictions: {
        total: totals.total,
        byArea: everyCode(AREAS.codes, row.byArea, () => 0),
        outsideAreas: totals.outsideAreas,
        byCommune: row.byCommune,
        byKind: everyCode(OBSERVATION_KINDS.codes, row.byKind, () => 0),
        distinctSites: totals.distinctSites,
        perWeek: countedDays === 0 ? 0 : Math.round((totals.total / (countedDays / 7)) * 100) / 100,
        withoutSite: totals.withoutSite,
        ...(can(actor.role, 'sites.read') ? { bySite: sitesFor(actor.role, row.bySite) } : {}),
      },
      peopleEvicted: totals.peopleEvicted,
      peopleEvictedReported: totals.peopleEvictedReported,
      minorsSeen: totals.minorsSeen,
      arrests: totals.arrests,
      peopleSheltered: totals.peopleSheltered,
      seizures: {
        byItem: seizures,
        tentsAndTarps: seizures.tent.quantity + seizures.tarp.quantity,
        sleepingBagsAndBlankets: seizures.sleeping_bag.quantity + seizures.blanket.quantity,
      },
      incidents: {
        total: incidentTotal,
        byType,
        againstObservers,
        againstPeople: incidentTotal - againstObservers,
      },
      withoutInterpreters: totals.withoutInterpreters,
      withShelterOffered: totals.withShelterOffered,
      withObservationObstructed: totals.withObservationObstructed,
      shares: {
        withoutInterpreters: share(totals.withoutInterpreters, totals.interpretersKnown, totals.total),
        withShelterOffered: share(totals.withShelterOffered, totals.shelterOfferedKnown, totals.total),
        withObservationObstructed: share(
          totals.withObservationObstructed,
          totals.observationObstructedKnown,
          totals.total,
        ),
      },
      forces: everyCode(FORCE_UNITS.codes, row.forces, () => ({ observations: 0, vehicles: 0, officers: 0 })),
      ...(rules ? { research: rules } : {}),
    };
  }

  async series(actor: Actor, query: RawQuery): Promise<StatsSeries> {
    assertCan(actor, 'stats.read');
    const parsed = await this.checkedScope(actor, parseSeriesQuery(query));
    const rules = this.researchRules(parsed);
    const rows = await this.repository.series(parsed);

    const values = new Map<string, Map<string | null, number>>();
    for (const row of rows) {
      const bucket = values.get(row.bucket) ?? new Map<string | null, number>();
      bucket.set(row.grp, (bucket.get(row.grp) ?? 0) + row.value);
      values.set(row.bucket, bucket);
    }
    const groups = parsed.groupBy ? await this.groupsOf(parsed.groupBy, rows) : undefined;
    const buckets = bucketsOf(parsed.from, parsed.to, parsed.interval).map(({ key, ...bounds }) => {
      const counted = values.get(key) ?? new Map<string | null, number>();
      const value = [...counted.values()].reduce((sum, n) => sum + n, 0);
      if (!groups) return { ...bounds, value };
      return {
        ...bounds,
        value,
        groups: Object.fromEntries(
          groups.map(({ key: group }) => [group, counted.get(group === 'none' ? null : group) ?? 0]),
        ),
      };
    });
    return {
      from: parsed.from,
      to: parsed.to,
      timezone: TIME_ZONE,
      area: parsed.area,
      communeCode: parsed.communeCode,
      includeUnvalidated: parsed.includeUnvalidated,
      interval: parsed.interval,
      metric: parsed.metric,
      groupBy: parsed.groupBy,
      periods: comparisonPeriods(parsed),
      ...(groups ? { groups } : {}),
      total: buckets.reduce((sum, bucket) => sum + bucket.value, 0),
      buckets,
      ...(rules ? { research: rules } : {}),
    };
  }

  /**
   * Vocabulary groups list every code; communes only those with a value in the period. Records
   * outside every commune (no area, no commune) form the group `none`, listed when there are some,
   * so that the groups of a bucket always add up to its value.
   */
  private async groupsOf(
    groupBy: NonNullable<StatsSeries['groupBy']>,
    rows: { grp: string | null; value: number }[],
  ): Promise<{ key: string; name?: string }[]> {
    const present = new Set(rows.filter((row) => row.value !== 0).map((row) => row.grp));
    const none = present.has(null) ? [{ key: 'none' }] : [];
    switch (groupBy) {
      case 'area':
        return [...AREAS.codes.map((key) => ({ key })), ...none];
      case 'kind':
        return OBSERVATION_KINDS.codes.map((key) => ({ key }));
      case 'type':
        return INCIDENT_TYPES.codes.map((key) => ({ key }));
      case 'commune': {
        const codes = [...present].filter((code): code is string => code !== null).sort();
        const names = await this.repository.communeNames(codes);
        return [...codes.map((key) => ({ key, name: names.get(key) ?? key })), ...none];
      }
    }
  }

  /**
   * includeUnvalidated only for the roles that read unvalidated records; a commune must exist (a
   * typo would otherwise answer zeros) and lie in the area when both are given.
   */
  private async checkedScope<S extends StatsScope>(actor: Actor, scope: S): Promise<S> {
    if (scope.includeUnvalidated && !ROLES_SEEING_UNVALIDATED.includes(actor.role)) {
      throw statsErrors.unvalidatedForbidden();
    }
    if (scope.communeCode !== null) {
      const commune = await this.repository.communeArea(scope.communeCode);
      if (!commune) throw statsErrors.invalidQuery({ communeCode: 'is not a known commune (INSEE code)' });
      if (scope.area && commune.area !== scope.area) {
        throw statsErrors.invalidQuery({ communeCode: `is not in the area ${scope.area}` });
      }
    }
    return { ...scope, research: this.researchCut(actor) };
  }

  /**
   * The research cut for the roles under the research rules: the embargo covers the last
   * `embargoDays` Paris days, today included (30: on 6 December, from 7 November on), and whatever
   * is dated later. Null for the other roles.
   */
  private researchCut(actor: Actor): { embargoFrom: string } | null {
    if (!ROLES_UNDER_RESEARCH_RULES.includes(actor.role)) return null;
    const today = formatParisDate(new Date());
    return { embargoFrom: addDays(today, 1 - this.embargoDays) };
  }

  private researchRules(scope: StatsScope): StatsResearchRules | null {
    if (!scope.research) return null;
    return {
      embargoFrom: scope.research.embargoFrom,
      embargoDays: this.embargoDays,
      incidentsWithResearchConsentOnly: true,
    };
  }
}

/**
 * Evictions per site as the role may see them: a site deleted since is named only to the roles
 * that read deleted records; for the others, its evictions join one anonymous row.
 */
function sitesFor(role: Role, rows: SummaryRow['bySite']): StatsSiteCount[] {
  const seesDeleted = ROLES_SEEING_DELETED.includes(role);
  const named = rows
    .filter((row) => seesDeleted || !row.deleted)
    .map(({ siteId, name, count }) => ({ siteId, name, count }));
  const hidden = rows.filter((row) => !seesDeleted && row.deleted).reduce((sum, row) => sum + row.count, 0);
  return hidden > 0 ? [...named, { siteId: null, name: null, count: hidden }] : named;
}

/** Days of the period before `embargoFrom` (0 when the period starts in the embargo). */
function daysBefore(scope: StatsScope, embargoFrom: string): number {
  if (scope.from >= embargoFrom) return 0;
  const last = addDays(embargoFrom, -1);
  return dayCount({ from: scope.from, to: scope.to < last ? scope.to : last });
}
