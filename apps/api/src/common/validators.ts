import {
  isIsoTimestampWithOffset,
  isLocalDate,
  isValidLatitude,
  isValidLongitude,
  LIMITS,
} from '@vigie/domain';
import { ApiProperty } from '@nestjs/swagger';
import { applyDecorators } from '@nestjs/common';
import {
  ArrayMaxSize,
  ArrayMinSize,
  Equals,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  Max,
  Min,
  registerDecorator,
  type ValidationArguments,
  ValidateIf,
  type ValidationOptions,
} from 'class-validator';

/** Largest value of a PostgreSQL `integer` column. */
export const MAX_INT32 = 2_147_483_647;

/** Optional and nullable: absent or null both mean "not known". */
export const Nullable = (): PropertyDecorator =>
  ValidateIf((_object, value) => value !== null && value !== undefined);

/** Optional, but not null when present (e.g. a consent is given or not, never unknown). */
export const NotNullIfPresent = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);

/** A count of people, vehicles or items: an integer ≥ 0 that fits the database column. */
export function IsCount(): PropertyDecorator {
  return applyDecorators(IsInt(), Min(0), Max(MAX_INT32));
}

/** An ISO 8601 timestamp that states its offset (`Z` or `±hh:mm`). */
export function IsTimestampWithOffset(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isTimestampWithOffset',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: 'must be an ISO 8601 timestamp with an offset, e.g. 2025-03-01T07:30:00+01:00',
        ...options,
      },
      validator: { validate: (value: unknown) => isIsoTimestampWithOffset(value) },
    });
}

/** A calendar date `YYYY-MM-DD` that exists (a Paris local date). */
export function IsLocalDate(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isLocalDate',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: 'must be a date YYYY-MM-DD (Paris time)', ...options },
      validator: { validate: (value: unknown) => isLocalDate(value) },
    });
}

/** A time of day `HH:MM` (Paris local time). */
export function IsLocalTime(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isLocalTime',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: 'must be a time HH:MM (Paris time)', ...options },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(value),
      },
    });
}

/** `[longitude, latitude]` within WGS84 bounds. */
export function IsLonLat(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isLonLat',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: 'must be [longitude, latitude] with longitude in [-180, 180] and latitude in [-90, 90]',
        ...options,
      },
      validator: {
        validate: (value: unknown) =>
          Array.isArray(value) &&
          value.length === 2 &&
          isValidLongitude(value[0]) &&
          isValidLatitude(value[1]),
      },
    });
}

/** The rings of a GeoJSON Polygon: closed, at least 4 positions each, within WGS84 bounds. */
function isPolygonRings(value: unknown): boolean {
  return (
    Array.isArray(value) &&
    value.length >= 1 &&
    value.length <= LIMITS.childRows &&
    value.every(
      (ring: unknown) =>
        Array.isArray(ring) &&
        ring.length >= 4 &&
        ring.length <= 10_000 &&
        ring.every(
          (position: unknown) =>
            Array.isArray(position) &&
            position.length === 2 &&
            isValidLongitude(position[0]) &&
            isValidLatitude(position[1]),
        ) &&
        ring[0][0] === ring[ring.length - 1][0] &&
        ring[0][1] === ring[ring.length - 1][1],
    )
  );
}

const RINGS_MESSAGE =
  'must be GeoJSON polygon rings: closed rings of at least 4 [longitude, latitude] positions';

/** A closed ring list of a GeoJSON Polygon with every position within WGS84 bounds. */
export function IsPolygonRings(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isPolygonRings',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: RINGS_MESSAGE, ...options },
      validator: { validate: isPolygonRings },
    });
}

/** The coordinates of a Polygon, or of a MultiPolygon (a list of polygons), by the object's `type`. */
function IsPolygonalCoordinates(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isPolygonalCoordinates',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message:
          'must be the coordinates of a GeoJSON Polygon (closed rings of [longitude, latitude]) or MultiPolygon',
        ...options,
      },
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          const type = (args.object as { type?: unknown }).type;
          if (type === 'MultiPolygon') {
            return (
              Array.isArray(value) &&
              value.length >= 1 &&
              value.length <= LIMITS.childRows &&
              value.every(isPolygonRings)
            );
          }
          return isPolygonRings(value);
        },
      },
    });
}

/** `endedAt` must not precede `startedAt` nor follow it by more than `maxHours`. */
export function EndsWithin(
  startField: string,
  maxHours: number,
  options?: ValidationOptions,
): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'endsWithin',
      target: target.constructor,
      propertyName: propertyName as string,
      constraints: [startField, maxHours],
      options: {
        message: `must not be before ${startField} nor more than ${maxHours} hours after it`,
        ...options,
      },
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          const start = (args.object as Record<string, unknown>)[startField];
          if (value === null || value === undefined) return true;
          if (!isIsoTimestampWithOffset(value) || !isIsoTimestampWithOffset(start)) return true;
          const span = Date.parse(value) - Date.parse(start);
          return span >= 0 && span <= maxHours * 3_600_000;
        },
      },
    });
}

export class PointDto {
  @ApiProperty({ enum: ['Point'] })
  @Equals('Point', { message: 'must be "Point"' })
  type!: 'Point';

  @ApiProperty({ type: [Number], example: [1.8587, 50.9513], description: '[longitude, latitude], WGS84' })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(2)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { each: true })
  @IsLonLat()
  coordinates!: [number, number];
}

export class PolygonDto {
  @ApiProperty({ enum: ['Polygon'] })
  @Equals('Polygon', { message: 'must be "Polygon"' })
  type!: 'Polygon';

  @ApiProperty({
    type: 'array',
    items: { type: 'array', items: { type: 'array', items: { type: 'number' } } },
  })
  @IsPolygonRings()
  coordinates!: number[][][];
}

/** A GeoJSON Polygon or MultiPolygon (an act's perimeter may have several parts). */
export class PolygonalDto {
  @ApiProperty({ enum: ['Polygon', 'MultiPolygon'] })
  @IsIn(['Polygon', 'MultiPolygon'], { message: 'must be "Polygon" or "MultiPolygon"' })
  type!: 'Polygon' | 'MultiPolygon';

  @ApiProperty({ type: 'array', items: { type: 'array' }, description: 'GeoJSON coordinates, WGS84' })
  @IsPolygonalCoordinates()
  coordinates!: number[][][] | number[][][][];
}
