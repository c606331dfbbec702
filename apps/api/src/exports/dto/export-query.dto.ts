import { applyDecorators } from '@nestjs/common';
import { ApiProduces, ApiQuery } from '@nestjs/swagger';

/**
 * OpenAPI description of an export's query parameters. They are checked by `exports-query.ts`
 * (with the list filters of the resource), not by a validation pipe: unknown ones are a 400 there.
 */
export function ExportQueryDocs(mediaType: string, csv = false): MethodDecorator {
  const decorators = [
    ApiProduces(mediaType),
    ApiQuery({
      name: 'level',
      required: false,
      enum: ['research', 'internal'],
      description: 'research (default): de-identified, DESIGN §7; internal: every non-restricted field',
    }),
    ApiQuery({ name: 'from', required: true, description: 'First Paris local day, YYYY-MM-DD' }),
    ApiQuery({
      name: 'to',
      required: true,
      description: 'Last Paris local day, YYYY-MM-DD (less than 20 years after from)',
    }),
    ApiQuery({ name: 'area', required: false, enum: ['calaisis', 'dunkerquois', 'littoral'] }),
    ApiQuery({ name: 'communeCode', required: false, description: 'INSEE code' }),
  ];
  if (csv) {
    decorators.push(
      ApiQuery({
        name: 'sep',
        required: false,
        enum: ['comma', 'semicolon'],
        description: 'semicolon: for spreadsheet software set to French (with a UTF-8 BOM)',
      }),
    );
  }
  return applyDecorators(...decorators);
}
