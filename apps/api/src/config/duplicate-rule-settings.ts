import { plainToInstance, Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min, validateSync } from 'class-validator';

/**
 * The thresholds of the possible-duplicate rule (docs/duplicates.md). A class of their own because
 * two programs read them from the same environment: the API (through `AppConfig`, which extends it,
 * validated at start with the rest) and the database commands (`db/cli.ts`), which recompute every
 * pair and have no API configuration.
 */
export class DuplicateRuleSettings {
  /** Records not linked to one same site are paired when at most this far apart (metres). */
  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? 300 : Number(value)))
  @IsInt({ message: 'VIGIE_DUPLICATE_RADIUS_M must be an integer (metres)' })
  @Min(10, { message: 'VIGIE_DUPLICATE_RADIUS_M must be at least 10 (metres)' })
  @Max(5000, { message: 'VIGIE_DUPLICATE_RADIUS_M must be at most 5000 (metres)' })
  VIGIE_DUPLICATE_RADIUS_M: number = 300;

  /** Records are paired only when their start times are at most this many minutes apart. */
  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? 120 : Number(value)))
  @IsInt({ message: 'VIGIE_DUPLICATE_WINDOW_MINUTES must be an integer (minutes)' })
  @Min(5, { message: 'VIGIE_DUPLICATE_WINDOW_MINUTES must be at least 5 (minutes)' })
  @Max(1440, { message: 'VIGIE_DUPLICATE_WINDOW_MINUTES must be at most 1440 (minutes, one day)' })
  VIGIE_DUPLICATE_WINDOW_MINUTES: number = 120;
}

/** What makes two observations possible duplicates; see `duplicates.sql.ts` for the rule itself. */
export interface DuplicateRule {
  /** Metres, on the geography, between records not linked to one same site. */
  radiusM: number;
  /** Minutes between the two start times. */
  windowMinutes: number;
}

export const DEFAULT_DUPLICATE_RULE: Readonly<DuplicateRule> = { radiusM: 300, windowMinutes: 120 };

export function duplicateRuleOf(
  settings: Pick<DuplicateRuleSettings, 'VIGIE_DUPLICATE_RADIUS_M' | 'VIGIE_DUPLICATE_WINDOW_MINUTES'>,
): DuplicateRule {
  return {
    radiusM: settings.VIGIE_DUPLICATE_RADIUS_M,
    windowMinutes: settings.VIGIE_DUPLICATE_WINDOW_MINUTES,
  };
}

/**
 * The rule as the environment sets it, for the database commands; throws the same kind of message
 * as the API's start (`Invalid configuration: …`), one line per problem.
 */
export function loadDuplicateRule(env: NodeJS.ProcessEnv = process.env): DuplicateRule {
  const settings = plainToInstance(
    DuplicateRuleSettings,
    {
      VIGIE_DUPLICATE_RADIUS_M: env.VIGIE_DUPLICATE_RADIUS_M,
      VIGIE_DUPLICATE_WINDOW_MINUTES: env.VIGIE_DUPLICATE_WINDOW_MINUTES,
    },
    { exposeDefaultValues: true },
  );
  const errors = validateSync(settings);
  if (errors.length > 0) {
    const lines = errors.flatMap((error) => Object.values(error.constraints ?? {}));
    throw new Error(`Invalid configuration:\n  - ${lines.join('\n  - ')}`);
  }
  return duplicateRuleOf(settings);
}
