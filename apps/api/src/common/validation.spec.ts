import { Type } from 'class-transformer';
import { IsInt, Min, ValidateNested, type ValidationError } from 'class-validator';
import { describe, expect, it } from 'vitest';
import { createValidationPipe, flattenValidationErrors } from './validation';

class Seizure {
  @IsInt()
  @Min(0)
  quantity!: number;
}

class Body {
  @ValidateNested({ each: true })
  @Type(() => Seizure)
  seizures!: Seizure[];
}

async function errorsFor(value: unknown): Promise<Record<string, string>> {
  try {
    await createValidationPipe().transform(value, { type: 'body', metatype: Body });
  } catch (error) {
    return (error as { getResponse(): { errors: Record<string, string> } }).getResponse().errors;
  }
  throw new Error('expected a validation error');
}

describe(flattenValidationErrors.name, () => {
  it('names nested array fields by their path, as react-admin expects', async () => {
    await expect(errorsFor({ seizures: [{ quantity: 1 }, { quantity: -3 }] })).resolves.toEqual({
      'seizures.1.quantity': 'must not be less than 0',
    });
  });

  it('refuses unknown fields instead of dropping them', async () => {
    await expect(errorsFor({ seizures: [], colour: 'red' })).resolves.toEqual({
      colour: 'property colour should not exist',
    });
  });

  it('keeps the first message of each field', () => {
    const errors: ValidationError[] = [
      { property: 'a', constraints: { min: 'a must be ≥ 0', isInt: 'a must be an integer' }, children: [] },
    ];
    expect(flattenValidationErrors(errors)).toEqual({ a: 'must be ≥ 0' });
  });
});
