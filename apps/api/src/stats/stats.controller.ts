import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  AREAS,
  STATS_GROUP_BYS,
  STATS_METRIC_NAMES,
  type StatsSeries,
  type StatsSummary,
} from '@vigie/domain';
import { RequirePermission } from '../auth/access.decorators';
import { TokenScope } from '../auth/access-tokens/access-token-scope.decorator';
import { type Actor, CurrentActor } from '../auth/actor';
import type { RawQuery } from '../common/list-query/parse-list-query';
import { StatsService } from './stats.service';

const SCOPE_QUERIES = [
  { name: 'from', required: true, description: 'Paris local date YYYY-MM-DD, included' },
  {
    name: 'to',
    required: true,
    description: 'Paris local date YYYY-MM-DD, included; before from + 10 years',
  },
  { name: 'area', required: false, enum: [...AREAS.codes] },
  { name: 'communeCode', required: false, description: 'INSEE code' },
  {
    name: 'includeUnvalidated',
    required: false,
    enum: ['true', 'false'],
    description: 'Count drafts and submitted records too (roles that read them only; 403 otherwise)',
  },
] as const;

function scopeQueries(): MethodDecorator {
  return (target, key, descriptor) => {
    for (const query of SCOPE_QUERIES) ApiQuery({ ...query, type: String })(target, key, descriptor);
  };
}

@ApiTags('stats')
@Controller('stats')
@TokenScope('stats')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Get('summary')
  @ApiOperation({
    summary: 'Key figures of a period (validated records unless includeUnvalidated=true)',
    description:
      'Also answers `periods` (the kind of the period, its previous period and the same period a year ' +
      'before, null for a whole year), `evictions.withoutSite` and, for the roles that read sites, ' +
      '`evictions.bySite`. With compare=true, `comparisons.previous` and `comparisons.yearBefore` hold ' +
      'the same figures over those periods (docs/api.md, "Statistics").',
  })
  @scopeQueries()
  @ApiQuery({
    name: 'compare',
    required: false,
    enum: ['true', 'false'],
    description: 'Also count the previous period and the same period a year before (`comparisons`)',
  })
  @RequirePermission('stats.read')
  summary(@CurrentActor() actor: Actor, @Query() query: RawQuery): Promise<StatsSummary> {
    return this.stats.summary(actor, query);
  }

  @Get('series')
  @ApiOperation({
    summary: 'One figure per Paris local day, ISO week or month, optionally grouped',
    description: 'Also answers `periods`, as the summary does.',
  })
  @scopeQueries()
  @ApiQuery({ name: 'interval', required: true, enum: ['day', 'week', 'month'] })
  @ApiQuery({ name: 'metric', required: true, enum: STATS_METRIC_NAMES })
  @ApiQuery({ name: 'groupBy', required: false, enum: [...STATS_GROUP_BYS] })
  @RequirePermission('stats.read')
  series(@CurrentActor() actor: Actor, @Query() query: RawQuery): Promise<StatsSeries> {
    return this.stats.series(actor, query);
  }
}
