import {
  type ArgumentMetadata,
  BadRequestException,
  ValidationPipe,
  type ValidationError,
} from '@nestjs/common';

/** Flattens class-validator's tree into `field.path → message`, the shape react-admin shows. */
export function flattenValidationErrors(
  errors: ValidationError[],
  parent = '',
  out: Record<string, string> = {},
): Record<string, string> {
  for (const error of errors) {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const messages = Object.values(error.constraints ?? {});
    if (messages.length > 0 && out[path] === undefined) {
      out[path] = withoutSubject(messages[0] as string, error.property);
    }
    if (error.children?.length) flattenValidationErrors(error.children, path, out);
  }
  return out;
}

/** "quantity must not be less than 0" → "must not be less than 0": the path already names it. */
function withoutSubject(message: string, property: string): string {
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}

/** Paths of every string holding a NUL character, which PostgreSQL text cannot store. */
export function pathsWithNul(value: unknown, path = '', out: string[] = []): string[] {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) out.push(path || 'value');
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => pathsWithNul(item, path ? `${path}.${index}` : String(index), out));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\u0000')) out.push(path ? `${path}.${key}` : key);
      pathsWithNul(item, path ? `${path}.${key}` : key, out);
    }
  }
  return out;
}

/** Refuses NUL characters in bodies, queries and path parameters before anything else looks. */
class ApiValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const nul = pathsWithNul(value, metadata.type === 'param' ? (metadata.data ?? '') : '');
    if (nul.length > 0) {
      throw new BadRequestException({
        message: `Invalid input: NUL characters are not allowed (${nul.join(', ')})`,
        errors: Object.fromEntries(nul.map((path) => [path, 'must not contain NUL characters'])),
      });
    }
    return super.transform(value, metadata);
  }
}

/**
 * Whitelisting with `forbidNonWhitelisted`: an unknown field is an error, never silently dropped.
 * No implicit conversion: a string where a number is expected is an error too.
 */
export function createValidationPipe(): ValidationPipe {
  return new ApiValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fields = flattenValidationErrors(errors);
      const count = Object.keys(fields).length;
      return new BadRequestException({
        message: `Invalid input: ${count} field${count === 1 ? '' : 's'} rejected (${Object.entries(fields)
          .slice(0, 3)
          .map(([path, message]) => `${path} ${message}`)
          .join('; ')})`,
        errors: fields,
      });
    },
  });
}
