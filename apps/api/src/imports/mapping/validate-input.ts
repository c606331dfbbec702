import type { ImportKind } from '@vigie/domain';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidatorOptions } from 'class-validator';
import { flattenValidationErrors, pathsWithNul } from '../../common/validation';
import { CreateIncidentDto } from '../../incidents/dto/incident-input.dto';
import { CreateObservationDto } from '../../observations/dto/observation-input.dto';

const DTO_OF: Record<ImportKind, new () => object> = {
  observations: CreateObservationDto,
  incidents: CreateIncidentDto,
};

/** The options of the API's validation pipe (common/validation.ts), so a row fails as a POST would. */
const VALIDATOR_OPTIONS: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: false },
};

/** A converted row checked by the create DTO of its kind: field path → the API's own message. */
export async function validateInput(
  kind: ImportKind,
  input: Record<string, unknown>,
): Promise<Record<string, string>> {
  const nul = pathsWithNul(input);
  if (nul.length > 0) return Object.fromEntries(nul.map((path) => [path, 'must not contain NUL characters']));
  const instance = plainToInstance(DTO_OF[kind], input, { enableImplicitConversion: false });
  return flattenValidationErrors(await validate(instance, VALIDATOR_OPTIONS));
}
